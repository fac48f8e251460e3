import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from '@zuofeng/ddb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import { httpEvent, invoke } from '../../../packages/http/test/events/factory';
import { type AltchaChallenge, issuedAtOf, solveAltcha } from '../../../test/support/altcha';
import { clearOfWindowEdge, distinctOctets } from '../../../test/support/feedback';
import { issueChallenge } from '../src/app/abuse/challenge';
import { ABUSE_DEFAULTS } from '../src/app/abuse/config';
import { deriveSecret } from '../src/app/abuse/secrets';
import { feedbackKeys } from '../src/app/keys';
import { A, CJK, feedbackHandlerFixture, SECRET } from './handler-fixture';

/**
 * The public form's abuse protection through the feedback handler, on DynamoDB Local: what each check answers
 * and exactly what it writes. Limits are lowered here (2 per address, 3 per link) so they are quick to reach.
 */
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const MIN_FILL_MS = 150;
const ENV = {
  FEEDBACK_MIN_FILL_MS: String(MIN_FILL_MS),
  FEEDBACK_RATE_PER_ADDRESS: '2',
  FEEDBACK_RATE_PER_LINK: '3',
};
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' };

const f = feedbackHandlerFixture('feedback-abuse', ENV);
const { countItems, partition } = f;
const newLink = (fields: Record<string, unknown> = {}) => f.newLink({ unitId: 'u-dongcun', ...fields });

/** An address no other request of this file came from (test/support/feedback.ts). */
const randomIp = () => `10.${distinctOctets()}`;

const getChallenge = (token: string) =>
  invoke(
    f.handler,
    httpEvent({
      method: 'GET',
      path: `/public/forms/${token}/challenge`,
      route: '/public/forms/{token}/challenge',
      pathParameters: { token },
    }),
  );

function post(token: string, body: unknown, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  const event: APIGatewayProxyEventV2 = httpEvent({
    method: 'POST',
    path: `/public/forms/${token}/feedback`,
    route: '/public/forms/{token}/feedback',
    pathParameters: { token },
    body,
    headers: opts.headers ?? {},
  });
  event.requestContext.http.sourceIp = opts.ip ?? randomIp();
  return invoke(f.handler, event);
}

/** A solved challenge for the link, past the minimum fill time. */
async function solved(token: string, { wait = true } = {}): Promise<string> {
  const c = await getChallenge(token);
  expect(c.status).toBe(200);
  if (wait) {
    const left = issuedAtOf(c.json) + MIN_FILL_MS + 5 - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  return solveAltcha(c.json as AltchaChallenge);
}

/** Every refusal reads as zh-CN: its title, its detail and each reason. */
function expectZh(res: { json: { title: string; detail?: string; errors?: { reason: string }[] } }) {
  expect(res.json.title).toMatch(CJK);
  expect(res.json.detail).toMatch(CJK);
  for (const e of res.json.errors ?? []) expect(e.reason).toMatch(CJK);
}

describe('GET /public/forms/{token}/challenge', () => {
  it('answers an ALTCHA challenge for a live link and stores nothing', async () => {
    const { linkId, token } = await newLink();
    const before = await countItems();

    const res = await getChallenge(token);

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toMatchObject({
      algorithm: 'SHA-256',
      maxnumber: 50_000,
      minFillMs: MIN_FILL_MS,
      challenge: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(res.json.salt).toContain(`link=${linkId}`);
    expect(Date.parse(res.json.expiresAt) - Date.now()).toBeGreaterThan(19 * 60_000);
    expect(await countItems()).toBe(before);
  });

  it('refuses a revoked link (410) and a forged one (404) in zh-CN', async () => {
    const revoked = await newLink({ revoked: true });
    const { token } = await newLink();

    const gone = await getChallenge(revoked.token);
    const forged = await getChallenge(`${token.slice(0, -2)}xx`);

    expect(gone.status).toBe(410);
    expectZh(gone);
    expect(forged.status).toBe(404);
    expectZh(forged);
  });
});

describe('proof of work and its nonce store', () => {
  it('records the used challenge (with a TTL) and the two windows, and never the client address', async () => {
    const { linkId, token } = await newLink();
    const altcha = await solved(token);
    const challenge = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8'));

    const res = await post(token, { ratings, altcha }, { ip: '203.0.113.77' });

    expect(res.status).toBe(201);
    const nonce = (await partition(tenantPk(A, 'ALTCHA'))).find((i) => i.sk === challenge.signature);
    const expires = Number(new URLSearchParams(challenge.salt.split('?')[1]).get('expires'));
    expect(nonce).toMatchObject({ kind: 'altcha-nonce', expiresAt: expires + 3600 });
    const windows = (await partition(tenantPk(A, 'RATE'))).filter(
      (i) => i.sk.startsWith(`LINK#${linkId}#`) || i.n === 1,
    );
    expect(windows.find((w) => w.sk.startsWith(`LINK#${linkId}#`))).toMatchObject({
      kind: 'rate-window',
      n: 1,
    });
    for (const w of windows) expect(w.expiresAt).toEqual(expect.any(Number));
    const all = await f.table.doc.send(new ScanCommand({ TableName: f.table.tableName }));
    expect(JSON.stringify(all.Items)).not.toContain('203.0.113.77');
  });

  it('refuses a replayed solution with a 400 that says so, and stores nothing', async () => {
    const { token } = await newLink();
    const altcha = await solved(token);
    expect((await post(token, { ratings, altcha })).status).toBe(201);
    const before = await countItems();

    const replay = await post(token, { ratings, complaint: '再来一次', altcha });

    expect(replay.status).toBe(400);
    expect(replay.json.type).toMatch(/challenge_used$/);
    expect(replay.json.detail).toMatch(/用过/);
    expect(replay.json.errors).toEqual([{ field: 'body.altcha', reason: expect.stringMatching(CJK) }]);
    expectZh(replay);
    expect(await countItems()).toBe(before);
  });

  it('refuses an expired challenge, one for another link, and a missing one, each in zh-CN', async () => {
    const { linkId, token } = await newLink();
    const other = await newLink();
    const key = deriveSecret(SECRET, 'altcha');
    const old = await issueChallenge(
      key,
      { tenantId: A, linkId },
      new Date(Date.now() - 21 * 60_000),
      ABUSE_DEFAULTS,
    );
    const before = await countItems();

    const expired = await post(token, { ratings, altcha: solveAltcha(old) });
    const elsewhere = await post(token, { ratings, altcha: await solved(other.token, { wait: false }) });
    const missing = await post(token, { ratings });

    expect(expired.status).toBe(400);
    expect(expired.json.type).toMatch(/challenge_expired$/);
    expect(expired.json.detail).toMatch(/过期/);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.type).toMatch(/challenge_invalid$/);
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: 'body.altcha', reason: expect.stringMatching(CJK) }]);
    for (const r of [expired, elsewhere, missing]) expectZh(r);
    expect(await countItems()).toBe(before);
  });
});

