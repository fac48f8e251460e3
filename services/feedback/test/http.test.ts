import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, type TenantProfile, tenantPk } from '@zuofeng/ddb';
import { feedbackSubmitted } from '@zuofeng/events';
import { ulid } from 'ulid';
import { httpEvent, invoke, staffClaims } from '../../../packages/http/test/events/factory';
import { type AltchaChallenge, issuedAtOf, solveAltcha } from '../../../test/support/altcha';
import { freshTable } from '../../../test/support/ddb';
import { handlerEnv } from '../../../test/support/env';
import { feedbackKeys } from '../src/app/keys';
import { signFormLink } from '../src/domain/form-link';

const MIN_FILL_MS = 50;

// The same secret handlerEnv gives the handler.
const SECRET = 'test-secret-test-secret-test-secret';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const CJK = /[\u4e00-\u9fff]/;

const A = 'twp-qingshan';
const B = 'twp-baishui';
const SUSPENDED = 'twp-tingban';
const links = {
  a: ulid(),
  revoked: ulid(),
  expired: ulid(),
  b: ulid(),
  suspended: ulid(),
  /** Signed, but no row was ever written for it. */
  unknown: ulid(),
};
const token = (tenantId: string, linkId: string, secret = SECRET) =>
  signFormLink(secret, { tenantId, linkId });

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let handler: typeof import('../src/adapters/http').handler;

const put = (item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));

const profile = (tenantId: string, name: string, status: TenantProfile['status'] = 'active') =>
  put({
    ...sharedKeys.profile(tenantId),
    tenantId,
    name,
    tenantType: 'township',
    countyId: 'cty-lushan',
    status,
  } satisfies TenantProfile & { pk: string; sk: string });

const unit = (tenantId: string, unitId: string, name: string) =>
  put({ ...sharedKeys.unit(tenantId, unitId), unitId, name, unitType: 'village' });

const link = (tenantId: string, linkId: string, unitId: string, extra: Record<string, unknown> = {}) =>
  put({ ...feedbackKeys.link(tenantId, linkId), kind: 'form-link', linkId, unitId, ...extra });

beforeAll(async () => {
  table = await freshTable('feedback-http');
  handlerEnv(table.tableName, {
    FEEDBACK_MIN_FILL_MS: String(MIN_FILL_MS),
    SEALING_KEY: Buffer.alloc(32, 3).toString('base64'),
  });
  // The composition root reads its configuration at import, as on Lambda: load it after the env is set.
  ({ handler } = require('../src/adapters/http') as typeof import('../src/adapters/http'));

  await profile(A, '青山镇');
  await unit(A, 'u-dongcun', '东村');
  await link(A, links.a, 'u-dongcun');
  await link(A, links.revoked, 'u-dongcun', { revoked: true });
  await link(A, links.expired, 'u-dongcun', { validUntil: '2020-01-01T00:00:00.000Z' });

  await profile(B, '白水乡');
  await unit(B, 'u-xicun', '西村');
  await link(B, links.b, 'u-xicun');
  // Tenant B has a live link with the same id as A's: a forged "B" token must still not reach it.
  await link(B, links.a, 'u-xicun');

  await profile(SUSPENDED, '停办镇', 'suspended');
  await link(SUSPENDED, links.suspended, 'u-1');
});

afterAll(async () => {
  (require('../src/adapters/deps') as typeof import('../src/adapters/deps')).deps.doc.destroy();
  await table.drop();
});

const countItems = async () =>
  (await table.doc.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count ?? 0;

const get = async (key: { pk: string; sk: string }) =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;

const outboxRows = async (tenantId: string) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': tenantPk(tenantId, 'OUTBOX') },
      }),
    )
  ).Items ?? [];

/**
 * Post as a resident does: object bodies get a solved ALTCHA challenge for the link (past the minimum fill
 * time, from a fresh address), so these tests reach the rules they are about; strings are sent as they are.
 */
