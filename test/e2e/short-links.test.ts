import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { demoLinkId } from '../../packages/local/src/demo-data';
import { qrSvgOf } from '../../services/feedback/src/app/links';
import { shortLinkKeys } from '../../services/feedback/src/app/short-links';
import { POSTER_TYPE_LINE } from '../../services/feedback/src/domain/poster';
import { pdfText } from '../../services/feedback/test/pdf-inspect';
import { startTestRuntime } from '../support/runtime';

/**
 * A form link's short URL (`/s/<code>`), over HTTP on the local runtime: the console gets it with the link, the
 * poster prints it, a resident who types it (however carelessly) lands on the form, a code that is no link's
 * gets a Chinese page, and no code leads to another township's link except its own.
 */
const T = 'twp-qingshan';
const CJK = /[\u4e00-\u9fff]/;
const SHORT = /\/s\/([0-9a-hjkmnp-tv-z]{4})-([0-9a-hjkmnp-tv-z]{4})-([0-9a-hjkmnp-tv-z]{3})$/;

interface Link {
  linkId: string;
  token: string;
  url: string;
  shortCode: string;
  shortUrl: string;
}

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
});
afterAll(() => t?.stop());

async function newLink(
  token = admin,
  body: Record<string, unknown> = { unitId: 'u-dongcun' },
): Promise<Link> {
  const res = await t.api('POST', '/form-links', { token, body });
  expect(res.status).toBe(201);
  return res.json as Link;
}

/** A GET that does not follow redirects. */
const open = (path: string) => fetch(`${t.rt.url}${path}`, { redirect: 'manual' });
const pathOf = (url: string) => new URL(url).pathname;

