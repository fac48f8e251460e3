import { demoLinks } from '../../packages/local/src';
import { residentAddress, submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { submissionRows } from '../support/submission-rows';

/**
 * A village meeting scans the poster together: forty phones on the committee's Wi-Fi (one address, as a
 * carrier's CGNAT also gives) submit to one link in the same moment. Every one is stored, once, with a receipt of its own; the audit chain takes their
 * entries from the events afterwards and still verifies. (Writing each entry in the request made them queue
 * on the township's chain head, and the unlucky ones answered 500.)
 */
const QINGSHAN = 'twp-qingshan';
const RESIDENTS = 40;
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t?.stop());

it('stores every one of a burst of residents on one link, and the audit chain still verifies', async () => {
  const link = demoLinks(TEST_SECRET)[0]!;
  const before = await submissionRows(t, QINGSHAN);
  const wifi = residentAddress();
  const answers = await Promise.all(
    Array.from({ length: RESIDENTS }, (_, i) =>
      submitAsResident(t, link.token, { ratings, complaint: `村民大会上一起扫码 ${i}` }, { from: wifi }),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(RESIDENTS).fill(201));
  expect(new Set(answers.map((a) => a.json.receiptCode)).size).toBe(RESIDENTS);

  const after = await submissionRows(t, QINGSHAN);
  expect(after).toMatchObject({
    feedback: before.feedback + RESIDENTS,
    receipts: before.receipts + RESIDENTS,
    outbox: before.outbox + RESIDENTS,
    audit: before.audit + RESIDENTS,
  });
  const verify = await t.api('GET', '/audit/verify', { token: await t.token('qingshan.admin') });
  expect(verify.status).toBe(200);
  expect(verify.json).toMatchObject({ valid: true });
  expect(verify.json.entries).toBeGreaterThanOrEqual(after.audit);
}, 120_000);
