import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from '@zuofeng/ddb';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { PHOTO_LIMITS, photoKeys } from '../../services/feedback/src/app/photos';
import { MAX_PHOTO_BYTES } from '../../services/feedback/src/domain/photo';
import { clearOfWindowEdge, residentAddress, submitAsResident } from '../support/feedback';
import { startTestRuntime, until } from '../support/runtime';

/**
 * A resident's optional photo, over HTTP against the local runtime: the form sends the (already resized) bytes
 * to the API, which checks them and keeps them pending; a submission through the same link claims the photo
 * once; staff see it with the feedback and on the public problem. Every refusal stores nothing.
 */
const T = 'twp-qingshan';
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };
/** The smallest thing that is a JPEG by its bytes (what the API checks), padded to a size. */
const jpeg = (size = 2048) => {
  const b = Buffer.alloc(size, 0x11);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  b.set([0xff, 0xd9], size - 2);
  return b;
};

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;
let evidenceDir: string;

beforeAll(async () => {
  evidenceDir = mkdtempSync(join(tmpdir(), 'zf-photo-'));
  t = await startTestRuntime({ evidenceDir });
  admin = await t.token('qingshan.admin');
});
afterAll(async () => {
  await t?.stop();
  rmSync(evidenceDir, { recursive: true, force: true });
});

