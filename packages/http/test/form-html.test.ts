import { Logger } from '@aws-lambda-powertools/logger';
import { DomainError, GoneError, ValidationError } from '@zuofeng/core';
import { z } from 'zod';
import { buildHttpHandler, implement } from '../src/handler';
import { buildOpenApi } from '../src/openapi';
import { errorToProblem, escapeHtml, HTML_HEADERS, NO_SCRIPT_CSP } from '../src/problem';
import { defineRoute } from '../src/route';
import { httpEvent, invoke, staffClaims } from './events/factory';

/** Routes that take a plain HTML form and answer HTML pages, and `Retry-After` on 429s (packages/http). */

const CJK = /[\u4e00-\u9fff]/;

/** A rate limit's refusal, as a service would define it. */
class SlowDownError extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(readonly retryAfterSeconds: number) {
    super('请 3 分钟后再试', [{ field: '', reason: '提交太频繁' }]);
  }
}

const formRoute = defineRoute({
  operationId: 'postForm',
  method: 'POST',
  path: '/f/{token}/basic',
  summary: 'a plain form',
  auth: 'public',
  params: z.object({ token: z.string().min(10, '链接无效') }),
  bodyType: 'form',
  body: z.object({ name: z.string().max(5, '太长了').optional(), tag: z.string().optional() }),
  maxBodyBytes: 512,
  responds: 'html',
  response: z.string(),
});

const pageRoute = defineRoute({
  operationId: 'getPage',
  method: 'GET',
  path: '/f/{token}/page',
  summary: 'a page that may fail',
  auth: 'public',
  params: z.object({ token: z.string() }),
  query: z.object({ fail: z.string().optional() }),
  responds: 'html',
  response: z.string(),
});

const jsonRoute = defineRoute({
  operationId: 'postJson',
  method: 'POST',
  path: '/public/things',
  summary: 'json',
  auth: 'public',
  body: z.object({ a: z.string() }),
  response: z.object({}),
});

const staffRoute = defineRoute({
  operationId: 'postStaff',
  method: 'POST',
  path: '/things',
  summary: 'json, staff',
  auth: 'staff',
  action: 'accounts.write',
  body: z.object({ a: z.string() }),
  response: z.object({}),
});

const failures: Record<string, () => Error> = {
  gone: () => new GoneError('该链接已停用', [{ field: 'path.token', reason: '链接已停用' }]),
  busy: () => new SlowDownError(179.2),
  boom: () => new Error('db password=hunter2 <script>'),
  script: () => new ValidationError('<script>alert(1)</script>', [{ field: '', reason: '"><b>' }]),
};

const handler = buildHttpHandler({
  service: 'test',
  logger: new Logger({ logLevel: 'SILENT' }),
  routes: [
    implement(formRoute, async ({ body }) => `<p>${escapeHtml(JSON.stringify(body))}</p>`, {
      renderError: (p, req) =>
        `<h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.detail ?? '')}</p><i>${escapeHtml(req.params.token ?? '')}</i>`,
    }),
    implement(pageRoute, async ({ query }) => {
      if (query.fail) throw failures[query.fail]!();
      return '<p>好</p>';
    }),
    implement(jsonRoute, async () => {
      throw new SlowDownError(60);
    }),
    implement(staffRoute, async () => ({})),
  ],
});

const postForm = (body: string, headers: Record<string, string> = {}) =>
  invoke(
    handler,
    httpEvent({
      method: 'POST',
      path: '/f/tok-1234567890/basic',
      route: '/f/{token}/basic',
      pathParameters: { token: 'tok-1234567890' },
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    }),
  );
const getPage = (fail?: string) =>
  invoke(
    handler,
    httpEvent({
      method: 'GET',
      path: '/f/tok/page',
      route: '/f/{token}/page',
      pathParameters: { token: 'tok' },
      ...(fail ? { query: { fail } } : {}),
    }),
  );

describe('a form body (bodyType: form)', () => {
  it('reaches the body schema as strings, percent-decoded, with a charset in the content type', async () => {
    const res = await postForm(`name=${encodeURIComponent('张三')}&tag=a+b%26c&extra=dropped`, {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    });

    expect(res.status).toBe(200);
    expect(res.raw).toBe('<p>{&#34;name&#34;:&#34;张三&#34;,&#34;tag&#34;:&#34;a b&#38;c&#34;}</p>');
  });

  it('takes a base64-encoded form body, as API Gateway may pass one', async () => {
    const res = await invoke(handler, {
      ...httpEvent({
        method: 'POST',
        path: '/f/tok-1234567890/basic',
        route: '/f/{token}/basic',
        pathParameters: { token: 'tok-1234567890' },
        body: Buffer.from('name=ok').toString('base64'),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      isBase64Encoded: true,
    });

    expect(res.raw).toBe('<p>{&#34;name&#34;:&#34;ok&#34;}</p>');
  });

  it('hands a name sent twice over as an array, which a string field refuses', async () => {
    const res = await postForm('name=a&name=b');

    expect(res.status).toBe(400);
    expect(res.raw).toMatch(/^<h1>提交的内容有误，请检查后再试<\/h1>/);
  });

  it('refuses JSON on a form route with a zh-CN 415 that names what came', async () => {
    const res = await postForm('{"name":"x"}', { 'content-type': 'application/json' });

    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.raw).toContain('<p>请通过表单提交</p>');
  });
});

describe('zh-CN reasons of a 415 on a public route', () => {
  const postJson = (headers: Record<string, string>) =>
    invoke(handler, httpEvent({ method: 'POST', path: '/public/things', body: '{"a":"b"}', headers }));

  it('says in Chinese what to send and what came', async () => {
    const form = await postJson({ 'content-type': 'application/x-www-form-urlencoded' });
    const none = await postJson({});
    const long = await postJson({ 'content-type': `text/plain; ${'x'.repeat(200)}` });

    expect(form.status).toBe(415);
    expect(form.json.errors).toEqual([
      { field: '', reason: '请以 JSON 格式提交（收到的是 application/x-www-form-urlencoded）' },
    ]);
    expect(none.json.errors[0].reason).toBe('请以 JSON 格式提交（收到的是 未注明格式的内容）');
    expect(long.json.errors[0].reason.length).toBeLessThan(120);
    for (const r of [form, none, long]) {
      expect(r.json.title).toMatch(CJK);
      expect(r.json.errors[0].reason).toMatch(CJK);
    }
  });

  it('stays English on a staff route', async () => {
    const res = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/things',
        body: 'a=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        claims: staffClaims('twp-qingshan', ['township_admin']),
      }),
    );

    expect(res.status).toBe(415);
    expect(res.json.errors).toEqual([
      { field: '', reason: 'content-type application/x-www-form-urlencoded' },
    ]);
  });
});

