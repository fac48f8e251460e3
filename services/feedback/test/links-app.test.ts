import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@zuofeng/core';
import { auditKeys, commit, sharedKeys, tenantPk } from '@zuofeng/ddb';
import { feedbackRerated, feedbackSubmitted, problemReported, problemTransitioned } from '@zuofeng/events';
import { intakeKeys } from '@zuofeng/intake/src/app/keys';
import { localSealer } from '@zuofeng/sealing';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import { ulid } from 'ulid';
import { freshTable } from '../../../test/support/ddb';
import { countSatisfaction, satisfactionFigures } from '../../assessment/src/app/satisfaction';
import { applyCaseEvent } from '../src/app/case-status';
import { casesOf, contactViews, openContact, sealContact } from '../src/app/contact';
import type { FeedbackDeps } from '../src/app/deps';
import { feedbackKeys } from '../src/app/keys';
import { linkKeys } from '../src/app/link-keys';
import { createLink, listLinks, revokeLink, updateLink } from '../src/app/links';
import { receiptStatus, rerate } from '../src/app/receipts';
import { contactContext } from '../src/domain/contact';
import { signFormLink } from '../src/domain/form-link';
import { newReceiptCode } from '../src/domain/receipt-code';

const T = 'twp-linktest';
const SECRET = 'links-secret-links-secret-links';
const PHONE = '13912345678';
const CJK = /[\u4e00-\u9fff]/;

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: FeedbackDeps;
let clock = new Date('2026-05-01T01:00:00.000Z');
const sealer = localSealer(Buffer.alloc(32, 9));

const admin: Principal = {
  userId: 'usr-admin',
  tenantId: T,
  roles: ['township_admin'],
  username: 'lt.admin',
};
const accused: Principal = {
  userId: 'usr-accused',
  tenantId: T,
  roles: ['township_admin'],
  username: 'lt.accused',
};

const put = (Item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
const get = async (Key: { pk: string; sk: string }) =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key, ConsistentRead: true }))).Item;
const queryPk = async (pk: string) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];
const auditActions = async () =>
  (await queryPk(auditKeys.partition(T))).filter((i) => i.kind === 'audit').map((i) => i.action as string);

