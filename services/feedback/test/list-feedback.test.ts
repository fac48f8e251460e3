import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@zuofeng/core';
import { monotonicFactory, ulid } from 'ulid';
import { freshTable } from '../../../test/support/ddb';
import type { FeedbackDeps } from '../src/app/deps';
import { feedbackKeys } from '../src/app/keys';
import { type FeedbackQuery, listFeedback, MAX_EXAMINED, submittedRange } from '../src/app/list-feedback';

/**
 * GET /feedback's filters against DynamoDB Local: the days as a range of the time-ordered sort key (China
 * time), the rest as a filter read on chunk by chunk, and pages that never drop a match.
 */
type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: FeedbackDeps;

const GOOD = { warmth: 'satisfied', solved: 'very_satisfied', happiness: 'basically_satisfied' };
const BAD = { warmth: 'satisfied', solved: 'very_dissatisfied', happiness: 'satisfied' };
const cst = (local: string) => Date.parse(`${local}+08:00`);
const staff = (tenantId: string): Principal => ({
  userId: 'usr-list',
  tenantId,
  roles: ['township_admin'],
  username: 'list.admin',
});

interface Seed {
  at: number;
  unitId?: string;
  bad?: boolean;
  complaint?: string;
}

/** Submissions as the form stores them, written 25 at a time; their ids, in the order given. */
async function seed(tenantId: string, rows: Seed[]): Promise<string[]> {
  const next = monotonicFactory();
  const items = rows.map((r) => {
    const feedbackId = next(r.at);
    return {
      ...feedbackKeys.feedback(tenantId, feedbackId),
      kind: 'feedback',
      feedbackId,
      unitId: r.unitId ?? 'u-dongcun',
      formLinkId: 'lnk',
      ratings: r.bad ? BAD : GOOD,
      ...(r.complaint !== undefined ? { complaint: r.complaint } : {}),
      receiptCode: feedbackId,
      status: r.complaint ? 'received' : 'rated',
      submittedAt: new Date(r.at).toISOString(),
    };
  });
  for (let i = 0; i < items.length; i += 25)
    await table.doc.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  return items.map((i) => i.feedbackId);
}

const list = (tenantId: string, q: Partial<FeedbackQuery> = {}) =>
  listFeedback(deps, staff(tenantId), { limit: 100, ...q });

/** Every page of a filtered list, `limit` at a time. */
async function allPages(tenantId: string, q: Partial<FeedbackQuery>) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list(tenantId, { ...q, cursor });
    pages.push(page.items.map((i) => i.feedbackId));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 200);
  return pages;
}

beforeAll(async () => {
  table = await freshTable('feedback-list');
  deps = {
    doc: table.doc,
    tableName: table.tableName,
    formLinkSecret: async () => 'unused-unused-unused-unused-unused',
    now: () => new Date(),
  };
});
afterAll(() => table.drop());

describe('submittedRange', () => {
  it('covers the from day from 00:00 to the to day at 23:59:59.999, China time', () => {
    // Prepare
    const { lo, hi } = submittedRange('twp-range', { from: '2026-05-10', to: '2026-05-12' })!;
    const sk = (ms: number) => feedbackKeys.feedback('twp-range', ulid(ms)).sk;
    const inside = (ms: number) => sk(ms) >= lo && sk(ms) <= hi;

    // Assess
    expect(inside(cst('2026-05-10T00:00:00.000'))).toBe(true);
    expect(inside(cst('2026-05-12T23:59:00.000'))).toBe(true);
    expect(inside(cst('2026-05-12T23:59:59.999'))).toBe(true);
    expect(inside(cst('2026-05-09T23:59:59.999'))).toBe(false);
    expect(inside(cst('2026-05-13T00:00:00.000'))).toBe(false);
    // 00:00 China time is 16:00 UTC the day before: the bound is not a UTC day.
    expect(inside(Date.parse('2026-05-12T16:00:00.000Z'))).toBe(false);
    expect(inside(Date.parse('2026-05-12T15:59:59.999Z'))).toBe(true);
  });

  it('is open at the end a filter leaves out, and absent without days', () => {
    const onlyFrom = submittedRange('twp-range', { from: '2026-05-10' })!;
    expect(feedbackKeys.feedback('twp-range', ulid(Date.now())).sk <= onlyFrom.hi).toBe(true);
    const onlyTo = submittedRange('twp-range', { to: '2026-05-10' })!;
    expect(feedbackKeys.feedback('twp-range', ulid(1)).sk >= onlyTo.lo).toBe(true);
    expect(submittedRange('twp-range', {})).toBeUndefined();
  });
});