describe('suspected bots', () => {
  it('answers a filled honeypot with a normal-looking 201 and stores nothing', async () => {
    const { token } = await newLink();
    const altcha = await solved(token);
    const before = await countItems();

    const res = await post(token, { ratings, complaint: '广告', altcha, website: 'http://spam.example' });

    expect(res.status).toBe(201);
    expect(res.json.receiptCode).toMatch(CODE);
    expect(res.json.message).toMatch(CJK);
    expect(await countItems()).toBe(before);
    // The same solution is still unused: a person would not be refused for the bot's try.
    expect((await post(token, { ratings, altcha })).status).toBe(201);
  });

  it('answers a form sent too soon after its challenge with a normal-looking 201 and stores nothing', async () => {
    // Prepare: a challenge issued "now" by the clock of a request a second from now, so this one is too soon
    // however slowly the test machine solves it.
    const { linkId, token } = await newLink();
    const key = deriveSecret(SECRET, 'altcha');
    const fresh = await issueChallenge(
      key,
      { tenantId: A, linkId },
      new Date(Date.now() + 1000),
      ABUSE_DEFAULTS,
    );
    const before = await countItems();

    const res = await post(token, { ratings, altcha: solveAltcha(fresh) });

    expect(res.status).toBe(201);
    expect(res.json.receiptCode).toMatch(CODE);
    expect(await countItems()).toBe(before);
    expect(await partition(feedbackKeys.receipt(A, res.json.receiptCode).pk)).not.toContainEqual(
      expect.objectContaining({ sk: res.json.receiptCode }),
    );
  });

  it('shows a bot that repeats its key the same decoy code', async () => {
    const { token } = await newLink();
    const altcha = await solved(token);
    const headers = { 'idempotency-key': `bot-${ulid()}` };

    const first = await post(token, { ratings, altcha, website: 'x' }, { headers });
    const again = await post(token, { ratings, altcha, website: 'x' }, { headers });

    expect(again.json.receiptCode).toBe(first.json.receiptCode);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer and stores nothing more', async () => {
    const { token } = await newLink();
    const altcha = await solved(token);
    const headers = { 'idempotency-key': ulid() };
    const body = { ratings, complaint: '路灯坏了', altcha };
    const first = await post(token, body, { headers });
    expect(first.status).toBe(201);
    const before = await countItems();

    const retry = await post(token, body, { headers });

    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(await countItems()).toBe(before);
  });

  it('stores one submission for a double tap whose two requests race', async () => {
    const { linkId, token } = await newLink();
    const altcha = await solved(token);
    const headers = { 'idempotency-key': ulid() };
    const body = { ratings, complaint: `双击 ${linkId}`, altcha };

    const [a, b] = await Promise.all([post(token, body, { headers }), post(token, body, { headers })]);

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.receiptCode).toBe(a.json.receiptCode);
    const stored = (await partition(feedbackKeys.feedbackPartition(A))).filter(
      (f) => f.formLinkId === linkId,
    );
    expect(stored).toHaveLength(1);
  });

  it('refuses the same key with other content (422) and a malformed key (400), in zh-CN', async () => {
    const { token } = await newLink();
    const headers = { 'idempotency-key': ulid() };
    expect((await post(token, { ratings, altcha: await solved(token) }, { headers })).status).toBe(201);
    const before = await countItems();

    const changed = await post(
      token,
      { ratings, complaint: '改了', altcha: await solved(token) },
      { headers },
    );
    const malformed = await post(
      token,
      { ratings, altcha: await solved(token) },
      { headers: { 'idempotency-key': 'no spaces' } },
    );

    expect(changed.status).toBe(422);
    expectZh(changed);
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors).toEqual([
      { field: 'header.idempotency-key', reason: expect.stringMatching(CJK) },
    ]);
    expectZh(malformed);
    expect(await countItems()).toBe(before);
  });
});

