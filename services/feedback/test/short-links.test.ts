import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@zuofeng/core';
import { auditKeys, sharedKeys } from '@zuofeng/ddb';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { publicRouteThrottle } from '../../../infra/src/stateless-stack';
import { freshTable } from '../../../test/support/ddb';
import type { FeedbackDeps } from '../src/app/deps';
import { feedbackKeys } from '../src/app/keys';
import { createLink, listLinks, revokeLink } from '../src/app/links';
import { linkPosterHtml, linkPosterPdf } from '../src/app/poster-print';
import {
  ensureShortCode,
  resolveShortCode,
  shortLinkKeys,
  shortLinkPut,
  withFreshShortCode,
} from '../src/app/short-links';
import { shortLinkRoute } from '../src/contract-pages';
import { signFormLink } from '../src/domain/form-link';
import { POSTER_TYPE_LINE, posterHtml } from '../src/domain/poster';
import { posterPdf } from '../src/domain/poster-pdf';
import {
  formatShortCode,
  isShortCode,
  newShortCode,
  normaliseShortCode,
  SHORT_CODE_ALPHABET,
} from '../src/domain/short-code';
import { manifest } from '../src/manifest';
import { fontToUnicode, pageContents, pdfObjects, pdfText, rectangles } from './pdf-inspect';

const CODE = fc
  .array(fc.constantFrom(...SHORT_CODE_ALPHABET), { minLength: 11, maxLength: 11 })
  .map((a) => a.join(''));

describe('short codes (domain)', () => {
  it('are 11 symbols of lowercase base32 without i, l, o, u, drawn from 55 random bits and nothing else', () => {
    // Prepare: fixed "randomness"
    const zeros = () => Buffer.alloc(7, 0);
    const ones = () => Buffer.alloc(7, 0xff);
    const asked: number[] = [];

    // Act
    const codes = Array.from({ length: 2000 }, () => newShortCode());
    newShortCode((n) => {
      asked.push(n);
      return Buffer.alloc(n, 1);
    });

    // Assess: the code is a function of the random bytes alone (no tenant, no link id reaches it)
    expect(SHORT_CODE_ALPHABET).toHaveLength(32);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[ilou]/);
    expect(newShortCode(zeros)).toBe('00000000000');
    expect(newShortCode(ones)).toBe('zzzzzzzzzzz');
    expect(asked).toEqual([7]);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{11}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every symbol turns up, in every position's neighbourhood: no position is stuck.
    expect(new Set(codes.join('')).size).toBe(32);
    expect(new Set(codes.map((c) => c[0])).size).toBeGreaterThan(28);
  });

  it('prints in groups of 4-4-3, and reads back however a resident types it', () => {
    const code = '7k3m9qpx2vd';

    expect(formatShortCode(code)).toBe('7k3m-9qpx-2vd');
    for (const typed of [
      '7k3m9qpx2vd',
      '7k3m-9qpx-2vd',
      '7K3M-9QPX-2VD',
      '7k3m 9qpx 2vd',
      '7k3m-9qpx-2vd/',
      '７ｋ３ｍ－９ｑｐｘ－２ｖｄ', // a Chinese keyboard's full-width letters and dash
      '7k3m–9qpx—2vd', // en and em dashes
    ])
      expect(normaliseShortCode(typed)).toBe(code);
    // The letters people type for the digits that look like them
    expect(normaliseShortCode('O1ab-cdef-ghj')).toBe('01abcdefghj');
    expect(normaliseShortCode('oIab-cdef-gLj')).toBe('01abcdefg1j');
  });

  it('refuses what cannot be a code', () => {
    for (const typed of [
      '',
      '/',
      '7k3m-9qpx-2v',
      '7k3m-9qpx-2vdd',
      '7k3m-9qpx-2vu',
      '7k3m.9qpx.2vd',
      '7k3m%9qpx',
    ])
      expect(normaliseShortCode(typed)).toBeUndefined();
    expect(isShortCode('7k3m-9qpx-2vd')).toBe(false);
    expect(isShortCode('7k3m9qpx2vd')).toBe(true);
  });

  it('round-trips any code through its printed form, in any case', () => {
    fc.assert(
      fc.property(CODE, (code) => {
        expect(normaliseShortCode(formatShortCode(code))).toBe(code);
        expect(normaliseShortCode(formatShortCode(code).toUpperCase())).toBe(code);
      }),
    );
  });
});