/** A submission as the form writes it: the feedback, its receipt (the submission's own use case is elsewhere). */
async function feedback(extra: Record<string, unknown> = {}) {
  const feedbackId = ulid();
  const receiptCode = newReceiptCode();
  await put({
    ...feedbackKeys.feedback(T, feedbackId),
    kind: 'feedback',
    feedbackId,
    unitId: 'u-dongcun',
    formLinkId: linkId,
    ratings: { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' },
    complaint: '村口路灯坏了',
    receiptCode,
    status: 'received',
    submittedAt: clock.toISOString(),
    ...extra,
  });
  await put({ ...feedbackKeys.receipt(T, receiptCode), kind: 'feedback-receipt', feedbackId });
  return { feedbackId, receiptCode };
}

let linkId: string;
let token: string;

beforeAll(async () => {
  table = await freshTable('feedback-links');
  deps = { doc: table.doc, tableName: table.tableName, formLinkSecret: async () => SECRET, now: () => clock };
  await put({
    ...sharedKeys.profile(T),
    tenantId: T,
    name: '链接镇',
    tenantType: 'township',
    status: 'active',
  });
  await put({ ...sharedKeys.unit(T, 'u-dongcun'), unitId: 'u-dongcun', name: '东村', unitType: 'village' });
  // The accused cadre's sign-in: name → account → person.
  await put({ ...sharedKeys.username('lt.accused'), tenantId: T, accountId: 'acc-accused' });
  await put({ ...tenancyKeys.account(T, 'acc-accused'), accountId: 'acc-accused', personId: 'p-accused' });
  await put({ ...tenancyKeys.person(T, 'p-accused'), personId: 'p-accused', name: '赵德明' });
  await put({ ...sharedKeys.username('lt.admin'), tenantId: T, accountId: 'acc-admin' });
  await put({ ...tenancyKeys.account(T, 'acc-admin'), accountId: 'acc-admin', personId: 'p-admin' });
  const link = await createLink(
    deps,
    admin,
    { unitId: 'u-dongcun', label: '村委会公告栏' },
    'https://x.example',
  );
  linkId = link.linkId;
  token = link.token;
});

afterAll(() => table.drop());

describe('form links', () => {
  it('creates a signed link of a unit, lists it with its URL, and revokes it once, audited', async () => {
    // Prepare (a second later than the first link: the list is newest first)
    clock = new Date(clock.getTime() + 1000);
    const township = await createLink(deps, admin, {}, 'https://x.example');

    // Act
    const listed = await listLinks(deps, T, 'https://x.example');
    const revoked = await revokeLink(deps, admin, township.linkId, 'https://x.example');
    const again = await revokeLink(deps, admin, township.linkId, 'https://x.example');

    // Assess
    expect(township).toMatchObject({ scope: 'township', state: 'active', submissions: 0 });
    expect(township.token).toBe(signFormLink(SECRET, { tenantId: T, linkId: township.linkId }));
    expect(township.url).toBe(`https://x.example/f/${township.token}`);
    expect(listed.items.map((l) => l.linkId)).toEqual([township.linkId, linkId]);
    expect(listed.items[1]).toMatchObject({ scope: 'unit', unitName: '东村', label: '村委会公告栏' });
    expect(revoked.state).toBe('revoked');
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect((await auditActions()).filter((a) => a === 'form-link.revoke')).toHaveLength(1);
  });

  it('refuses a unit of no such id and an expiry in the past', async () => {
    await expect(createLink(deps, admin, { unitId: 'u-nope' }, 'x')).rejects.toMatchObject({ status: 400 });
    await expect(createLink(deps, admin, { validUntil: '2020-01-01T00:00:00Z' }, 'x')).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('changing a link', () => {
  it('changes where it is posted and until when, keeping its token and short URL, audited with before and after', async () => {
    // Prepare: a link of 东村 with a label, counted a submission
    const link = await createLink(
      deps,
      admin,
      { unitId: 'u-dongcun', label: '村口小卖部' },
      'https://x.example',
    );
    const actionsBefore = await auditActions();

    // Act: a typo mended, and a validity to the end of the year (China time)
    const changed = await updateLink(
      deps,
      admin,
      link.linkId,
      { label: '村口小卖部门口', validUntil: '2026-12-31T23:59:59+08:00', version: link.version },
      'https://x.example',
    );
    const cleared = await updateLink(
      deps,
      admin,
      link.linkId,
      { version: changed.version },
      'https://x.example',
    );

    // Assess
    expect(link.version).toBe(0);
    expect(changed).toMatchObject({
      label: '村口小卖部门口',
      validUntil: '2026-12-31T15:59:59.000Z',
      version: 1,
    });
    expect(cleared.version).toBe(2);
    expect([changed.token, changed.shortUrl]).toEqual([link.token, link.shortUrl]);
    expect(cleared.label).toBeUndefined();
    expect(cleared.validUntil).toBeUndefined();
    const stored = await get(feedbackKeys.link(T, link.linkId));
    expect(stored).toMatchObject({ linkId: link.linkId, unitId: 'u-dongcun', shortCode: link.shortCode });
    expect(stored).not.toHaveProperty('label');
    expect((await auditActions()).slice(actionsBefore.length)).toEqual([
      'form-link.update',
      'form-link.update',
    ]);
    const entries = (await queryPk(auditKeys.partition(T))).filter((i) => i.action === 'form-link.update');
    for (const e of entries.slice(-2)) {
      expect(e.entity).toBe(`form-link/${link.linkId}`);
      expect(e.beforeDigest).not.toBe(e.afterDigest);
    }
  });

  it('refuses a change over one made meanwhile, a revoked link, and a past validity, writing nothing', async () => {
    // Prepare: a link changed once (version 1), and a revoked one
    const made = await createLink(deps, admin, { label: '镇政府大门' }, 'https://x.example');
    const link = await updateLink(deps, admin, made.linkId, { label: '镇政府正门', version: 0 }, 'x');
    const revoked = await createLink(deps, admin, {}, 'https://x.example');
    await revokeLink(deps, admin, revoked.linkId, 'x');
    const actionsBefore = await auditActions();

    // Act
    const stale = updateLink(deps, admin, link.linkId, { label: '便民服务中心', version: 0 }, 'x');
    const ofRevoked = updateLink(deps, admin, revoked.linkId, { label: '便民服务中心', version: 0 }, 'x');
    const past = updateLink(
      deps,
      admin,
      link.linkId,
      { validUntil: '2020-01-01T00:00:00Z', version: 1 },
      'x',
    );

    // Assess
    await expect(stale).rejects.toMatchObject({
      status: 409,
      issues: [{ field: 'body.version', reason: expect.anything() }],
    });
    await expect(ofRevoked).rejects.toMatchObject({ status: 409, issues: [{ field: 'path.linkId' }] });
    await expect(past).rejects.toMatchObject({ status: 400, issues: [{ field: 'body.validUntil' }] });
    expect(await get(feedbackKeys.link(T, link.linkId))).toMatchObject({ label: '镇政府正门', version: 1 });
    expect(await auditActions()).toEqual(actionsBefore);
  });

  it('refuses a change when the link changes or is revoked between its read and its write', async () => {
    // Prepare: a table client that lets another clerk act just before this change is written
    const link = await createLink(deps, admin, { label: '卫生院门口' }, 'https://x.example');
    const other = await createLink(deps, admin, { label: '学校门口' }, 'https://x.example');
    const racing = (meanwhile: () => Promise<unknown>): FeedbackDeps => {
      let done = false;
      return {
        ...deps,
        doc: {
          send: async (command: { constructor: { name: string } }) => {
            // Once: the first write attempt (a retry after the audit chain moved must meet the same row).
            if (command.constructor.name === 'TransactWriteCommand' && !done) {
              done = true;
              await meanwhile();
            }
            return (deps.doc.send as (c: unknown) => Promise<unknown>)(command);
          },
        } as unknown as FeedbackDeps['doc'],
      };
    };
    const actionsBefore = await auditActions();

    // Act
    const overtaken = updateLink(
      racing(() => updateLink(deps, admin, link.linkId, { label: '卫生院东门', version: 0 }, 'x')),
      admin,
      link.linkId,
      { label: '卫生院西门', version: 0 },
      'x',
    );
    const revokedMeanwhile = updateLink(
      racing(() => revokeLink(deps, admin, other.linkId, 'x')),
      admin,
      other.linkId,
      { label: '学校大门', version: 0 },
      'x',
    );

    // Assess: each refused as what happened; only the other clerk's writes are stored and audited
    await expect(overtaken).rejects.toMatchObject({ status: 409, issues: [{ field: 'body.version' }] });
    await expect(revokedMeanwhile).rejects.toMatchObject({ status: 409, issues: [{ field: 'path.linkId' }] });
    expect(await get(feedbackKeys.link(T, link.linkId))).toMatchObject({ label: '卫生院东门', version: 1 });
    expect(await get(feedbackKeys.link(T, other.linkId))).toMatchObject({ label: '学校门口', revoked: true });
    expect((await auditActions()).slice(actionsBefore.length).sort()).toEqual([
      'form-link.revoke',
      'form-link.update',
    ]);
  });
});

describe('call-back numbers', () => {
  it('are stored sealed, apart from the case, with a 90-day TTL, and open only in their own context', async () => {
    // Prepare
    const { feedbackId } = await feedback();

    // Act
    const items = await sealContact(
      { sealer, tableName: table.tableName, now: () => clock },
      T,
      feedbackId,
      '139 1234 5678',
    );
    await commit(table.doc, table.tableName, items);

    // Assess
    const row = await get(linkKeys.contact(T, feedbackId));
    expect(row).toMatchObject({ pk: `T#${T}#CONTACT`, masked: '139****5678', sealedBy: 'local' });
    expect(JSON.stringify(row)).not.toContain(PHONE);
    expect(row!.expiresAt).toBe(Math.floor(clock.getTime() / 1000) + 90 * 86400);
    expect(await sealer.open(row!.ciphertext, contactContext(T, feedbackId))).toBe(PHONE);
    await expect(sealer.open(row!.ciphertext, contactContext(T, ulid()))).rejects.toThrow();
    expect(JSON.stringify(await get(feedbackKeys.feedback(T, feedbackId)))).not.toContain('5678');
  });

  it('refuses a number that is not a mobile number, in zh-CN', async () => {
    await expect(
      sealContact({ sealer, tableName: table.tableName, now: () => clock }, T, ulid(), '010-1234567'),
    ).rejects.toMatchObject({
      status: 400,
      issues: [{ field: 'body.phone', reason: expect.stringMatching(CJK) }],
    });
  });

  it('shows masked in lists, sealed whole to the person the feedback names, and not after its retention', async () => {
    // Prepare
    const plain = await feedback();
    const naming = await feedback({ personId: 'p-accused' });
    const byTitle = await feedback({ complaint: '赵书记推了三次，说不归他管' });
    const old = await feedback();
    const seal = (id: string, now = clock) =>
      sealContact({ sealer, tableName: table.tableName, now: () => now }, T, id, PHONE).then((i) =>
        commit(table.doc, table.tableName, i),
      );
    await seal(plain.feedbackId);
    await seal(naming.feedbackId);
    await seal(byTitle.feedbackId);
    await seal(old.feedbackId, new Date(clock.getTime() - 91 * 86400_000));
    const rows = await Promise.all(
      [plain, naming, byTitle, old].map(async (f) => (await get(feedbackKeys.feedback(T, f.feedbackId)))!),
    );

    // Act
    const cases = await casesOf(
      deps,
      T,
      rows.map((r) => r.feedbackId as string),
    );
    const views = await contactViews(deps, admin, rows, cases);
    const accusedViews = await contactViews(deps, accused, rows, cases);

    // Assess
    expect(views.get(plain.feedbackId)).toMatchObject({ sealed: false, masked: '139****5678' });
    expect(views.get(naming.feedbackId)).toMatchObject({ sealed: false, masked: '139****5678' });
    expect(views.get(byTitle.feedbackId)).toMatchObject({ sealed: false, masked: '139****5678' });
    expect(accusedViews.get(plain.feedbackId)).toMatchObject({ sealed: false, masked: '139****5678' });
    for (const f of [naming, byTitle])
      expect(accusedViews.get(f.feedbackId)).toEqual({ sealed: true, expiresAt: expect.any(String) });
    expect(views.has(old.feedbackId)).toBe(false);
    expect(JSON.stringify([...views.values(), ...accusedViews.values()])).not.toContain(PHONE);
  });

  it('opens for the call-back role with a reason, logging and auditing every opening', async () => {
    // Prepare
    const { feedbackId } = await feedback();
    await commit(
      table.doc,
      table.tableName,
      await sealContact({ sealer, tableName: table.tableName, now: () => clock }, T, feedbackId, PHONE),
    );
    const before = (await auditActions()).filter((a) => a === 'feedback.contact.open').length;

    // Act
    const first = await openContact({ ...deps, sealer }, admin, feedbackId, '回电核实路灯位置');
    const second = await openContact({ ...deps, sealer }, admin, feedbackId, '告知办理结果');

    // Assess
    expect(first).toMatchObject({ feedbackId, phone: PHONE });
    expect(second.phone).toBe(PHONE);
    const openings = (await queryPk(tenantPk(T, 'CONTACT', 'OPENINGS'))).filter(
      (o) => o.feedbackId === feedbackId,
    );
    expect(openings.map((o) => o.reason).sort()).toEqual(['告知办理结果', '回电核实路灯位置']);
    expect(openings.every((o) => o.openedBy === 'usr-admin')).toBe(true);
    expect((await auditActions()).filter((a) => a === 'feedback.contact.open')).toHaveLength(before + 2);
  });

  it('never opens for the person the feedback names, nor the subject of its problem, whatever their role', async () => {
    // Prepare: one complaint names the accused; another became a problem whose subject is the accused; a third
    // names them in its own words, by surname and title.
    const named = await feedback({ personId: 'p-accused' });
    const subject = await feedback();
    const inWords = await feedback({ complaint: '找赵副镇长办低保，一直拖着' });
    for (const f of [named, subject, inWords])
      await commit(
        table.doc,
        table.tableName,
        await sealContact({ sealer, tableName: table.tableName, now: () => clock }, T, f.feedbackId, PHONE),
      );
    await put({
      ...linkKeys.case(T, subject.feedbackId),
      feedbackId: subject.feedbackId,
      problemId: ulid(),
      state: 'accepted',
      stateAt: clock.toISOString(),
      personId: 'p-accused',
    });
    const openingsBefore = (await queryPk(tenantPk(T, 'CONTACT', 'OPENINGS'))).length;

    // Act / Assess
    for (const f of [named, subject, inWords])
      await expect(
        openContact({ ...deps, sealer }, accused, f.feedbackId, '想知道是谁'),
      ).rejects.toMatchObject({
        status: 403,
      });
    expect((await queryPk(tenantPk(T, 'CONTACT', 'OPENINGS'))).length).toBe(openingsBefore);
    // Another township admin may.
    expect((await openContact({ ...deps, sealer }, admin, named.feedbackId, '回电')).phone).toBe(PHONE);
    expect((await openContact({ ...deps, sealer }, admin, inWords.feedbackId, '回电')).phone).toBe(PHONE);
  });

  it('answers 404 when no number was left, or its retention ended', async () => {
    const { feedbackId } = await feedback();
    await expect(openContact({ ...deps, sealer }, admin, feedbackId, '回电')).rejects.toMatchObject({
      status: 404,
    });
    await expect(openContact({ ...deps, sealer }, admin, ulid(), '回电')).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('the case projection, receipts and re-rating', () => {
  const ctx = (at: Date) => ({
    tenantId: T,
    actor: { type: 'system' as const, id: 'test' },
    correlationId: 'c',
    occurredAt: at,
  });
  const minutes = (n: number) => new Date(clock.getTime() + n * 60_000);
  const transitioned = (problemId: string, from: string, to: string, action: string, at: Date) =>
    problemTransitioned.create(ctx(at), { problemId, unitId: 'u-dongcun', from, to, action } as never);

  it('follows the problem a complaint became, and ignores an event older than what it shows', async () => {
    // Prepare
    const { feedbackId, receiptCode } = await feedback();
    const problemId = ulid();

    // Act
    await applyCaseEvent(
      deps,
      problemReported.create(ctx(minutes(1)), {
        problemId,
        source: 'public',
        unitId: 'u-dongcun',
        title: '路灯',
        feedbackId,
      }),
    );
    await applyCaseEvent(deps, transitioned(problemId, 'accepted', 'rectifying', 'start', minutes(3)));
    // Delivered late: the accept happened before the start.
    await applyCaseEvent(deps, transitioned(problemId, 'reported', 'accepted', 'accept', minutes(2)));

    // Assess
    expect(await get(linkKeys.case(T, feedbackId))).toMatchObject({ problemId, state: 'rectifying' });
    const r = await receiptStatus(deps, token, receiptCode.toLowerCase().replace(/-/g, ' '));
    expect(r).toMatchObject({ receiptCode, state: { code: 'rectifying' }, rerating: { open: false } });
  });

  it('finds the case from intake when a transition overtakes its problem.reported', async () => {
    const { feedbackId } = await feedback();
    const problemId = ulid();
    await put({ ...intakeKeys.problem(T, problemId), problemId, feedbackId, state: 'accepted' });

    await applyCaseEvent(deps, transitioned(problemId, 'reported', 'accepted', 'accept', minutes(5)));
    await applyCaseEvent(
      deps,
      problemReported.create(ctx(minutes(4)), {
        problemId,
        source: 'public',
        unitId: 'u-dongcun',
        title: 't',
        feedbackId,
      }),
    );

    expect(await get(linkKeys.case(T, feedbackId))).toMatchObject({ state: 'accepted' });
    expect(await get(linkKeys.caseOfProblem(T, problemId))).toMatchObject({ feedbackId });
  });

  it('takes one re-rating per round of sign-off, with feedback.rerated in the same transaction', async () => {
    // Prepare
    const { feedbackId, receiptCode } = await feedback();
    const problemId = ulid();
    await applyCaseEvent(
      deps,
      problemReported.create(ctx(minutes(1)), {
        problemId,
        source: 'public',
        unitId: 'u-dongcun',
        title: 't',
        feedbackId,
      }),
    );
    const outbox = async () =>
      (await queryPk(tenantPk(T, 'OUTBOX')))
        .map((r) => JSON.parse(r.event as string))
        .filter((e) => e.detailType === feedbackRerated.detailType && e.data.feedbackId === feedbackId);

    // Act / Assess: not yet submitted for sign-off
    await expect(
      rerate(deps, { token, code: receiptCode, rating: 'dissatisfied', correlationId: 'c' }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(CJK) });
    expect(await outbox()).toHaveLength(0);

    // Round 1: submitted → 不满意
    await applyCaseEvent(deps, transitioned(problemId, 'rectifying', 'submitted', 'submit', minutes(10)));
    expect((await receiptStatus(deps, token, receiptCode)).rerating.open).toBe(true);
    await rerate(deps, { token, code: receiptCode, rating: 'dissatisfied', correlationId: 'c' });
    await expect(
      rerate(deps, { token, code: receiptCode, rating: 'satisfied', correlationId: 'c' }),
    ).rejects.toMatchObject({
      status: 409,
    });
    expect(await receiptStatus(deps, token, receiptCode)).toMatchObject({
      state: { code: 'rework' },
      rerating: { open: false, given: 'dissatisfied' },
    });
    const [event] = await outbox();
    // The round it speaks of: when the problem was submitted for sign-off (that event's time).
    expect(feedbackRerated.parse(event).data).toEqual({
      feedbackId,
      problemId,
      rating: 'dissatisfied',
      round: minutes(10).toISOString(),
    });

    // Intake sends it back, then round 2: a new submission opens re-rating again.
    await applyCaseEvent(deps, transitioned(problemId, 'submitted', 'rejected', 'rerate', minutes(11)));
    expect((await receiptStatus(deps, token, receiptCode)).state.code).toBe('rework');
    await applyCaseEvent(deps, transitioned(problemId, 'rectifying', 'submitted', 'submit', minutes(20)));
    await rerate(deps, { token, code: receiptCode, rating: 'very_satisfied', correlationId: 'c' });
    expect(await outbox()).toHaveLength(2);
    expect((await auditActions()).filter((a) => a === 'feedback.rerate').length).toBeGreaterThanOrEqual(2);
  });

  it('still answers receipts of a revoked link, and refuses a code of another township', async () => {
    const { receiptCode } = await feedback();
    const other = await createLink(deps, admin, {}, 'x');
    await revokeLink(deps, admin, other.linkId, 'x');

    expect((await receiptStatus(deps, other.token, receiptCode)).state.code).toBe('received');
    const foreign = signFormLink(SECRET, { tenantId: 'twp-other', linkId: other.linkId });
    await expect(receiptStatus(deps, foreign, receiptCode)).rejects.toMatchObject({ status: 404 });
    await expect(receiptStatus(deps, token, 'not-a-code')).rejects.toMatchObject({ status: 400 });
    await expect(receiptStatus(deps, token, newReceiptCode())).rejects.toMatchObject({ status: 404 });
  });

  it('counts each link’s submissions from feedback.submitted, once per event', async () => {
    const before = (await listLinks(deps, T, 'x')).items.find((l) => l.linkId === linkId)!.submissions;
    const event = feedbackSubmitted.create(ctx(clock), {
      feedbackId: ulid(),
      unitId: 'u-dongcun',
      formLinkId: linkId,
      ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' },
    });

    await applyCaseEvent(deps, event);
    await applyCaseEvent(deps, event);

    expect((await listLinks(deps, T, 'x')).items.find((l) => l.linkId === linkId)!.submissions).toBe(
      before + 1,
    );
  });
});

describe('the satisfaction figures (assessment)', () => {
  it('count each level per unit and per township, once per event, and add up', async () => {
    const S = 'twp-figures';
    const submitted = (unitId: string, ratings: Record<string, string>) =>
      feedbackSubmitted.create({ tenantId: S, actor: { type: 'public', id: 'link:x' }, correlationId: 'c' }, {
        feedbackId: ulid(),
        unitId,
        formLinkId: 'l',
        ratings,
      } as never);
    const a = submitted('u-a', { warmth: 'very_satisfied', solved: 'dissatisfied', happiness: 'satisfied' });
    const b = submitted('u-b', {
      warmth: 'basically_satisfied',
      solved: 'very_dissatisfied',
      happiness: 'satisfied',
    });

    expect(await countSatisfaction({ ...deps }, a)).toBe('applied');
    expect(await countSatisfaction({ ...deps }, a)).toBe('duplicate');
    await countSatisfaction({ ...deps }, b);

    const f = await satisfactionFigures(deps, S);
    expect(f.township.feedbacks).toBe(2);
    expect(f.township.questions.solved.counts).toMatchObject({ dissatisfied: 1, very_dissatisfied: 1 });
    expect(f.township.index).toBe(66.7);
    expect(f.units.map((u) => u.unitId).sort()).toEqual(['u-a', 'u-b']);
    expect(f.units.reduce((s, u) => s + u.feedbacks, 0)).toBe(f.township.feedbacks);
    const scan = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'kind = :k',
        ExpressionAttributeValues: { ':k': 'satisfaction-figures' },
      }),
    );
    expect(scan.Items).toHaveLength(3);
  });
});

afterEach(() => {
  clock = new Date(clock.getTime() + 1000);
});
