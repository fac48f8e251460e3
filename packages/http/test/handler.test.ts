import { Logger } from '@aws-lambda-powertools/logger';
import { NotFoundError, UnauthorizedError, ValidationError } from '@zuofeng/core';
import { z } from 'zod';
import { buildHttpHandler, implement } from '../src/handler';
import { parseGroups } from '../src/principal';
import { errorToProblem } from '../src/problem';
import { defineRoute } from '../src/route';
import { httpEvent, invoke, staffClaims } from './events/factory';

const Rating = z.enum(['satisfied', 'dissatisfied']);
const RatingsBody = z.object({
  ratings: z.object({ warmth: Rating, solved: Rating }),
  note: z.string().max(20).optional(),
});

/** A staff route that reads a thing of the caller's tenant. */
const getThingRoute = defineRoute({
  operationId: 'getThing',
  method: 'GET',
  path: '/things/{thingId}',
  summary: 'one thing',
  auth: 'staff',
  action: 'accounts.write', // township_admin only
  params: z.object({ thingId: z.string().min(3) }),
  query: z.object({ limit: z.coerce.number().int().min(1).max(10).default(5) }),
  response: z.object({ tenantId: z.string(), thingId: z.string(), limit: z.number(), userId: z.string() }),
});

/** A staff route with a body, to see English errors and that a body cannot name the tenant. */
const rateThingRoute = defineRoute({
  operationId: 'rateThing',
  method: 'POST',
  path: '/things',
  summary: 'rate',
  auth: 'staff',
  action: 'accounts.write', // township_admin only
  body: RatingsBody,
  response: z.object({ tenantId: z.string(), body: z.unknown() }),
});

/** A public route, as residents call it: zh-CN errors, small body. */
const publicRateRoute = defineRoute({
  operationId: 'publicRate',
  method: 'POST',
  path: '/public/forms/{token}/ratings',
  summary: 'public rating',
  auth: 'public',
  params: z.object({ token: z.string().min(10) }),
  body: RatingsBody,
  maxBodyBytes: 256,
  successStatus: 201,
  response: z.object({ ok: z.literal(true), warmth: Rating }),
});

const boomRoute = defineRoute({
  operationId: 'boom',
  method: 'GET',
  path: '/public/boom',
  summary: 'fails',
  auth: 'public',
  response: z.object({}),
});

const notFoundRoute = defineRoute({
  operationId: 'missing',
  method: 'GET',
  path: '/missing/{id}',
  summary: 'a domain error',
  auth: 'staff',
  action: 'accounts.write',
  params: z.object({ id: z.string() }),
  response: z.object({}),
});

const badShapeRoute = defineRoute({
  operationId: 'badShape',
  method: 'GET',
  path: '/bad-shape',
  summary: 'answers what its contract forbids',
  auth: 'staff',
  action: 'accounts.write',
  response: z.object({ count: z.number() }),
});

const seen: { correlationId?: string; sourceIp?: string } = {};

const handler = buildHttpHandler({
  service: 'test',
  logger: new Logger({ logLevel: 'SILENT' }),
  routes: [
    implement(getThingRoute, async ({ params, query, principal }) => ({
      tenantId: principal.tenantId,
      thingId: params.thingId,
      limit: query.limit,
      userId: principal.userId,
      // Not in the response schema: it must not leave.
      internalNote: 'stays inside',
    })),
    implement(rateThingRoute, async ({ body, principal, correlationId, sourceIp }) => {
      seen.correlationId = correlationId;
      seen.sourceIp = sourceIp;
      return { tenantId: principal.tenantId, body };
    }),
    implement(publicRateRoute, async ({ body }) => ({ ok: true, warmth: body.ratings.warmth })),
    implement(boomRoute, async () => {
      throw new Error('connection to db-prod.internal:5432 refused, password=hunter2');
    }),
    implement(notFoundRoute, async ({ params }) => {
      throw new NotFoundError(`thing ${params.id} not found`, [
        { field: 'path.id', reason: 'no such thing' },
      ]);
    }),
    implement(badShapeRoute, async () => ({ count: 'many' })),
  ],
});

