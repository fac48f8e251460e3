import { Logger } from '@aws-lambda-powertools/logger';
import { zodMessage } from '@zuofeng/core';
import { z } from 'zod';
import { buildHttpHandler, implement } from '../src/handler';
import { defineRoute } from '../src/route';
import { humanZodErrors } from '../src/zod-messages';
import { httpEvent, invoke, staffClaims } from './events/factory';

/**
 * zod's generic messages reach a clerk under a form's field, so they say what to do in plain words ("必填",
 * "至少 2 个字"), never what the schema expected ("数值过小：期望 string >=2 字符"), in the console's language;
 * the fields the API names and its codes stay as they were.
 */
const CJK = /[\u4e00-\u9fff]/;
const DEVELOPER_TALK = /期望|expected|string|>=|<=|字符|Too small|Too big|Invalid/i;

const Body = z.object({
  text: z.string().min(2),
  ownerId: z.string().min(1),
  note: z.string().max(5).optional(),
  count: z.number().int().min(1).max(9).optional(),
  share: z.number().positive().optional(),
  dueOn: z.iso.date().optional(),
  kind: z.enum(['a', 'b']).optional(),
  tags: z.array(z.string()).min(1).optional(),
  own: z.string().min(4, zodMessage('describe it (test)', '请描述（测试）')).optional(),
});

const messagesOf = (value: unknown, locale: 'zh-CN' | 'en') => {
  const r = Body.safeParse(value, { error: humanZodErrors(locale) });
  return Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
};

describe('zod messages in plain words', () => {
  it('say 必填 for an empty or missing answer, and the least or most length in characters (字)', () => {
    // Act
    const empty = messagesOf({ text: '', ownerId: '' }, 'zh-CN');
    const missing = messagesOf({}, 'zh-CN');
    const blank = messagesOf({ text: ' ', ownerId: 'p' }, 'zh-CN');
    const short = messagesOf({ text: '短', ownerId: 'p', note: '六个字太长了' }, 'zh-CN');
    const en = messagesOf({ text: 'x', ownerId: '', note: 'toolong' }, 'en');

    // Assess
    expect(empty).toEqual({ text: '必填', ownerId: '必填' });
    expect(missing).toEqual({ text: '必填', ownerId: '必填' });
    expect(blank).toEqual({ text: '必填' });
    expect(short).toEqual({ text: '至少 2 个字', note: '最多 5 个字' });
    expect(en).toEqual({ text: 'at least 2 characters', ownerId: 'required', note: 'at most 5 characters' });
  });

  it('say numbers, dates, choices and lists plainly in both languages', () => {
    const bad = {
      text: 'ok',
      ownerId: 'p',
      count: 0,
      share: 0,
      dueOn: '2026-13-01',
      kind: 'c',
      tags: [],
    };

    const zh = messagesOf(bad, 'zh-CN');
    const en = messagesOf(bad, 'en');
    const big = messagesOf({ text: 'ok', ownerId: 'p', count: 10 }, 'zh-CN');
    const fraction = messagesOf({ text: 'ok', ownerId: 'p', count: 1.5 }, 'zh-CN');
    const word = messagesOf({ text: 'ok', ownerId: 'p', count: 'three' }, 'en');

    expect(zh).toEqual({
      count: '不能小于 1',
      share: '须大于 0',
      dueOn: expect.stringMatching(/^日期格式不对/),
      kind: '请从给出的选项中选择',
      tags: '请至少选择一项',
    });
    expect(en).toEqual({
      count: 'must be at least 1',
      share: 'must be more than 0',
      dueOn: expect.stringMatching(/^enter a date/),
      kind: 'choose one of the options',
      tags: 'choose at least one',
    });
    expect(big).toEqual({ count: '不能大于 9' });
    expect(fraction).toEqual({ count: '请填写整数' });
    expect(word).toEqual({ count: 'enter a number' });
    for (const m of [...Object.values(zh), ...Object.values(big), ...Object.values(fraction)]) {
      expect(m).toMatch(CJK);
      expect(m).not.toMatch(DEVELOPER_TALK);
    }
    for (const m of Object.values(en)) expect(m).not.toMatch(CJK);
  });

  it('leave a schema’s own message alone', () => {
    expect(messagesOf({ text: 'ok', ownerId: 'p', own: '短' }, 'zh-CN')).toEqual({
      own: 'describe it (test)',
    });
  });
});

describe('a staff route’s 400', () => {
  const route = defineRoute({
    operationId: 'addThing',
    method: 'POST',
    path: '/things',
    summary: 'add a thing',
    auth: 'staff',
    action: 'accounts.write',
    body: Body,
    response: z.object({}),
  });
  const handler = buildHttpHandler({
    service: 'test',
    logger: new Logger({ logLevel: 'SILENT' }),
    routes: [implement(route, async () => ({}))],
  });
  const post = (lang: string, body: unknown) =>
    invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body,
        headers: { 'accept-language': lang },
        claims: staffClaims('twp-qingshan', ['township_admin']),
      }),
    );

  it('names the same fields in both languages, with plain reasons in the console’s language', async () => {
    // Act: 新增整改措施 sent empty
    const zh = await post('zh-CN,zh;q=0.9', { text: '', ownerId: '' });
    const en = await post('en', { text: '', ownerId: '' });
    const short = await post('zh-CN', { text: '改', ownerId: 'p' });

    // Assess
    expect(zh.status).toBe(400);
    expect(zh.json.errors).toEqual([
      { field: 'body.text', reason: '必填' },
      { field: 'body.ownerId', reason: '必填' },
    ]);
    expect(en.json.errors).toEqual([
      { field: 'body.text', reason: 'required' },
      { field: 'body.ownerId', reason: 'required' },
    ]);
    expect(zh.json.type).toBe(en.json.type);
    expect(short.json.errors).toEqual([{ field: 'body.text', reason: '至少 2 个字' }]);
  });
});