describe('short URLs of form links', () => {
  it('come with a new link and redirect to its form page, with the headers of our pages', async () => {
    // Act
    const link = await newLink();
    const res = await open(pathOf(link.shortUrl));
    const followed = await fetch(link.shortUrl);

    // Assess: the short URL is short, and leads to the full one
    expect(link.shortUrl).toMatch(new RegExp(`^${t.rt.url}/s/`));
    expect(link.shortUrl).toMatch(SHORT);
    expect(link.shortUrl.length - t.rt.url.length).toBe(16);
    expect(link.url.length - t.rt.url.length).toBeGreaterThan(60);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(link.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(followed.status).toBe(200);
    expect(followed.url).toBe(link.url);
    expect(followed.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await followed.text()).toContain('lang="zh-CN"');
    // The console's list carries it too
    const listed = (await t.api('GET', '/form-links', { token: admin })).json.items.find(
      (l: Link) => l.linkId === link.linkId,
    );
    expect(listed).toMatchObject({ shortCode: link.shortCode, shortUrl: link.shortUrl });
  });

  it('forgive how a resident types them: capitals, no dashes, o for 0, i or l for 1, a trailing slash', async () => {
    // Prepare: a link, and (so that the confusable letters are surely exercised) a code with 0s and 1s of
    // its own that names the same link, written as the service writes its lookup items
    const link = await newLink();
    await t.doc.send(
      new PutCommand({
        TableName: t.tableName,
        Item: {
          ...shortLinkKeys.code('01hjk0m1npq'),
          kind: 'form-link-short',
          code: '01hjk0m1npq',
          tenantId: T,
          linkId: link.linkId,
          createdAt: new Date().toISOString(),
        },
      }),
    );
    const [, a, b, c] = SHORT.exec(link.shortUrl)!;

    // Act
    const typed = [
      `/s/${a}${b}${c}`,
      `/s/${a}-${b}-${c}/`,
      `/s/${`${a}${b}${c}`.toUpperCase()}`,
      `/s/${encodeURIComponent(`${a} ${b} ${c}`)}`,
      '/s/OlHJ-KOMI-NPQ',
      '/s/oIhjkoml npq/'.replace(' ', '%20'),
    ];
    const answers = await Promise.all(typed.map(open));

    // Assess
    for (const [i, res] of answers.entries()) {
      expect([typed[i], res.status]).toEqual([typed[i], 302]);
      expect(res.headers.get('location')).toBe(link.url);
    }
  });

  it('answer a code that is no link with a small Chinese page, 404', async () => {
    for (const path of ['/s/zzzz-zzzz-zzz', '/s/hello', '/s/uuuu-uuuu-uuu', '/s/%3Cscript%3E']) {
      // Act
      const res = await open(path);
      const body = await res.text();

      // Assess
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(body).toContain('<html lang="zh-CN">');
      expect(body).toContain('没有找到这个评价页面');
      expect(body).toMatch(CJK);
      expect(body).not.toContain('<script');
      expect(body.length).toBeLessThan(2048);
    }
  });

  it('still lead to a revoked link, whose form explains in Chinese that it is closed', async () => {
    // Prepare
    const link = await newLink();
    expect((await t.api('POST', `/form-links/${link.linkId}/revoke`, { token: admin })).status).toBe(200);

    // Act
    const res = await open(pathOf(link.shortUrl));
    const form = await t.api('GET', `/public/forms/${link.token}`);

    // Assess
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(link.url);
    expect(form.status).toBe(410);
    expect(form.json.detail).toMatch(CJK);
  });

  it("are random: nothing in them follows from the township or the link, and none leads to another's link", async () => {
    // Prepare: links of two townships, made back to back
    const other = await t.token('baishui.admin');
    const links = [await newLink(), await newLink(), await newLink(other, {}), await newLink(other, {})];

    // Assess: distinct codes that contain nothing of the ids, and each leads to its own link only
    const codes = links.map((l) => l.shortCode);
    expect(new Set(codes).size).toBe(4);
    for (const l of links) {
      const ids = `${l.linkId}.${l.token}.twp-qingshan.twp-baishui`.toLowerCase();
      // Six symbols in a row (30 bits): four matched the 100-odd characters of the ids by chance 1 run in 1000
      for (let i = 0; i + 6 <= l.shortCode.length; i++)
        expect(ids).not.toContain(l.shortCode.slice(i, i + 6));
      expect((await open(pathOf(l.shortUrl))).headers.get('location')).toBe(l.url);
      // The neighbours of a code are nobody's
      const last = l.shortCode.at(-1) === 'z' ? 'y' : 'z';
      expect((await open(`/s/${l.shortCode.slice(0, -1)}${last}`)).status).toBe(404);
      // The lookup item says which link, and nothing the township wrote
      const item = (
        await t.doc.send(new GetCommand({ TableName: t.tableName, Key: shortLinkKeys.code(l.shortCode) }))
      ).Item!;
      expect(Object.keys(item).sort()).toEqual([
        'code',
        'createdAt',
        'kind',
        'linkId',
        'pk',
        'sk',
        'tenantId',
      ]);
    }
    // A township's short URL opens its own form, and the other office cannot print it
    const baishuiForm = await t.api('GET', `/public/forms/${links[2]!.token}`);
    expect(baishuiForm.json.township).toBe('白水镇');
    expect((await t.api('GET', `/form-links/${links[2]!.linkId}/poster`, { token: admin })).status).toBe(404);
  });

  it('are printed on the poster (HTML and PDF) under a QR code that keeps the full URL', async () => {
    // Prepare
    const link = await newLink(admin, { unitId: 'u-dongcun', label: '村口小卖部' });
    const auth = { headers: { authorization: `Bearer ${admin}` } };

    // Act
    const html = await (await fetch(`${t.rt.url}/form-links/${link.linkId}/poster`, auth)).text();
    const pdf = Buffer.from(
      await (await fetch(`${t.rt.url}/form-links/${link.linkId}/poster.pdf`, auth)).arrayBuffer(),
    );
    const qr = await (await fetch(`${t.rt.url}/form-links/${link.linkId}/qr.svg`, auth)).text();

    // Assess
    expect(html).toContain(`<p class="url">${link.shortUrl}</p>`);
    expect(html).toContain(POSTER_TYPE_LINE);
    const text = pdfText(pdf);
    expect(text).toContain(link.shortUrl);
    expect(text).toContain(POSTER_TYPE_LINE);
    expect(qr).toBe(await qrSvgOf(link.url));
  });

  it('reach a link made before them (the seed) the first time its poster is printed', async () => {
    // Prepare: a seeded link of 青山镇, which has no short code
    const linkId = demoLinkId(1, 0);
    const before = (await t.api('GET', '/form-links', { token: admin })).json.items.find(
      (l: Link) => l.linkId === linkId,
    );
    expect(before).toBeDefined();
    expect(before.shortUrl).toBeUndefined();

    // Act
    const pdf = await fetch(`${t.rt.url}/form-links/${linkId}/poster.pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const after = (await t.api('GET', '/form-links', { token: admin })).json.items.find(
      (l: Link) => l.linkId === linkId,
    );

    // Assess
    expect(pdf.status).toBe(200);
    expect(after.shortUrl).toMatch(SHORT);
    expect(pdfText(Buffer.from(await pdf.arrayBuffer()))).toContain(after.shortUrl);
    const res = await open(pathOf(after.shortUrl));
    expect(res.headers.get('location')).toBe(after.url);
  });
});