const admin = staffClaims('twp-qingshan', ['township_admin']);
const goodRatings = { ratings: { warmth: 'satisfied', solved: 'dissatisfied' } };
const CJK = /[\u4e00-\u9fff]/;

const publicPost = (body: unknown, headers: Record<string, string> = {}) =>
  httpEvent({
    method: 'POST',
    path: '/public/forms/tok-1234567890/ratings',
    route: '/public/forms/{token}/ratings',
    body,
    headers,
  });

describe('buildHttpHandler: who may call', () => {
  it('answers 401 problem+json to a staff route called without claims', async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/things/t-100' }));

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json).toMatchObject({ status: 401, title: 'Sign-in required' });
  });

  it('checks the caller before it parses the input', async () => {
    const res = await invoke(handler, httpEvent({ method: 'POST', path: '/things', body: '{not json' }));

    expect(res.status).toBe(401);
  });

  it('answers 403 to a role the route does not admit', async () => {
    const res = await invoke(
      handler,
      httpEvent({ method: 'GET', path: '/things/t-100', claims: staffClaims('twp-qingshan', ['cadre']) }),
    );

    expect(res.status).toBe(403);
    expect(res.json.title).toBe('Not allowed');
  });

  it('answers 403 to a token without a tenant', async () => {
    const { 'custom:tenantId': _t, ...noTenant } = admin;

    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/things/t-100', claims: noTenant }));

    expect(res.status).toBe(403);
  });

  it('accepts cognito:groups as API Gateway flattens it: "[township_admin cadre]"', async () => {
    // Prepare
    const claims = { ...admin, 'cognito:groups': '[township_admin cadre]' };

    // Act
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/things/t-100', claims }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ tenantId: 'twp-qingshan', thingId: 't-100', limit: 5, userId: 'user-1' });
  });

  it('takes the tenant from custom:tenantId only: a header, the query or the body cannot change it', async () => {
    // Act
    const read = await invoke(
      handler,
      httpEvent({
        method: 'GET',
        path: '/things/t-100',
        headers: { 'x-tenant-id': 'twp-other', 'custom:tenantid': 'twp-other' },
        query: { tenantId: 'twp-other', limit: '2' },
        claims: admin,
      }),
    );
    const write = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        headers: { 'x-tenant-id': 'twp-other' },
        query: { tenantId: 'twp-other' },
        body: { ...goodRatings, tenantId: 'twp-other' },
        claims: admin,
      }),
    );

    // Assess
    expect(read.status).toBe(200);
    expect(read.json.tenantId).toBe('twp-qingshan');
    expect(write.status).toBe(200);
    expect(write.json.tenantId).toBe('twp-qingshan');
    expect(write.raw).not.toContain('twp-other');
  });

  it('passes the correlation id header and the source ip to the implementation', async () => {
    await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body: goodRatings,
        headers: { 'x-correlation-id': 'corr-42' },
        claims: admin,
      }),
    );
    expect(seen).toEqual({ correlationId: 'corr-42', sourceIp: '203.0.113.7' });

    await invoke(handler, httpEvent({ method: 'POST', path: '/things', body: goodRatings, claims: admin }));
    expect(seen.correlationId).toBe('req-fixture-0001');
  });

  it.each([
    ['empty', ''],
    ['too long', 'c'.repeat(129)],
    ['with spaces and markup', '<script> x'],
  ])('ignores a correlation id header that is %s and uses the request id instead', async (_n, header) => {
    const res = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body: goodRatings,
        headers: { 'x-correlation-id': header },
        claims: admin,
      }),
    );
    expect(res.status).toBe(200);
    expect(seen.correlationId).toBe('req-fixture-0001');
  });

  it.each([['BAD#X'], ['ab'], ['Upper-Case']])(
    'answers 403, not 500, to a verified token whose tenant is malformed: %s',
    async (t) => {
      const res = await invoke(
        handler,
        httpEvent({ method: 'GET', path: '/things/t-100', claims: { ...admin, 'custom:tenantId': t } }),
      );
      expect(res.status).toBe(403);
    },
  );
});