let ip = 0;
async function submit(formToken: string, body: unknown, headers: Record<string, string> = {}) {
  let payload = body;
  if (body && typeof body === 'object') {
    const c = await invoke(
      handler,
      httpEvent({
        method: 'GET',
        path: `/public/forms/${formToken}/challenge`,
        route: '/public/forms/{token}/challenge',
        pathParameters: { token: formToken },
      }),
    );
    if (c.status === 200) {
      const left = issuedAtOf(c.json) + MIN_FILL_MS + 5 - Date.now();
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      payload = { ...(body as object), altcha: solveAltcha(c.json as AltchaChallenge) };
    } else {
      // No challenge for a dead link: post anyway, so the link's own refusal is what answers.
      payload = { ...(body as object), altcha: 'no-challenge' };
    }
  }
  const event = httpEvent({
    method: 'POST',
    path: `/public/forms/${formToken}/feedback`,
    route: '/public/forms/{token}/feedback',
    pathParameters: { token: formToken },
    body: payload,
    headers,
  });
  ip++;
  event.requestContext.http.sourceIp = `198.51.100.${ip % 250}`;
  return invoke(handler, event);
}

const getForm = (formToken: string) =>
  invoke(
    handler,
    httpEvent({
      method: 'GET',
      path: `/public/forms/${formToken}`,
      route: '/public/forms/{token}',
      pathParameters: { token: formToken },
    }),
  );

const listFeedback = (claims: Record<string, string>, query: Record<string, string> = {}) =>
  invoke(handler, httpEvent({ method: 'GET', path: '/feedback', query: { limit: '100', ...query }, claims }));

const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };

