import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, textIn, ValidationError, zodMessage } from '@zuofeng/core';
import { z } from 'zod';
import { buildHttpHandler, implement, TENANT_SUSPENDED } from '../src/handler';
import { errorToHtml, errorToProblem } from '../src/problem';
import { defineRoute } from '../src/route';
import { httpEvent, invoke, staffClaims } from './events/factory';

/**
 * A domain error says its sentence in English and Chinese: staff routes answer in the console's language
 * (Accept-Language), public routes in zh-CN; field names never change, logs stay English.
 */
const CJK = /[\u4e00-\u9fff]/;

const staleError = () =>
  new ConflictError(
    bilingual(
      'the record changed since you read it: reload and apply your change again',
      '内容已被他人修改，请重新加载后再修改',
    ),
    [
      { field: 'body.version', reason: bilingual('stale version', '内容已被他人修改') },
      // A reason given in one language only is answered as it is, in any locale.
      { field: 'body.note', reason: 'as given' },
    ],
  );

const saveRoute = defineRoute({
  operationId: 'saveThing',
  method: 'PUT',
  path: '/things/{thingId}',
  summary: 'save a thing',
  auth: 'staff',
  action: 'accounts.write', // township_admin only
  params: z.object({ thingId: z.string() }),
  body: z.object({
    version: z.number().int(),
    name: z.string().min(1).max(5, zodMessage('at most 5 characters (test)', '不能超过 5 字（测试）')),
  }),
  response: z.object({}),
});

const publicRoute = defineRoute({
  operationId: 'publicThing',
  method: 'POST',
  path: '/public/things',
  summary: 'a public route',
  auth: 'public',
  response: z.object({}),
});

const handler = buildHttpHandler({
  service: 'test',
  logger: new Logger({ logLevel: 'SILENT' }),
  routes: [
    implement(saveRoute, async () => {
      throw staleError();
    }),
    implement(publicRoute, async () => {
      throw staleError();
    }),
  ],
});

const admin = staffClaims('twp-qingshan', ['township_admin']);
const save = (headers: Record<string, string>, body: unknown = { version: 1, name: 'ok' }) =>
  invoke(
    handler,
    httpEvent({
      method: 'PUT',
      path: '/things/t-1',
      route: '/things/{thingId}',
      body,
      headers,
      claims: admin,
    }),
  );

describe('a bilingual domain error on a staff route', () => {
  it.each([['zh-CN'], ['zh-CN,zh;q=0.9,en;q=0.8'], ['zh']])(
    'answers in Chinese when the console asks for %s: detail and every reason, field names untouched',
    async (lang) => {
      const res = await save({ 'accept-language': lang });

      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({
        type: 'https://zuofeng.dev/problems/conflict',
        title: '内容已被他人修改，请刷新后再试',
        detail: '内容已被他人修改，请重新加载后再修改',
        errors: [
          { field: 'body.version', reason: '内容已被他人修改' },
          { field: 'body.note', reason: 'as given' },
        ],
      });
    },
  );

  it.each([['en'], ['en-US,en;q=0.9,zh-CN;q=0.5'], [undefined]])(
    'answers in English for %s',
    async (lang) => {
      const res = await save(lang ? { 'accept-language': lang } : {});

      expect(res.status).toBe(409);
      expect(res.json).toMatchObject({
        title: 'The record changed since you read it',
        detail: 'the record changed since you read it: reload and apply your change again',
        errors: [
          { field: 'body.version', reason: 'stale version' },
          { field: 'body.note', reason: 'as given' },
        ],
      });
      expect(res.raw).not.toMatch(CJK);
    },
  );

  it('keeps its message and issues English, for logs and callers that read the error itself', () => {
    const err = staleError();

    expect(err.message).toBe('the record changed since you read it: reload and apply your change again');
    expect(err.issues).toEqual([
      { field: 'body.version', reason: 'stale version' },
      { field: 'body.note', reason: 'as given' },
    ]);
    expect(err.localized('zh-CN').issues[0]).toEqual({ field: 'body.version', reason: '内容已被他人修改' });
  });

  it('is answered in Chinese on a public route, whatever the Accept-Language', async () => {
    const res = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/public/things', headers: { 'accept-language': 'en' } }),
    );

    expect(res.json.detail).toBe('内容已被他人修改，请重新加载后再修改');
    expect(res.json.errors[0]).toEqual({ field: 'body.version', reason: '内容已被他人修改' });
  });

  it('is drawn in the locale on an HTML error page too', () => {
    const err = new ValidationError(bilingual('invalid cursor', '翻页参数无效'), [
      { field: 'query.cursor', reason: bilingual('not a cursor from this list', '不是本列表的翻页参数') },
    ]);
    const page = (locale: 'zh-CN' | 'en') =>
      String(
        (
          errorToHtml(err, locale, (p) => `${p.detail}|${p.errors?.[0]?.reason}`, {
            path: '/',
            params: {},
          }) as { body: string }
        ).body,
      );

    expect(page('zh-CN')).toBe('翻页参数无效|不是本列表的翻页参数');
    expect(page('en')).toBe('invalid cursor|not a cursor from this list');
    expect(JSON.parse((errorToProblem(err, 'zh-CN') as { body: string }).body).detail).toBe('翻页参数无效');
  });
});

