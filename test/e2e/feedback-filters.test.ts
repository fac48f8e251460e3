import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { demoLinks } from '../../packages/local/src';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { clearOfWindowEdge, submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';

/**
 * GET /feedback filters on the server, over HTTP against the local runtime: residents rate two villages
 * well and badly, with and without a problem written; the township office's list answers each filter and a
 * combination, pages a filtered list with a cursor that keeps the filters, keeps another township's office
 * out (the tenant comes from the token, whatever the query says), and refuses a malformed day by name.
 */
const T = 'twp-qingshan';
const GOOD = { warmth: 'very_satisfied', solved: 'satisfied', happiness: 'basically_satisfied' };
const BAD = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'very_dissatisfied' };
const BAD_RATINGS = ['dissatisfied', 'very_dissatisfied'];

interface Item {
  feedbackId: string;
  unitId: string;
  ratings: Record<string, string>;
  complaint?: string;
  submittedAt: string;
}
interface Mine {
  feedbackId: string;
  unitId: string;
  bad: boolean;
  complaint: boolean;
}

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;
const mine: Mine[] = [];
/** Today in China time, and the days either side of it. */
const cstDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));
/** The China-time day of the submissions, which the tests query by even if they run past midnight. */
let today = '';
/** The day before or after a YYYY-MM-DD day. */
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Beijing midnight (16:00 UTC) is a window edge like a rate limit's: submit the seven on one day. */
const CHINA_DAY = { seconds: 86_400, offsetMs: 8 * 3_600_000 };

const isBad = (i: Item) => Object.values(i.ratings).some((r) => BAD_RATINGS.includes(r));
const list = (query: Record<string, string>, token = admin) =>
  t.api('GET', `/feedback?${new URLSearchParams({ limit: '100', ...query })}`, {
    token,
    headers: { 'accept-language': 'zh-CN' },
  });
/** Ours among the items, newest first. */
const ours = (items: Item[]) => {
  const ids = new Set(mine.map((m) => m.feedbackId));
  return items.filter((i) => ids.has(i.feedbackId)).map((i) => i.feedbackId);
};
const expected = (keep: (m: Mine) => boolean) =>
  mine
    .filter(keep)
    .map((m) => m.feedbackId)
    .reverse();

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
  // 东村 and 西村 of 青山镇 (the seed's first two form links).
  const [dongcun, xicun] = demoLinks(TEST_SECRET).map((l) => l.token) as [string, string];
  await clearOfWindowEdge(CHINA_DAY.seconds, 120_000, CHINA_DAY.offsetMs);
  today = cstDay(Date.now());
  const plan: [string, string, boolean, string?][] = [
    [dongcun, 'u-dongcun', false],
    [dongcun, 'u-dongcun', true, '村口路灯坏了三个月'],
    [xicun, 'u-xicun', true],
    [xicun, 'u-xicun', false, '建议在村部装一个饮水机'],
    [xicun, 'u-xicun', true, '低保复核材料要跑三趟'],
    [dongcun, 'u-dongcun', false, '希望多开几次院坝会'],
    [xicun, 'u-xicun', true, '垃圾清运不及时'],
  ];
  // One after another: ids are time-ordered, and the test reads them back newest first.
  for (const [token, unitId, bad, complaint] of plan) {
    const res = await submitAsResident(t, token, {
      ratings: bad ? BAD : GOOD,
      ...(complaint ? { complaint } : {}),
    });
    expect(res.status).toBe(201);
    const receipt = await t.doc.send(
      new GetCommand({ TableName: t.tableName, Key: feedbackKeys.receipt(T, res.json.receiptCode) }),
    );
    mine.push({ feedbackId: receipt.Item!.feedbackId as string, unitId, bad, complaint: !!complaint });
  }
  expect(cstDay(Date.now())).toBe(today);
  // Room for a wait of up to two minutes before Beijing midnight.
}, 240_000);
afterAll(() => t?.stop());

