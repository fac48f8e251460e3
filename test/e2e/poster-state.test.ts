import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { startTestRuntime } from '../support/runtime';

/**
 * A poster asks residents to scan: a revoked or expired link, whose form answers 410, gets none. Both poster
 * routes (the PDF and the HTML preview) answer 409 naming the link's state, in the console's language, and a
 * link older than short codes is not given one on the way. The QR code downloads under a Chinese name, like
 * the PDF.
 */
const T = 'twp-qingshan';
const CJK = /[\u4e00-\u9fff]/;
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' };
const EN = { 'accept-language': 'en' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
});
afterAll(() => t?.stop());

async function newLink(body: Record<string, unknown>) {
  const res = await t.api('POST', '/form-links', { token: admin, body });
  expect(res.status).toBe(201);
  return res.json as { linkId: string; shortUrl?: string };
}

const posters = (linkId: string, headers: Record<string, string>) =>
  Promise.all(
    [`/form-links/${linkId}/poster.pdf`, `/form-links/${linkId}/poster`].map((path) =>
      t.api('GET', path, { token: admin, headers }),
    ),
  );

const stored = async (linkId: string) =>
  (await t.doc.send(new GetCommand({ TableName: t.tableName, Key: feedbackKeys.link(T, linkId) }))).Item;

describe('the posters of a link that takes no more submissions', () => {
  it('are refused (409) once the link is revoked, saying so in Chinese to the console and in English otherwise', async () => {
    // Prepare: a link that prints, then is revoked
    const link = await newLink({ unitId: 'u-dongcun', label: '村委会公告栏' });
    const before = await fetch(`${t.rt.url}/form-links/${link.linkId}/poster.pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(before.status).toBe(200);
    expect((await t.api('POST', `/form-links/${link.linkId}/revoke`, { token: admin })).status).toBe(200);

    // Act
    const zh = await posters(link.linkId, ZH);
    const en = await posters(link.linkId, EN);

    // Assess: both routes, both languages, the state named on the link's field
    for (const res of zh) {
      expect(res.status).toBe(409);
      expect(res.json.type).toBe('https://zuofeng.dev/problems/conflict');
      expect(res.json.detail).toMatch(/评价链接已停用/);
      expect(res.json.detail).toMatch(/新建/);
      expect(res.json.errors).toEqual([{ field: 'path.linkId', reason: '已停用' }]);
    }
    for (const res of en) {
      expect(res.status).toBe(409);
      expect(res.json.detail).toMatch(/^this form link is revoked/);
      expect(res.json.detail).not.toMatch(CJK);
      expect(res.json.errors).toEqual([{ field: 'path.linkId', reason: 'revoked' }]);
    }
  });

  it('are refused (409) once the link has expired, with the day it ended', async () => {
    // Prepare: a link valid until a day that has since passed (China time)
    const link = await newLink({ unitId: 'u-xicun', validUntil: '2099-05-31T23:59:59+08:00' });
    await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: feedbackKeys.link(T, link.linkId),
        UpdateExpression: 'SET validUntil = :past',
        ExpressionAttributeValues: { ':past': '2026-05-31T15:59:59.000Z' },
      }),
    );

    // Act
    const zh = await posters(link.linkId, ZH);
    const en = await posters(link.linkId, EN);

    // Assess
    for (const res of zh) {
      expect(res.status).toBe(409);
      expect(res.json.detail).toMatch(/评价链接已过期（有效期至2026年5月31日）/);
      expect(res.json.errors).toEqual([{ field: 'path.linkId', reason: '已过期' }]);
    }
    for (const res of en) {
      expect(res.json.detail).toMatch(/^this form link expired on 2026-05-31/);
      expect(res.json.errors).toEqual([{ field: 'path.linkId', reason: 'expired' }]);
    }
  });

  it('gives a revoked link older than short codes no short code on the way', async () => {
    // Prepare: a link as the seed writes it (no short code), revoked
    const linkId = '01KB0P0STERSTATE0000000001';
    await t.doc.send(
      new PutCommand({
        TableName: t.tableName,
        Item: { ...feedbackKeys.link(T, linkId), kind: 'form-link', linkId, unitId: 'u-dongcun' },
      }),
    );
    expect((await t.api('POST', `/form-links/${linkId}/revoke`, { token: admin })).status).toBe(200);

    // Act
    const answers = await posters(linkId, ZH);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([409, 409]);
    expect((await stored(linkId))?.shortCode).toBeUndefined();
  });

  it('still prints an active link’s poster, and names its QR code like the poster', async () => {
    // Act
    const link = await newLink({ unitId: 'u-dongcun', label: '便民服务中心' });
    const html = await fetch(`${t.rt.url}/form-links/${link.linkId}/poster`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const qr = await fetch(`${t.rt.url}/form-links/${link.linkId}/qr.svg`, {
      headers: { authorization: `Bearer ${admin}` },
    });

    // Assess
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('便民服务中心');
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-disposition')).toBe(
      `attachment; filename="form-link-${link.linkId}.svg"; filename*=UTF-8''${encodeURIComponent('青山镇-东村-便民服务中心-评价二维码.svg')}`,
    );
  });
});
