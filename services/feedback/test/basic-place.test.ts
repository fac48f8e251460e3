import { httpEvent, invoke } from '../../../packages/http/test/events/factory';
import { feedbackHandlerFixture } from './handler-fixture';

/**
 * Through the feedback handler, on DynamoDB Local: the simple pages that follow a case name the link's
 * township and unit (a revoked link's too: it still answers for its receipts); an empty lookup asks for a
 * code; and a mistyped link on the residents' pages reads as a link to scan again.
 */
const f = feedbackHandlerFixture('feedback-basic-place', {});

const get = (path: string, route: string, params: Record<string, string>, query?: Record<string, string>) =>
  invoke(
    f.handler,
    httpEvent({ method: 'GET', path, route, pathParameters: params, ...(query ? { query } : {}) }),
  );
const lookup = (token: string, code?: string) =>
  get(`/f/${token}/basic/r`, '/f/{token}/basic/r', { token }, code === undefined ? undefined : { code });
const place = (html: string) => /<p class="place">([^<]*)<\/p>/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe('the lookup and status pages without scripts', () => {
  it('show the township and the unit of the link, revoked or not, and the township for a township-wide one', async () => {
    // Prepare
    const unit = await f.newLink({ unitId: 'u-xicun' });
    const revoked = await f.newLink({ unitId: 'u-dongcun', revoked: true });
    const township = await f.newLink({});

    // Act
    const pages = await Promise.all([lookup(unit.token), lookup(revoked.token), lookup(township.token)]);

    // Assess
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    expect(pages.map((p) => place(p.raw))).toEqual(['青山镇 · 西村', '青山镇 · 东村', '青山镇']);
  });

  it('name the place on a code’s page too, found or not', async () => {
    const { token } = await f.newLink({ unitId: 'u-xicun' });

    const unknown = await get(`/f/${token}/basic/r/7K3Q-9M2D-X8PA-4TNB`, '/f/{token}/basic/r/{code}', {
      token,
      code: '7K3Q-9M2D-X8PA-4TNB',
    });

    expect(unknown.status).toBe(404);
    expect(place(unknown.raw)).toBe('青山镇 · 西村');
  });

  it('ask for a code when the lookup is sent empty, on the lookup and on a code’s page of blanks', async () => {
    const { token } = await f.newLink({ unitId: 'u-xicun' });

    const empty = await lookup(token, '  ');
    const blank = await get(`/f/${token}/basic/r/%20`, '/f/{token}/basic/r/{code}', { token, code: ' ' });

    for (const r of [empty, blank]) {
      expect(r.status).toBe(400);
      expect(r.raw).toContain('请输入回执码');
      expect(r.raw).not.toContain('格式不对');
    }
  });

  it('refuse a forged link as a wrong link (404)', async () => {
    const { token } = await f.newLink({ unitId: 'u-xicun' });

    const forged = await lookup(`${token.slice(0, -2)}xx`);

    expect(forged.status).toBe(404);
    expect(title(forged.raw)).toBe('链接不完整或有误，请重新扫描海报上的二维码');
  });
});

describe('the JSON receipt lookup', () => {
  it('asks for a code when it is blank', async () => {
    const { token } = await f.newLink({ unitId: 'u-xicun' });

    const res = await get(`/public/forms/${token}/receipts/%20`, '/public/forms/{token}/receipts/{code}', {
      token,
      code: ' ',
    });

    expect(res.status).toBe(400);
    expect(JSON.parse(res.raw).detail).toBe('请输入回执码');
  });
});

describe('the full pages of a mistyped link', () => {
  it.each([
    ['/f/abc', '/f/{token}', { token: 'abc' }],
    ['/f/abc/r', '/f/{token}/r', { token: 'abc' }],
    ['/f/abc/r/7K3Q', '/f/{token}/r/{code}', { token: 'abc', code: '7K3Q' }],
  ])('%s says the link is wrong, not that something submitted is', async (path, route, params) => {
    const res = await get(path, route, params);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(title(res.raw)).toBe('链接不完整或有误，请重新扫描海报上的二维码');
    expect(res.raw).toContain('镇便民服务中心');
    expect(res.raw).not.toContain('提交的内容有误');
  });
});