describe('the route', () => {
  it('is a public page of the feedback service, throttled like the form pages', () => {
    expect(manifest.http?.routes).toContain(shortLinkRoute);
    expect(shortLinkRoute).toMatchObject({
      method: 'GET',
      path: '/s/{code}',
      auth: 'public',
      responds: 'html',
    });
    expect(publicRouteThrottle(shortLinkRoute)).toEqual(
      publicRouteThrottle({ method: 'GET', path: '/f/{token}' }),
    );
  });
});

const LONG = 'https://pj.example.cn/f/twp-qingshan.01KAXR3Q5VJ7W3H7Z0K9Y4N2BD.q1w2e3r4t5y6u7i8o9p0aZ';
const SHORT = 'https://pj.example.cn/s/7k3m-9qpx-2vd';

describe('the poster with a short URL', () => {
  it('HTML: prints the short URL to type; the QR code stays the full URL', async () => {
    const qrSvg = await QRCode.toString(LONG, { type: 'svg' });
    const html = posterHtml({ township: '青山镇', unit: '东村', url: LONG, shortUrl: SHORT, qrSvg });

    expect(html).toContain(`<p class="type">${POSTER_TYPE_LINE}</p>`);
    expect(html).toContain(`<p class="url">${SHORT}</p>`);
    expect(html).not.toContain(`<p class="url">${LONG}</p>`);
    expect(html).toContain(qrSvg.replace(/^<\?xml[^>]*>\s*/, ''));
  });

  it('PDF: prints the short URL and the line over it, draws the full URL as the QR code, on one page', async () => {
    const pdf = await posterPdf({
      township: '青山镇',
      unit: '东村',
      label: '村委会公告栏',
      url: LONG,
      shortUrl: SHORT,
      validUntil: '2026-12-31T16:30:00.000Z',
    });
    const text = pdfText(pdf);
    const [content = ''] = pageContents(pdfObjects(pdf));
    const rects = rectangles(content);

    expect(text).toContain(SHORT);
    expect(text).toContain(POSTER_TYPE_LINE);
    expect(text.join('')).not.toContain(LONG);
    expect([...pdfObjects(pdf).values()].filter((o) => /\/Type \/Page\b/.test(o.dict))).toHaveLength(1);
    // The QR code has the full URL's module count (the short URL's would be smaller), at least 60 mm wide.
    const n = QRCode.create(LONG, { errorCorrectionLevel: 'M' }).modules.size;
    expect(n).toBeGreaterThan(QRCode.create(SHORT, { errorCorrectionLevel: 'M' }).modules.size);
    const cell = Math.min(...rects.map((r) => r.h)) - 0.05;
    const x0 = Math.min(...rects.map((r) => r.x));
    expect(Math.round((Math.max(...rects.map((r) => r.x + r.w)) - x0) / cell)).toBe(n);
    expect(cell * (n + 8)).toBeGreaterThanOrEqual(60 * (72 / 25.4) - 0.01);
  });

  it('PDF: prints each letter of a short code as its own glyph, "ff" too (no ligature to misread or to copy)', async () => {
    // Prepare: codes that hold the pairs a Latin font may join (i and l are not in the alphabet; f is)
    const shortUrl = 'https://pj.example.cn/s/ffff-ffaf-0ff';

    // Act
    const pdf = await posterPdf({ township: '青山镇', url: LONG, shortUrl });

    // Assess: every glyph of the font stands for exactly one character, and the text reads back whole
    const cmap = fontToUnicode(pdfObjects(pdf));
    expect([...cmap.values()].filter((text) => [...text].length !== 1)).toEqual([]);
    expect(pdfText(pdf)).toContain(shortUrl);
  });
});

// ── on DynamoDB Local ────────────────────────────────────────────────────────────────────────────────────
const T = 'twp-shorttest';
const SECRET = 'short-secret-short-secret-short';
const BASE = 'https://pj.example.cn';
const admin: Principal = { userId: 'usr-admin', tenantId: T, roles: ['township_admin'], username: 's.admin' };

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: FeedbackDeps;

const get = async (Key: { pk: string; sk: string }) =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key, ConsistentRead: true }))).Item;
const auditActions = async () =>
  (
    (
      await table.doc.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditKeys.partition(T) },
          ConsistentRead: true,
        }),
      )
    ).Items ?? []
  )
    .filter((i) => i.kind === 'audit')
    .map((i) => i.action as string);

beforeAll(async () => {
  table = await freshTable('feedback-short');
  deps = {
    doc: table.doc,
    tableName: table.tableName,
    formLinkSecret: async () => SECRET,
    now: () => new Date('2026-05-01T01:00:00.000Z'),
  };
  const put = (Item: Record<string, unknown>) =>
    table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
  await put({
    ...sharedKeys.profile(T),
    tenantId: T,
    name: '短码镇',
    tenantType: 'township',
    status: 'active',
  });
  await put({ ...sharedKeys.unit(T, 'u-dongcun'), unitId: 'u-dongcun', name: '东村', unitType: 'village' });
});
afterAll(() => table.drop());

