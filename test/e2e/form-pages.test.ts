import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { demoLinks } from '../../packages/local/src';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';

/**
 * The residents' pages as the API serves them (services/feedback/src/adapters/routes-pages.ts), the same code
 * on AWS and on `npm start`: gzip for a slow connection, an ETag so a phone that has the page gets a 304, a
 * strict CSP, no Referer, scripts cached for a year under their content hash, and each page carrying its own
 * link's address for the simple page that needs no script.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
const token = () => demoLinks(TEST_SECRET)[0]!.token;

beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t?.stop());

/** A GET over node:http, which (unlike fetch) neither asks for nor undoes gzip by itself. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(`${t.rt.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the form page', () => {
  it('is HTML with a strict policy, no Referer, and the simple page of its own link', async () => {
    const res = await get(`/f/${token()}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-cache');
    const html = res.body.toString('utf8');
    expect(html).toContain(`href="/f/${token()}/basic"`);
    expect(html).not.toContain('__ZF_BASIC_HREF__');
    expect(html).toContain('党的温暖送到没有');
  });

  it('is gzipped when the browser takes gzip, and the same page unzipped', async () => {
    const plain = await get(`/f/${token()}`);
    const zipped = await get(`/f/${token()}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });

  it('answers 304 with no body to a phone that has it already', async () => {
    const first = await get(`/f/${token()}`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`/f/${token()}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // Another link's page is another page.
    const other = demoLinks(TEST_SECRET)[1]!.token;
    expect((await get(`/f/${other}`, { 'if-none-match': etag })).status).toBe(200);
  });

  it('the receipt pages carry the simple status page of their code', async () => {
    const withCode = (await get(`/f/${token()}/r/ABCD-EFGH-JKMN-PQRS`)).body.toString('utf8');
    expect(withCode).toContain(`href="/f/${token()}/basic/r/ABCD-EFGH-JKMN-PQRS"`);
    const bare = await get(`/f/${token()}/r`);
    expect(bare.status).toBe(200);
    expect(bare.body.toString('utf8')).toContain(`href="/f/${token()}/basic/r"`);
  });
});

it('answers a malformed link with a Chinese page, not problem details', async () => {
  const res = await get('/f/short');
  expect(res.status).toBe(400);
  expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
  // A link typed wrong: said as such, with what to do, not as "what you submitted is wrong".
  const html = res.body.toString('utf8');
  expect(html).toContain('<title>链接不完整或有误，请重新扫描海报上的二维码</title>');
  expect(html).toContain('镇便民服务中心');
  expect(html).not.toContain('提交的内容有误');
});

describe('the scripts', () => {
  it('are cached for a year under their hashed URL, and unknown files are a Chinese 404', async () => {
    const html = (await get(`/f/${token()}`)).body.toString('utf8');
    const src = /<script defer src="([^"]+)"/.exec(html)?.[1];
    expect(src).toMatch(/^\/f\/assets\/form\.js\?v=[\w-]+$/);
    const js = await get(src!.replace(/&amp;/g, '&'), { 'accept-encoding': 'gzip' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(js.body).length).toBeGreaterThan(1000);

    const missing = await get('/f/assets/nothing.js');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).detail).toBe('文件不存在');
    expect((await get('/f/assets/..%2Fpackage.json')).status).toBeGreaterThanOrEqual(400);
  });
});