describe('buildHttpHandler: input', () => {
  it('accepts a good public body and answers with its success status', async () => {
    const res = await invoke(handler, publicPost(goodRatings));

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json).toEqual({ ok: true, warmth: 'satisfied' });
  });

  it('accepts a base64-encoded body and a +json content type with a charset', async () => {
    const res = await invoke(handler, {
      ...publicPost(Buffer.from(JSON.stringify(goodRatings)).toString('base64'), {
        'content-type': 'application/merge-patch+json; charset=utf-8',
      }),
      isBase64Encoded: true,
    });

    expect(res.status).toBe(201);
  });

  it('answers 400 to malformed JSON, in zh-CN on a public route and in English on a staff one', async () => {
    const pub = await invoke(handler, publicPost('{"ratings": ', { 'content-type': 'application/json' }));
    const staff = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body: '{"ratings": ',
        headers: { 'content-type': 'application/json' },
        claims: admin,
      }),
    );

    expect(pub.status).toBe(400);
    expect(pub.json.title).toMatch(CJK);
    expect(staff.status).toBe(400);
    expect(staff.json.detail).toBe('the body is not valid JSON');
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}],
  ])('answers 415 to %s', async (_name, headers) => {
    const res = await invoke(handler, publicPost(JSON.stringify(goodRatings), headers));

    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 413 to a body larger than the route allows, before parsing it', async () => {
    // Prepare: valid JSON, but over the 256-byte limit of the route.
    const body = JSON.stringify({ ...goodRatings, padding: 'x'.repeat(300) });

    // Act
    const res = await invoke(handler, publicPost(body, { 'content-type': 'application/json' }));

    // Assess
    expect(res.status).toBe(413);
    expect(res.json.title).toMatch(CJK);
  });

  it('counts bytes, not characters: 100 Chinese characters are 300 bytes', async () => {
    const body = JSON.stringify({ ...goodRatings, note: '好'.repeat(100) });
    expect(body.length).toBeLessThan(256);

    const res = await invoke(handler, publicPost(body, { 'content-type': 'application/json' }));

    expect(res.status).toBe(413);
  });

  it('names each invalid field, with zh-CN reasons on the public route', async () => {
    // Act
    const res = await invoke(handler, publicPost({ ratings: { warmth: 'meh', solved: 'satisfied' } }));

    // Assess
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: 'body.ratings.warmth', reason: expect.stringMatching(CJK) }]);
    expect(res.json.title).toMatch(CJK);
  });

  it('names each invalid field, with English reasons on the staff route', async () => {
    // Act
    const res = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body: { ratings: { warmth: 'meh' } },
        claims: admin,
      }),
    );

    // Assess
    expect(res.status).toBe(400);
    const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.ratings.solved', 'body.ratings.warmth']);
    for (const e of res.json.errors) {
      expect(e.reason).not.toMatch(CJK);
      expect(e.reason).toMatch(/[A-Za-z]{3}/);
    }
  });

  it('checks path and query too, naming them path.* and query.*', async () => {
    const shortId = await invoke(handler, httpEvent({ method: 'GET', path: '/things/ab', claims: admin }));
    const badLimit = await invoke(
      handler,
      httpEvent({ method: 'GET', path: '/things/t-100', query: { limit: '99' }, claims: admin }),
    );

    expect(shortId.status).toBe(400);
    expect(shortId.json.errors[0].field).toBe('path.thingId');
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.errors[0].field).toBe('query.limit');
  });
});

