import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { issueChallenge } from '../../services/feedback/src/app/abuse/challenge';
import { ABUSE_DEFAULTS } from '../../services/feedback/src/app/abuse/config';
import { deriveSecret } from '../../services/feedback/src/app/abuse/secrets';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { solveAltcha } from '../support/altcha';
import {
  CJK,
  clearOfWindowEdge,
  fetchChallenge,
  linkIdOf,
  post,
  RECEIPT_CODE,
  residentAddress,
  submitAsResident,
  waitOutFillTime,
} from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { submissionRows } from '../support/submission-rows';

/**
 * The public form's abuse protection over HTTP, against the local runtime on DynamoDB Local (issue 5, "What it
 * must show"): a replayed ALTCHA solution, a filled honeypot, a too-fast fill, a double tap with one
 * Idempotency-Key, an oversized body, a revoked link and an address over its rate limit are each rejected or
 * deduplicated, and nothing extra is stored. The defaults hold here, except the minimum fill time: 500 ms
 * instead of 3 s, long enough that a form posted at once is reliably "too fast".
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
const QINGSHAN = 'twp-qingshan';
const MIN_FILL_MS = 500;
const ratings = { warmth: 'satisfied', solved: 'basically_satisfied', happiness: 'satisfied' };

/** Qingshan's demo links (four). */
const links = () => demoLinks(TEST_SECRET).filter((l) => l.token.startsWith(`${QINGSHAN}.`));

beforeAll(async () => {
  t = await startTestRuntime({}, { minFillMs: MIN_FILL_MS });
});
afterAll(() => t?.stop());

/** What a submission writes in the township, counted (test/support/submission-rows.ts). */
const stored = (tenantId = QINGSHAN) => submissionRows(t, tenantId);
const plus = (s: Awaited<ReturnType<typeof stored>>, n: number, idempotency = 0) => ({
  feedback: s.feedback + n,
  receipts: s.receipts + n,
  outbox: s.outbox + n,
  audit: s.audit + n,
  nonces: s.nonces + n,
  idempotency: s.idempotency + idempotency,
});

const feedbackUrl = (token: string) => `${t.rt.url}/public/forms/${token}/feedback`;

it('rejects a replayed ALTCHA solution and stores nothing for it', async () => {
  const { token } = links()[0]!;
  const first = await submitAsResident(t, token, { ratings, complaint: `重放 ${ulid()}` });
  expect(first.status).toBe(201);
  const before = await stored();

  const replay = await post(feedbackUrl(token), {
    ratings,
    complaint: '同一个验证再交一次',
    altcha: first.altcha,
  });

  expect(replay.status).toBe(400);
  expect(replay.json.type).toMatch(/challenge_used$/);
  expect(replay.json.detail).toMatch(CJK);
  expect(await stored()).toEqual(before);
});

it('answers a filled honeypot with a normal-looking 201, and stores nothing', async () => {
  const { token } = links()[1]!;
  const before = await stored();

  const res = await submitAsResident(t, token, {
    ratings,
    complaint: '广告',
    website: 'http://spam.example',
  });

  expect(res.status).toBe(201);
  expect(res.json.receiptCode).toMatch(RECEIPT_CODE);
  expect(res.json.message).toMatch(/提交成功/);
  expect(await stored()).toEqual(before);
});

it('answers a form filled in too fast with a normal-looking 201, and stores nothing', async () => {
  const { token } = links()[1]!;
  const before = await stored();
  // The challenge as the server signs it, dated a second from now: the post is sooner than the minimum fill
  // time however slowly a loaded machine solves and sends it.
  const challenge = await issueChallenge(
    deriveSecret(TEST_SECRET, 'altcha'),
    { tenantId: QINGSHAN, linkId: linkIdOf(token) },
    new Date(Date.now() + 1000),
    { ...ABUSE_DEFAULTS, minFillMs: MIN_FILL_MS },
  );

  const res = await post(feedbackUrl(token), { ratings, altcha: solveAltcha(challenge) });

  expect(res.status).toBe(201);
  expect(res.json.receiptCode).toMatch(RECEIPT_CODE);
  expect(await stored()).toEqual(before);
});