describe('listFeedback with filters', () => {
  it('includes a submission at 23:59 China time on the to day and leaves out 00:00 the next day', async () => {
    // Prepare
    const T = 'twp-days';
    const [dayBefore, first, last, nextDay] = await seed(T, [
      { at: cst('2026-05-09T23:59:59.999') },
      { at: cst('2026-05-10T00:00:00.000') },
      { at: cst('2026-05-12T23:59:00.000') },
      { at: cst('2026-05-13T00:00:00.000') },
    ]);

    // Act
    const res = await list(T, { from: '2026-05-10', to: '2026-05-12' });

    // Assess: newest first, the two days' bounds exactly
    expect(res.items.map((i) => i.feedbackId)).toEqual([last, first]);
    expect(res.nextCursor).toBeUndefined();
    expect((await list(T, { to: '2026-05-09' })).items.map((i) => i.feedbackId)).toEqual([dayBefore]);
    expect((await list(T, { from: '2026-05-13' })).items.map((i) => i.feedbackId)).toEqual([nextDay]);
  });

  it('filters by unit, complaint and 差评, alone and together', async () => {
    // Prepare
    const T = 'twp-filters';
    const base = cst('2026-06-01T09:00:00.000');
    const rows: Seed[] = [
      { at: base, unitId: 'u-east', bad: true, complaint: '路灯坏了' },
      { at: base + 1000, unitId: 'u-east', bad: false },
      { at: base + 2000, unitId: 'u-west', bad: true },
      { at: base + 3000, unitId: 'u-west', bad: false, complaint: '建议修路' },
      { at: base + 4000, unitId: 'u-east', bad: false, complaint: '' },
    ];
    const ids = await seed(T, rows);
    const expected = (keep: (r: Seed) => boolean) => ids.filter((_, i) => keep(rows[i]!)).reverse();
    const got = async (q: Partial<FeedbackQuery>) => (await list(T, q)).items.map((i) => i.feedbackId);

    // Act, Assess
    expect(await got({ unitId: 'u-east' })).toEqual(expected((r) => r.unitId === 'u-east'));
    expect(await got({ complaint: 'with' })).toEqual(expected((r) => !!r.complaint));
    // An empty text counts as none, as the console shows it.
    expect(await got({ complaint: 'without' })).toEqual(expected((r) => !r.complaint));
    expect(await got({ bad: 'true' })).toEqual(expected((r) => !!r.bad));
    expect(await got({ bad: 'false' })).toEqual(expected((r) => !r.bad));
    expect(await got({ unitId: 'u-east', bad: 'true', complaint: 'with' })).toEqual([ids[0]]);
    expect(await got({ unitId: 'u-west', bad: 'false', from: '2026-06-01', to: '2026-06-01' })).toEqual([
      ids[3],
    ]);
    expect(await got({ unitId: 'u-west', from: '2026-06-02' })).toEqual([]);
  });

  it('reads on past non-matching chunks, ends a full page with a cursor, and the next page continues', async () => {
    // Prepare: matches far apart, each behind more non-matching submissions than one read holds
    const T = 'twp-sparse';
    const base = cst('2026-07-01T08:00:00.000');
    const rows: Seed[] = [];
    for (let i = 0; i < 900; i++)
      rows.push({ at: base + i * 1000, unitId: i % 300 === 0 ? 'u-rare' : 'u-busy' });
    const ids = await seed(T, rows);
    const rare = ids.filter((_, i) => i % 300 === 0).reverse();

    // Act
    const first = await list(T, { unitId: 'u-rare', limit: 2 });
    const second = await list(T, { unitId: 'u-rare', limit: 2, cursor: first.nextCursor });

    // Assess
    expect(first.items.map((i) => i.feedbackId)).toEqual(rare.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(second.items.map((i) => i.feedbackId)).toEqual(rare.slice(2));
    expect((await allPages(T, { unitId: 'u-busy', limit: 13 })).flat()).toEqual(
      ids.filter((_, i) => i % 300 !== 0).reverse(),
    );
  });

  it(`stops after ${MAX_EXAMINED} examined with a cursor, and never drops the match beyond`, async () => {
    // Prepare: one match behind more submissions than one request reads
    const T = 'twp-budget';
    const base = cst('2026-08-01T08:00:00.000');
    const rows: Seed[] = [{ at: base, bad: true }];
    for (let i = 1; i <= MAX_EXAMINED + 50; i++) rows.push({ at: base + i * 1000 });
    const [match] = await seed(T, rows);

    // Act
    const pages = await allPages(T, { bad: 'true', limit: 20 });

    // Assess: a short (empty) page says there is more, and the match comes on the next one
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toEqual([]);
    expect(pages.flat()).toEqual([match]);
  });

  it('answers 400 for a cursor outside the days asked for', async () => {
    // Prepare: a cursor of the unfiltered list (after 05-13), then only days before it
    const T = 'twp-days';
    const page = await list(T, { limit: 1 });

    // Act
    const res = list(T, { limit: 1, cursor: page.nextCursor, to: '2026-05-09' });

    // Assess
    await expect(res).rejects.toMatchObject({ name: 'ValidationError', issues: [{ field: 'query.cursor' }] });
  });
});