describe('the HTTP layer’s own refusals on a staff route', () => {
  it('refuses a role in the console’s language, naming the action in Chinese', async () => {
    const cadre = staffClaims('twp-qingshan', ['cadre']);
    const ask = (headers: Record<string, string>) =>
      invoke(
        handler,
        httpEvent({
          method: 'PUT',
          path: '/things/t-1',
          route: '/things/{thingId}',
          body: {},
          headers,
          claims: cadre,
        }),
      );

    const zh = await ask({ 'accept-language': 'zh-CN' });
    const en = await ask({});

    expect(zh.status).toBe(403);
    expect(zh.json.detail).toMatch(CJK);
    expect(zh.json.detail).toContain('“邀请、停用、启用账号”');
    expect(en.status).toBe(403);
    expect(en.json.detail).toBe('saveThing is not open to cadre');
  });

  it('says a suspended township in Chinese, and keeps its reason the machine-readable token the console reads', async () => {
    const suspended = {
      send: async () => ({ Item: { status: 'suspended' } }),
    } as unknown as DynamoDBDocumentClient;
    const guarded = buildHttpHandler({
      service: 'test',
      logger: new Logger({ logLevel: 'SILENT' }),
      routes: [implement(saveRoute, async () => ({}))],
      doc: suspended,
      tableName: 'unused',
    });
    const ask = (headers: Record<string, string>) =>
      invoke(
        guarded,
        httpEvent({
          method: 'PUT',
          path: '/things/t-1',
          route: '/things/{thingId}',
          body: {},
          headers,
          claims: admin,
        }),
      );

    const zh = await ask({ 'accept-language': 'zh-CN' });
    const en = await ask({ 'accept-language': 'en' });

    expect(zh.status).toBe(403);
    expect(zh.json.detail).toMatch(/本乡镇已停用/);
    expect(zh.json.errors).toEqual([{ field: '', reason: TENANT_SUSPENDED }]);
    expect(en.json.detail).toBe('this tenant is suspended or unknown');
    expect(en.json.errors).toEqual([{ field: '', reason: 'tenant suspended' }]);
  });

  it('answers a schema’s own message (zodMessage) in Chinese to zh-CN, and zod’s own messages in its locale', async () => {
    const zh = await save({ 'accept-language': 'zh-CN' }, { version: 'one', name: 'far too long' });
    const en = await save({}, { version: 'one', name: 'far too long' });

    expect(zh.status).toBe(400);
    expect(zh.json.errors).toEqual([
      { field: 'body.version', reason: expect.stringMatching(CJK) },
      { field: 'body.name', reason: '不能超过 5 字（测试）' },
    ]);
    expect(en.json.errors).toEqual([
      { field: 'body.version', reason: expect.not.stringMatching(CJK) },
      { field: 'body.name', reason: 'at most 5 characters (test)' },
    ]);
  });
});

describe('Text', () => {
  it('reads a pair in the locale and a plain string as it is', () => {
    expect(textIn(bilingual('already taken', '已被使用'), 'zh-CN')).toBe('已被使用');
    expect(textIn(bilingual('already taken', '已被使用'), 'en')).toBe('already taken');
    expect(textIn('链接已停用', 'en')).toBe('链接已停用');
  });

  it('gives one English zod message one Chinese', () => {
    expect(zodMessage('at most 5 characters (test)', '不能超过 5 字（测试）')).toBe(
      'at most 5 characters (test)',
    );
    expect(() => zodMessage('at most 5 characters (test)', '最多 5 个字')).toThrow(/already reads/);
  });
});