describe('POST /public/forms/{token}/feedback', () => {
  it('stores the feedback, its receipt and one feedback.submitted event, and answers 201 with the code', async () => {
    // Prepare
    const before = await countItems();

    // Act
    const res = await submit(
      token(A, links.a),
      { ratings, complaint: '村口路灯坏了三个月。', phone: '13800138000', consent: true, name: '李四' },
      { 'x-correlation-id': 'corr-submit-1' },
    );

    // Assess: the answer
    expect(res.status).toBe(201);
    expect(res.json.receiptCode).toMatch(CODE);
    expect(res.json.message).toMatch(CJK);
    // feedback, receipt code, outbox row, the used challenge, the address window, the sealed call-back
    // number; the link's hourly window may already exist from earlier submissions. (The audit entry follows
    // from the event, by the feedback-audit consumer, which this handler-only test does not run.)
    expect(await countItems()).toBeGreaterThanOrEqual(before + 6);
    expect(await countItems()).toBeLessThanOrEqual(before + 7);
    const contacts =
      (
        await table.doc.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': tenantPk(A, 'CONTACT') },
          }),
        )
      ).Items ?? [];
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ masked: '138****8000' });
    expect(JSON.stringify(contacts)).not.toContain('13800138000');

    // Assess: the receipt leads to the feedback, in tenant A's partitions
    const receipt = await get(feedbackKeys.receipt(A, res.json.receiptCode));
    expect(receipt).toMatchObject({ kind: 'feedback-receipt', feedbackId: expect.any(String) });
    const feedbackId = receipt!.feedbackId as string;
    expect(await get(feedbackKeys.feedback(A, feedbackId))).toMatchObject({
      kind: 'feedback',
      feedbackId,
      unitId: 'u-dongcun',
      formLinkId: links.a,
      ratings,
      complaint: '村口路灯坏了三个月。',
      receiptCode: res.json.receiptCode,
      status: 'received',
    });

    // Assess: exactly one event, which parses and carries no personal data
    const rows = (await outboxRows(A)).filter((r) => JSON.parse(r.event).data.feedbackId === feedbackId);
    expect(rows).toHaveLength(1);
    const event = feedbackSubmitted.parse(JSON.parse(rows[0]!.event));
    expect(event.metadata).toMatchObject({
      tenantId: A,
      actor: { type: 'public', id: `link:${links.a}` },
      correlationId: 'corr-submit-1',
    });
    expect(event.data).toEqual({
      feedbackId,
      unitId: 'u-dongcun',
      formLinkId: links.a,
      ratings,
      complaint: '村口路灯坏了三个月。',
    });
    expect(rows[0]!.event).not.toMatch(/13800138000|phone|李四|203\.0\.113\.7/);
  });

  it('treats a blank complaint as none: a rating only, and an event without complaint', async () => {
    const res = await submit(token(A, links.a), { ratings, complaint: '   ' });

    expect(res.status).toBe(201);
    const { feedbackId } = (await get(feedbackKeys.receipt(A, res.json.receiptCode)))!;
    expect(await get(feedbackKeys.feedback(A, feedbackId))).toMatchObject({ status: 'rated' });
    const [row] = (await outboxRows(A)).filter((r) => JSON.parse(r.event).data.feedbackId === feedbackId);
    expect(feedbackSubmitted.parse(JSON.parse(row!.event)).data).not.toHaveProperty('complaint');
  });

  it('answers 400 in zh-CN to invalid ratings and writes nothing', async () => {
    // Prepare
    const before = await countItems();

    // Act
    const res = await submit(token(A, links.a), { ratings: { ...ratings, warmth: 'great' } });

    // Assess
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json.title).toMatch(CJK);
    expect(res.json.errors).toEqual([{ field: 'body.ratings.warmth', reason: expect.stringMatching(CJK) }]);
    expect(await countItems()).toBe(before);
  });

  it.each([
    ['no ratings at all', {}, 'body.ratings'],
    ['a missing answer', { ratings: { warmth: 'satisfied', solved: 'satisfied' } }, 'body.ratings.happiness'],
    ['a complaint over 1000 characters', { ratings, complaint: '灯'.repeat(1001) }, 'body.complaint'],
    ['a complaint that is not text', { ratings, complaint: 42 }, 'body.complaint'],
  ])('answers 400 to %s, naming the field in zh-CN', async (_name, body, field) => {
    const before = await countItems();

    const res = await submit(token(A, links.a), body);

    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual({ field, reason: expect.stringMatching(CJK) });
    expect(await countItems()).toBe(before);
  });

  it('answers 413 to a body over 8 KB and 415 to a body that is not JSON', async () => {
    const before = await countItems();

    const big = await submit(token(A, links.a), { ratings, padding: 'x'.repeat(9000) });
    const form = await submit(token(A, links.a), 'ratings=good', {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(big.status).toBe(413);
    expect(form.status).toBe(415);
    expect(await countItems()).toBe(before);
  });

  it('answers 410 to a revoked link and writes nothing', async () => {
    const before = await countItems();

    const res = await submit(token(A, links.revoked), { ratings });

    expect(res.status).toBe(410);
    expect(res.json.title).toMatch(CJK);
    expect(res.json.errors).toEqual([{ field: 'path.token', reason: expect.stringMatching(CJK) }]);
    expect(await countItems()).toBe(before);
  });

  it('answers 410 to an expired link', async () => {
    const before = await countItems();

    const res = await submit(token(A, links.expired), { ratings });

    expect(res.status).toBe(410);
    expect(await countItems()).toBe(before);
  });

  it('answers 410 to a link of a suspended township', async () => {
    const before = await countItems();

    const res = await submit(token(SUSPENDED, links.suspended), { ratings });

    expect(res.status).toBe(410);
    expect(res.json.detail).toMatch(CJK);
    expect(await countItems()).toBe(before);
  });

  it('answers 404 to a token signed with another secret', async () => {
    const before = await countItems();

    const res = await submit(token(A, links.a, 'another-secret-another-secret'), { ratings });

    expect(res.status).toBe(404);
    expect(res.json.errors).toEqual([{ field: 'path.token', reason: expect.stringMatching(CJK) }]);
    expect(await countItems()).toBe(before);
  });

  it("answers 404 to a token naming another tenant with a real link id but the first tenant's signature", async () => {
    // Prepare: A's token with its tenant swapped for B, where a live link of that id exists.
    const [, linkId, signature] = token(A, links.a).split('.');
    const forged = `${B}.${linkId}.${signature}`;
    const before = await countItems();
    const outboxOfB = (await outboxRows(B)).length;

    // Act
    const res = await submit(forged, { ratings });

    // Assess
    expect(res.status).toBe(404);
    expect(await countItems()).toBe(before);
    expect(await outboxRows(B)).toHaveLength(outboxOfB);
  });

  it('answers 404 to a validly signed token whose link does not exist', async () => {
    const res = await submit(token(A, links.unknown), { ratings });

    expect(res.status).toBe(404);
  });
});