describe('short links (use cases)', () => {
  it('gives a new link a short code, in the same transaction, outside any tenant partition', async () => {
    // Act
    const link = await createLink(deps, admin, { unitId: 'u-dongcun' }, BASE);

    // Assess
    expect(link.shortCode).toMatch(/^[0-9a-hjkmnp-tv-z]{11}$/);
    expect(link.shortUrl).toBe(`${BASE}/s/${formatShortCode(link.shortCode!)}`);
    expect(await get(feedbackKeys.link(T, link.linkId))).toMatchObject({ shortCode: link.shortCode });
    const item = await get(shortLinkKeys.code(link.shortCode!));
    expect(item).toMatchObject({ tenantId: T, linkId: link.linkId, code: link.shortCode });
    expect(item?.pk).toBe(`T#platform#SHORTLINK#${link.shortCode}`);
    expect((await listLinks(deps, T, BASE)).items.find((l) => l.linkId === link.linkId)?.shortUrl).toBe(
      link.shortUrl,
    );
  });

  it('resolves a typed code to the signed token of its link, revoked or not; an unknown code is a 404', async () => {
    // Prepare
    const link = await createLink(deps, admin, {}, BASE);
    const printed = formatShortCode(link.shortCode!);

    // Act
    const typed = await resolveShortCode(deps, printed.toUpperCase().replace(/0/g, 'O').replace(/1/g, 'l'));
    await revokeLink(deps, admin, link.linkId, BASE);
    const revoked = await resolveShortCode(deps, `${printed}/`);

    // Assess
    const token = signFormLink(SECRET, { tenantId: T, linkId: link.linkId });
    expect(typed).toEqual({ tenantId: T, linkId: link.linkId, token });
    expect(revoked.token).toBe(token);
    await expect(resolveShortCode(deps, 'zzzz-zzzz-zzz')).rejects.toMatchObject({ status: 404 });
    await expect(resolveShortCode(deps, 'not a code')).rejects.toMatchObject({ status: 404 });
  });

  it('gives a link made before short codes its code when its poster is first printed, once, audited', async () => {
    // Prepare: a link as the seed writes it, with no short code
    const linkId = '01KAXR3Q5VJ7W3H7Z0K9Y4N2BD';
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...feedbackKeys.link(T, linkId), kind: 'form-link', linkId, unitId: 'u-dongcun' },
      }),
    );
    const before = (await listLinks(deps, T, BASE)).items.find((l) => l.linkId === linkId);

    // Act: two printings at once (HTML and PDF), then another
    const [html, pdf] = await Promise.all([
      linkPosterHtml(deps, T, linkId, BASE),
      linkPosterPdf(deps, T, linkId, BASE),
    ]);
    const again = await linkPosterHtml(deps, T, linkId, BASE);

    // Assess
    expect(before?.shortUrl).toBeUndefined();
    const stored = (await get(feedbackKeys.link(T, linkId)))?.shortCode as string;
    const shortUrl = `${BASE}/s/${formatShortCode(stored)}`;
    expect(html).toContain(shortUrl);
    expect(again).toContain(shortUrl);
    expect(pdfText(pdf.body)).toContain(shortUrl);
    expect((await resolveShortCode(deps, stored)).linkId).toBe(linkId);
    expect((await auditActions()).filter((a) => a === 'form-link.short-code')).toHaveLength(1);
    expect(await ensureShortCode(deps, T, { linkId })).toBe(stored);
  });

  it('never overwrites a code that is taken: the write tries a fresh one', async () => {
    // Prepare: a code another link holds
    const taken = newShortCode();
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...shortLinkKeys.code(taken), kind: 'form-link-short', tenantId: 'twp-other', linkId: 'X' },
      }),
    );
    const fresh = newShortCode();
    const offered = [taken, fresh];

    // Act
    const code = await withFreshShortCode(
      deps,
      (c) => ({
        items: [shortLinkPut(deps, { code: c, tenantId: T, linkId: 'Y', createdAt: '2026-05-01T01:00:00Z' })],
        audit: [],
      }),
      () => offered.shift()!,
    );

    // Assess
    expect(code).toBe(fresh);
    expect(await get(shortLinkKeys.code(taken))).toMatchObject({ tenantId: 'twp-other', linkId: 'X' });
    expect(await get(shortLinkKeys.code(fresh))).toMatchObject({ tenantId: T, linkId: 'Y' });
  });
});