describe('an HTML route (responds: html)', () => {
  it('sends a returned string as a page with the no-script headers', async () => {
    const res = await getPage();

    expect(res.status).toBe(200);
    expect(res.raw).toBe('<p>好</p>');
    expect(res.headers).toEqual(HTML_HEADERS);
    expect(res.headers['content-security-policy']).toBe(NO_SCRIPT_CSP);
    expect(NO_SCRIPT_CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
    expect(NO_SCRIPT_CSP).toContain("form-action 'self'");
    expect(NO_SCRIPT_CSP).not.toMatch(/script-src/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers its errors as zh-CN pages with the status, never as problem details', async () => {
    const gone = await getPage('gone');
    const boom = await getPage('boom');

    expect(gone.status).toBe(410);
    expect(gone.headers).toEqual(HTML_HEADERS);
    expect(gone.raw).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(gone.raw).toContain('<h1>该链接已失效</h1>');
    expect(gone.raw).toContain('<p>该链接已停用</p>');
    expect(gone.raw).toContain('<li>链接已停用</li>');
    expect(boom.status).toBe(500);
    expect(boom.raw).toContain('系统繁忙，请稍后再试');
    expect(boom.raw).not.toMatch(/hunter2|<script>/);
  });

  it('escapes everything on its error pages', async () => {
    const res = await getPage('script');

    expect(res.raw).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(res.raw).toContain('&#34;&#62;&#60;b&#62;');
    expect(res.raw).not.toMatch(/<script>|<b>/);
  });

  it("draws its errors with the route's own renderer, which sees the raw path parameters", async () => {
    const res = await invoke(
      handler,
      httpEvent({
        method: 'POST',
        path: '/f/short/basic',
        route: '/f/{token}/basic',
        pathParameters: { token: '<short>' },
        body: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );

    expect(res.status).toBe(400);
    expect(res.raw).toBe('<h1>提交的内容有误，请检查后再试</h1><p>提交的内容有误</p><i>&#60;short&#62;</i>');
  });

  it('answers a body over its limit with a 413 page, before parsing it', async () => {
    const res = await postForm(`name=${'x'.repeat(600)}`);

    expect(res.status).toBe(413);
    expect(res.raw).toContain('<h1>提交的内容太大</h1>');
  });
});

describe('Retry-After', () => {
  it('comes with a 429 whose error knows when to try again, rounded up to whole seconds', async () => {
    const page = await getPage('busy');
    const json = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/public/things', body: { a: 'b' } }),
    );

    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBe('180');
    expect(page.raw).toContain('提交太频繁，请稍后再试');
    expect(json.status).toBe(429);
    expect(json.headers['retry-after']).toBe('60');
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json.json.detail).toBe('请 3 分钟后再试');
  });

  it('is left out when the error does not know, and for anything that is not a domain error', () => {
    const plain = errorToProblem(new GoneError('gone'), 'zh-CN') as { headers: Record<string, string> };
    const library = errorToProblem(
      Object.assign(new Error('x'), { statusCode: 429, retryAfterSeconds: 5 }),
      'en',
    ) as {
      headers: Record<string, string>;
    };
    const nonsense = errorToProblem(new SlowDownError(Number.NaN), 'en') as {
      headers: Record<string, string>;
    };

    expect(plain.headers['retry-after']).toBeUndefined();
    expect(library.headers['retry-after']).toBeUndefined();
    expect(nonsense.headers['retry-after']).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  it('documents a form-encoded body and HTML answers, errors included', () => {
    const doc = buildOpenApi([formRoute, pageRoute, jsonRoute], { title: 't', version: '1' }) as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: object }; responses: Record<string, { content?: object }> }>
      >;
    };

    const post = doc.paths['/f/{token}/basic']!.post!;
    expect(Object.keys(post.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(Object.keys(post.responses['200']!.content!)).toEqual(['text/html']);
    expect(Object.keys(post.responses['400']!.content!)).toEqual(['text/html']);
    const json = doc.paths['/public/things']!.post!;
    expect(Object.keys(json.requestBody!.content)).toEqual(['application/json']);
    expect(Object.keys(json.responses['400']!.content!)).toEqual(['application/problem+json']);
  });
});