describe('GET /public/forms/{token}', () => {
  it('shows the township, the unit and the three questions on the five-level scale', async () => {
    const res = await getForm(token(A, links.a));

    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ township: '青山镇', unit: '东村' });
    expect(res.json.questions.map((q: { id: string }) => q.id)).toEqual(['warmth', 'solved', 'happiness']);
    for (const q of res.json.questions) expect(q.text).toMatch(CJK);
    expect(res.json.scale.map((s: { value: string }) => s.value)).toEqual([
      'very_satisfied',
      'satisfied',
      'basically_satisfied',
      'dissatisfied',
      'very_dissatisfied',
    ]);
  });

  it("shows tenant B's names for B's link, never A's", async () => {
    const res = await getForm(token(B, links.b));

    expect(res.json).toMatchObject({ township: '白水乡', unit: '西村' });
  });

  it('refuses a revoked link (410) and a forged one (404)', async () => {
    const [, linkId, signature] = token(A, links.a).split('.');

    expect((await getForm(token(A, links.revoked))).status).toBe(410);
    expect((await getForm(`${B}.${linkId}.${signature}`)).status).toBe(404);
  });
});

describe('GET /feedback', () => {
  let idsOfA: string[];
  let idsOfB: string[];

  beforeAll(async () => {
    const submitAndId = async (tenantId: string, formToken: string) => {
      const res = await submit(formToken, { ratings, complaint: `${tenantId} 的意见` });
      expect(res.status).toBe(201);
      return (await get(feedbackKeys.receipt(tenantId, res.json.receiptCode)))!.feedbackId as string;
    };
    idsOfA = [await submitAndId(A, token(A, links.a)), await submitAndId(A, token(A, links.a))];
    idsOfB = [await submitAndId(B, token(B, links.b)), await submitAndId(B, token(B, links.b))];
  });

  it("lists the caller's tenant's feedback and never another tenant's", async () => {
    // Act
    const res = await listFeedback(staffClaims(A, ['township_admin']), { tenantId: B });

    // Assess
    expect(res.status).toBe(200);
    const ids = res.json.items.map((i: { feedbackId: string }) => i.feedbackId);
    expect(ids).toEqual(expect.arrayContaining(idsOfA));
    for (const id of idsOfB) expect(ids).not.toContain(id);
    expect(res.raw).not.toContain(`${B} 的意见`);
    for (const item of res.json.items) expect(Object.keys(item).sort()).not.toContain('receiptCode');
  });

  it("lists B's feedback to B's staff", async () => {
    const res = await listFeedback(staffClaims(B, ['inspection_office']));

    const ids = res.json.items.map((i: { feedbackId: string }) => i.feedbackId).sort();
    expect(ids).toEqual([...idsOfB].sort());
  });

  it("refuses a cursor taken from another tenant's list", async () => {
    // Prepare
    const pageOfB = await listFeedback(staffClaims(B, ['township_admin']), { limit: '1' });
    expect(pageOfB.json.nextCursor).toEqual(expect.any(String));

    // Act
    const res = await listFeedback(staffClaims(A, ['township_admin']), { cursor: pageOfB.json.nextCursor });

    // Assess
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: 'query.cursor', reason: expect.any(String) }]);
  });

  it('refuses a role that may not read feedback, and a caller without a token', async () => {
    expect((await listFeedback(staffClaims(A, ['cadre']))).status).toBe(403);
    expect(
      (await invoke(handler, httpEvent({ method: 'GET', path: '/feedback', query: { tenantId: A } }))).status,
    ).toBe(401);
  });
});