describe('GET /feedback with filters', () => {
  it('answers each filter with exactly the matching submissions', async () => {
    const cases: [Record<string, string>, (i: Item) => boolean, (m: Mine) => boolean][] = [
      [{ unitId: 'u-xicun' }, (i) => i.unitId === 'u-xicun', (m) => m.unitId === 'u-xicun'],
      [{ complaint: 'with' }, (i) => !!i.complaint, (m) => m.complaint],
      [{ complaint: 'without' }, (i) => !i.complaint, (m) => !m.complaint],
      [{ bad: 'true' }, isBad, (m) => m.bad],
      [{ bad: 'false' }, (i) => !isBad(i), (m) => !m.bad],
      [{ from: today, to: today }, (i) => cstDay(Date.parse(i.submittedAt)) === today, () => true],
      [
        { unitId: 'u-dongcun', bad: 'false', complaint: 'with', from: today },
        (i) => i.unitId === 'u-dongcun' && !isBad(i) && !!i.complaint,
        (m) => m.unitId === 'u-dongcun' && !m.bad && m.complaint,
      ],
    ];
    for (const [query, matches, ourMatch] of cases) {
      // Act
      const res = await list(query);

      // Assess: every item returned matches, and none of ours that matches is missing
      expect([query, res.status]).toEqual([query, 200]);
      const items = res.json.items as Item[];
      expect([query, items.filter((i) => !matches(i))]).toEqual([query, []]);
      expect([query, ours(items)]).toEqual([query, expected(ourMatch)]);
    }
  });

  it('leaves out the days outside from–to (China time)', async () => {
    const yesterday = shiftDay(today, -1);
    const tomorrow = shiftDay(today, 1);
    expect(ours((await list({ to: yesterday })).json.items)).toEqual([]);
    expect(ours((await list({ from: tomorrow })).json.items)).toEqual([]);
    expect(ours((await list({ from: yesterday, to: tomorrow })).json.items)).toEqual(expected(() => true));
  });

  it('pages a filtered list: a small limit gives nextCursor, and the next page continues with the filters', async () => {
    // Prepare
    const query = { unitId: 'u-xicun', bad: 'true', from: today, to: today };
    const whole = (await list(query)).json.items as Item[];
    expect(ours(whole)).toEqual(expected((m) => m.unitId === 'u-xicun' && m.bad));

    // Act: two at a time, following the cursor with the same filters
    const first = await list({ ...query, limit: '2' });
    const pages: Item[][] = [first.json.items];
    let cursor: string | undefined = first.json.nextCursor;
    while (cursor && pages.length < 20) {
      const next = await list({ ...query, limit: '2', cursor });
      expect(next.status).toBe(200);
      pages.push(next.json.items);
      cursor = next.json.nextCursor;
    }

    // Assess
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    expect(pages.flat().map((i) => i.feedbackId)).toEqual(whole.map((i) => i.feedbackId));
  });

  it("shows another township's office none of it, whatever the query names", async () => {
    // Act
    const other = await t.token('baishui.admin');
    const all = await list({}, other);
    const byUnit = await list({ unitId: 'u-xicun', bad: 'true' }, other);
    const tenantInQuery = await list({ tenantId: T, from: today }, other);

    // Assess
    for (const res of [all, byUnit, tenantInQuery]) {
      expect(res.status).toBe(200);
      expect(ours(res.json.items)).toEqual([]);
    }
    expect(byUnit.json.items).toEqual([]);
  });

  it('refuses a malformed day, and a to before from, naming the field', async () => {
    // Act
    const badFrom = await list({ from: '2026-13-01' });
    const notADay = await list({ from: '2026/05/01' });
    const reversed = await list({ from: today, to: shiftDay(today, -1) });
    const badFlag = await list({ bad: 'yes' });

    // Assess
    expect(badFrom.status).toBe(400);
    expect(badFrom.json.errors).toEqual([
      { field: 'query.from', reason: expect.stringMatching(/没有这一天/) },
    ]);
    expect(notADay.status).toBe(400);
    expect(notADay.json.errors).toEqual([
      { field: 'query.from', reason: expect.stringContaining('YYYY-MM-DD') },
    ]);
    expect(reversed.status).toBe(400);
    expect(reversed.json.errors).toEqual([{ field: 'query.to', reason: '截止日期不能早于起始日期' }]);
    expect(badFlag.status).toBe(400);
    expect(badFlag.json.errors).toEqual([{ field: 'query.bad', reason: expect.any(String) }]);
  });
});