it('stores one submission for a double tap with the same Idempotency-Key, and answers both with its receipt', async () => {
  const { token } = links()[2]!;
  const challenge = await fetchChallenge(t, token);
  const body = { ratings, complaint: `双击 ${ulid()}`, altcha: solveAltcha(challenge) };
  const headers = { 'idempotency-key': ulid() };
  await waitOutFillTime(challenge);
  const before = await stored();

  // Two taps racing, then a retry after a dropped connection.
  const [a, b] = await Promise.all([
    post(feedbackUrl(token), body, { headers }),
    post(feedbackUrl(token), body, { headers }),
  ]);
  const retry = await post(feedbackUrl(token), body, { headers });

  expect([a.status, b.status, retry.status]).toEqual([201, 201, 201]);
  expect(a.json.receiptCode).toMatch(RECEIPT_CODE);
  expect(b.json.receiptCode).toBe(a.json.receiptCode);
  expect(retry.json.receiptCode).toBe(a.json.receiptCode);
  expect(await stored()).toEqual(plus(before, 1, 1));
  // The receipt leads to the one stored submission.
  const receipt = await t.doc.send(
    new GetCommand({ TableName: t.tableName, Key: feedbackKeys.receipt(QINGSHAN, a.json.receiptCode) }),
  );
  expect(receipt.Item?.feedbackId).toEqual(expect.any(String));
});

it('answers an oversized body with 413 in zh-CN, and stores nothing', async () => {
  const { token } = links()[2]!;
  const before = await stored();

  // The size is checked before anything else, the challenge included.
  const res = await post(feedbackUrl(token), { ratings, complaint: '长'.repeat(5000), altcha: 'eyJ9' });

  expect(res.status).toBe(413);
  expect(res.json.title).toBe('提交的内容太大');
  expect(res.json.detail).toMatch(/8 KB/);
  expect(await stored()).toEqual(before);
});

it('answers a revoked link with 410 in zh-CN, even with a solved challenge, and stores nothing', async () => {
  const { token } = links()[3]!;
  const challenge = await fetchChallenge(t, token);
  const altcha = solveAltcha(challenge);
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: feedbackKeys.link(QINGSHAN, linkIdOf(token)),
      UpdateExpression: 'SET revoked = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );
  const before = await stored();

  const res = await post(feedbackUrl(token), { ratings, altcha });
  const again = await t.api('GET', `/public/forms/${token}/challenge`);

  expect(res.status).toBe(410);
  expect(res.json.detail).toBe('该链接已停用');
  expect(again.status).toBe(410);
  expect(await stored()).toEqual(before);
});

const PER_ADDRESS = ABUSE_DEFAULTS.rateLimits.perAddress;
it(`answers 429 in zh-CN once an address passes its limit (${PER_ADDRESS.max} in ${PER_ADDRESS.windowSeconds / 60} minutes), and stores nothing more`, async () => {
  const { token } = links()[0]!;
  const phone = residentAddress();
  const from = phone ? { from: phone } : {};
  // One more form than the limit, opened at once, each with its own challenge, filled in and sent in turn.
  const n = PER_ADDRESS.max;
  const challenges = await Promise.all(Array.from({ length: n + 1 }, () => fetchChallenge(t, token)));
  await waitOutFillTime(challenges.at(-1)!);
  // Counted before the wait for the window: the count may wait on audit entries, and the minute is the posts'
  const before = await stored();
  await clearOfWindowEdge(PER_ADDRESS.windowSeconds);
  const windowOf = () => Math.floor(Date.now() / (PER_ADDRESS.windowSeconds * 1000));
  const window = windowOf();
  for (const c of challenges.slice(0, n)) {
    expect((await post(feedbackUrl(token), { ratings, altcha: solveAltcha(c) }, from)).status).toBe(201);
  }

  // Sent straight after the n others (counting what they stored waits for their audit entries, which may
  // take long after a burst: that count comes after, so the window is spent on the posts alone)
  const res = await post(feedbackUrl(token), { ratings, altcha: solveAltcha(challenges[n]!) }, from);

  expect(windowOf()).toBe(window); // one window, as clearOfWindowEdge left a minute for the posts
  expect(res.status).toBe(429);
  expect(res.json.title).toBe('提交太频繁，请稍后再试');
  expect(res.json.detail).toMatch(/分钟后再试/);
  expect(await stored()).toEqual(plus(before, n));
  // Another phone on the same link is not held back, and the refused solution was not spent.
  const other = await post(feedbackUrl(token), { ratings, altcha: solveAltcha(challenges[n]!) });
  expect(other.status).toBe(201);
  // Room for the wait at a window's edge (up to a minute) before the submissions.
}, 180_000);