describe('rate limits', () => {
  // Each test fills a window (10 minutes per address; an hour, a multiple of it, per link) and then expects
  // the refusal: all of it within one window.
  beforeEach(() => clearOfWindowEdge(600, 15_000), 20_000);
  it('answers 429 to an address over its limit, in zh-CN, and stores nothing, not even the challenge', async () => {
    const links = [await newLink(), await newLink(), await newLink()];
    const ip = randomIp();
    for (const l of links.slice(0, 2)) {
      expect((await post(l.token, { ratings, altcha: await solved(l.token) }, { ip })).status).toBe(201);
    }
    const altcha = await solved(links[2]!.token);
    const before = await countItems();

    const res = await post(links[2]!.token, { ratings, altcha }, { ip });

    expect(res.status).toBe(429);
    expect(res.json.title).toBe('提交太频繁，请稍后再试');
    expect(res.json.detail).toMatch(/分钟后再试/);
    expectZh(res);
    expect(await countItems()).toBe(before);
    // The refused solution was not spent: from another address it is accepted.
    expect((await post(links[2]!.token, { ratings, altcha })).status).toBe(201);
  });

  it('counts an IPv6 client by its /64', async () => {
    const l = await newLink();
    const ips = ['2001:db8:aa:1::1', '2001:db8:aa:1::2', '2001:db8:aa:1:ffff::3'];
    const statuses: number[] = [];
    for (const ip of ips)
      statuses.push((await post(l.token, { ratings, altcha: await solved(l.token) }, { ip })).status);

    expect(statuses).toEqual([201, 201, 429]);
  });

  it('answers 429 to a link over its limit, whatever the address, and leaves other links open', async () => {
    const l = await newLink();
    for (let i = 0; i < 3; i++) {
      expect((await post(l.token, { ratings, altcha: await solved(l.token) })).status).toBe(201);
    }
    const before = await countItems();

    const res = await post(l.token, { ratings, altcha: await solved(l.token) });

    expect(res.status).toBe(429);
    expect(res.json.detail).toMatch(/二维码/);
    expect(res.json.errors).toEqual([{ field: 'path.token', reason: expect.stringMatching(CJK) }]);
    expect(await countItems()).toBe(before);
    const other = await newLink();
    expect((await post(other.token, { ratings, altcha: await solved(other.token) })).status).toBe(201);
  });
});

describe('size and shape limits', () => {
  it('reads every refusal of a malformed form as zh-CN', async () => {
    const { token } = await newLink();
    const altcha = await solved(token, { wait: false });
    const answers = [
      await post(token, { ratings, altcha, complaint: '长'.repeat(1001) }),
      await post(token, { ratings: { warmth: 'great' }, altcha }),
      await post(token, [1, 2, 3]),
      await post(token, '{"ratings":', { headers: { 'content-type': 'application/json' } }),
      await post(token, { ratings, altcha: 'x'.repeat(1001) }),
      await post(token, { ratings, altcha, website: 'x'.repeat(9000) }),
    ];
    const form = await post(token, 'ratings=good');

    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 413]);
    for (const a of answers) expectZh(a);
    // 415: title and detail in zh-CN; its reason names the content type as sent (packages/http).
    expect(form.status).toBe(415);
    expect(form.json.title).toMatch(CJK);
    expect(form.json.detail).toMatch(CJK);
  });
});