describe('buildHttpHandler: answers', () => {
  it('answers 404 problem+json to an unknown route, in zh-CN under /public', async () => {
    const staff = await invoke(handler, httpEvent({ method: 'GET', path: '/nowhere', claims: admin }));
    const pub = await invoke(handler, httpEvent({ method: 'GET', path: '/public/nowhere' }));
    const wrongMethod = await invoke(
      handler,
      httpEvent({ method: 'DELETE', path: '/things/t-100', claims: admin }),
    );

    expect(staff.status).toBe(404);
    expect(staff.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(staff.json.title).toBe('Not found');
    expect(pub.status).toBe(404);
    expect(pub.json.title).toMatch(CJK);
    expect(wrongMethod.status).toBe(404);
  });

  it('turns a plain Error into a 500 that does not leak its message', async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/public/boom' }));

    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      type: 'https://zuofeng.dev/problems/500',
      title: expect.stringMatching(CJK),
      status: 500,
      instance: '/public/boom',
    });
    expect(res.raw).not.toMatch(/hunter2|db-prod|refused/);
  });

  it('maps a domain error to its status, with its detail and field issues', async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/missing/m-1', claims: admin }));

    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      type: 'https://zuofeng.dev/problems/not_found',
      detail: 'thing m-1 not found',
      errors: [{ field: 'path.id', reason: 'no such thing' }],
    });
  });

  it("parses the result with the route's response schema: extra fields are dropped", async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/things/t-100', claims: admin }));

    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('internalNote');
    expect(res.raw).not.toContain('stays inside');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 500 when the implementation returns what its contract forbids', async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/bad-shape', claims: admin }));

    expect(res.status).toBe(500);
    expect(res.raw).not.toContain('many');
  });
});

describe('parseGroups', () => {
  it.each([
    [
      ['township_admin', 'cadre'],
      ['township_admin', 'cadre'],
    ],
    ['[township_admin cadre]', ['township_admin', 'cadre']],
    ['[township_admin]', ['township_admin']],
    ['township_admin,cadre', ['township_admin', 'cadre']],
    ['[]', []],
    ['', []],
    ['   ', []],
    [undefined, []],
    [null, []],
    [42, []],
  ])('reads %p as %p', (raw, groups) => {
    expect(parseGroups(raw)).toEqual(groups);
  });
});

describe('errorToProblem', () => {
  const read = (r: ReturnType<typeof errorToProblem>) => {
    const res = r as { statusCode: number; headers: Record<string, string>; body: string };
    return { status: res.statusCode, headers: res.headers, json: JSON.parse(res.body) };
  };

  it('maps a validation error to 400 with its field issues and code', () => {
    const err = new ValidationError('invalid input', [{ field: 'body.x', reason: 'required' }]);

    const res = read(errorToProblem(err, 'en', '/things'));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json).toEqual({
      type: 'https://zuofeng.dev/problems/validation_failed',
      title: 'The request is invalid',
      status: 400,
      detail: 'invalid input',
      instance: '/things',
      errors: [{ field: 'body.x', reason: 'required' }],
    });
  });

  it('speaks zh-CN when asked', () => {
    expect(read(errorToProblem(new UnauthorizedError('x'), 'zh-CN')).json.title).toBe('请先登录');
  });

  it('keeps the status of an HTTP error from a library (4xx), without its message', () => {
    const err = Object.assign(new Error('Route does not exist'), { statusCode: 405 });

    const res = read(errorToProblem(err, 'en'));

    expect(res.status).toBe(405);
    expect(res.json.detail).toBeUndefined();
  });

  it.each([
    ['a plain Error', new Error('secret detail')],
    ['a 5xx from a library', Object.assign(new Error('secret detail'), { statusCode: 503 })],
    ['a thrown string', 'secret detail'],
    ['null', null],
  ])('turns %s into a bare 500', (_name, err) => {
    const res = read(errorToProblem(err, 'en'));

    expect(res.status).toBe(500);
    expect(JSON.stringify(res.json)).not.toContain('secret detail');
  });
});

describe('buildHttpHandler: deny by default', () => {
  it('refuses a staff route that names no action, whatever the role', async () => {
    const noAction = defineRoute({
      operationId: 'noAction',
      method: 'GET',
      path: '/open',
      summary: 'forgot its action',
      auth: 'staff',
      response: z.object({ ok: z.boolean() }),
    });
    const h = buildHttpHandler({
      service: 'test',
      logger: new Logger({ logLevel: 'SILENT' }),
      routes: [implement(noAction, async () => ({ ok: true }))],
    });
    const res = await invoke(
      h,
      httpEvent({ method: 'GET', path: '/open', claims: staffClaims('twp-qingshan', ['township_admin']) }),
    );
    expect(res.status).toBe(403);
  });
});