/** POST raw bytes from a chosen loopback address (fetch cannot bind one). */
function upload(
  token: string,
  body: Buffer,
  type = 'image/jpeg',
  from = residentAddress(),
): Promise<{
  status: number;
  retryAfter?: string;
  json: { key?: string; detail?: string; errors?: { field: string; reason: string }[] };
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.rt.url}/public/forms/${token}/photos`,
      {
        method: 'POST',
        headers: { 'content-type': type, 'content-length': body.length },
        ...(from ? { localAddress: from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            json: raw ? JSON.parse(raw) : {},
            retryAfter: res.headers['retry-after'],
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function newLink(unitId = 'u-dongcun') {
  const res = await t.api('POST', '/form-links', { token: admin, body: { unitId } });
  expect(res.status).toBe(201);
  return res.json as { linkId: string; token: string };
}

const uploadsOf = (tenantId = T) => t.items(tenantPk(tenantId, 'PHOTO'));
const feedbackCount = () => t.count(feedbackKeys.feedbackPartition(T));

describe('a resident sends a photo with the complaint', () => {
  it('is stored by its bytes, claimed by the submission, and shown to staff with the feedback and the problem', async () => {
    const link = await newLink();
    const bytes = jpeg(4096);
    const up = await upload(link.token, bytes);
    expect(up.status).toBe(201);
    const key = up.json.key!;
    expect(key).toMatch(new RegExp(`^evidence/${T}/[0-9A-Z]{26}/photo\\.jpg$`));
    expect(readFileSync(join(evidenceDir, key))).toEqual(bytes);
    expect((await uploadsOf()).map((u) => u.sk)).toContain(key);

    const complaint = `村口的排水沟堵了，雨天积水（照片 ${Date.now()}）`;
    const res = await submitAsResident(t, link.token, { ratings, complaint, photoKey: key });
    expect(res.status).toBe(201);
    // Claimed once: the upload record is gone with the submission's transaction.
    expect((await uploadsOf()).map((u) => u.sk)).not.toContain(key);

    // Staff see it with the feedback, and open it through the evidence route of their own township.
    const list = await t.api('GET', '/feedback?limit=100', { token: admin });
    const row = (list.json.items as { complaint?: string; photoKey?: string }[]).find(
      (i) => i.complaint === complaint,
    );
    expect(row?.photoKey).toBe(key);
    const url = await t.api('GET', `/evidence?key=${encodeURIComponent(key)}`, { token: admin });
    expect(url.status).toBe(200);
    const file = await fetch(`${t.rt.url}${url.json.url}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);

    // Intake's public problem carries it.
    const problem = await until('the public problem with its photo', async () => {
      const items = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items as {
        description: string;
        photoKey?: string;
      }[];
      return items.find((p) => p.description === complaint);
    });
    expect(problem.photoKey).toBe(key);
  });

  it('refuses a second submission with the same photo, and one through another link, storing nothing', async () => {
    const link = await newLink();
    const other = await newLink('u-xicun');
    const up = await upload(link.token, jpeg());
    expect(up.status).toBe(201);
    const key = up.json.key!;
    const before = await feedbackCount();

    const elsewhere = await submitAsResident(t, other.token, {
      ratings,
      complaint: '另一个码',
      photoKey: key,
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.errors).toContainEqual(expect.objectContaining({ field: 'body.photoKey' }));
    expect(elsewhere.json.detail).toMatch(/照片已失效/);
    expect(await feedbackCount()).toBe(before);

    expect((await submitAsResident(t, link.token, { ratings, photoKey: key })).status).toBe(201);
    const again = await submitAsResident(t, link.token, { ratings, complaint: '再用一次', photoKey: key });
    expect(again.status).toBe(400);
    expect(await feedbackCount()).toBe(before + 1);
  });

  it("refuses another township's photo key by its prefix", async () => {
    const link = await newLink();
    const res = await submitAsResident(t, link.token, {
      ratings,
      photoKey: 'evidence/twp-baishui/01JDEMP0000000000000PHT001/photo.jpg',
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toContainEqual(expect.objectContaining({ field: 'body.photoKey' }));
  });

  it('refuses what is not a photo, a wrong type, an empty or oversized body and a revoked link, storing nothing', async () => {
    const link = await newLink();
    const before = (await uploadsOf()).length;

    const script = await upload(link.token, Buffer.from('<script>alert(1)</script>'), 'image/jpeg');
    expect(script.status).toBe(400);
    expect(script.json.detail).toMatch(/不是照片/);

    const pdf = await upload(link.token, Buffer.from('%PDF-1.7 …'), 'application/pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.json.detail).toMatch(/JPG、PNG 或 WebP/);

    expect((await upload(link.token, Buffer.alloc(0))).status).toBe(400);
    expect((await upload(link.token, jpeg(MAX_PHOTO_BYTES + 1))).status).toBe(413);

    const revoked = await newLink();
    expect((await t.api('POST', `/form-links/${revoked.linkId}/revoke`, { token: admin })).status).toBe(200);
    expect((await upload(revoked.token, jpeg())).status).toBe(410);

    expect((await uploadsOf()).length).toBe(before);
  });

  it('limits uploads per address, in Chinese, with nothing stored past the limit', async () => {
    const link = await newLink();
    const from = residentAddress();
    await clearOfWindowEdge(PHOTO_LIMITS.perAddress.windowSeconds);
    for (let i = 0; i < PHOTO_LIMITS.perAddress.max; i++)
      expect((await upload(link.token, jpeg(), 'image/jpeg', from)).status).toBe(201);
    const before = (await uploadsOf()).length;
    const over = await upload(link.token, jpeg(), 'image/jpeg', from);
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(/上传照片太频繁/);
    // When to come back, in seconds, within the window.
    expect(Number(over.retryAfter)).toBeGreaterThan(0);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(PHOTO_LIMITS.perAddress.windowSeconds);
    expect((await uploadsOf()).length).toBe(before);
    // Another phone is not held back.
    expect((await upload(link.token, jpeg())).status).toBe(201);
    // Room for the wait at a window's edge (up to a minute) before the uploads.
  }, 180_000);

  it('ties an upload to its link for two hours, after which its record removes itself', async () => {
    const link = await newLink();
    const up = await upload(link.token, jpeg());
    const record = (
      await t.doc.send(new GetCommand({ TableName: t.tableName, Key: photoKeys.upload(T, up.json.key!) }))
    ).Item!;
    expect(record.linkId).toBe(link.linkId);
    // The record removes itself by TTL (the bucket's lifecycle rule removes the file on AWS).
    expect(record.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(record.expiresAt).toBeLessThan(Date.now() / 1000 + 3 * 3600);
    expect(existsSync(join(evidenceDir, up.json.key!))).toBe(true);
  });
});
