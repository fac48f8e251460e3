import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoSuchKey, PutObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { evidenceStoreFromEnv, localEvidenceStore, PENDING_TAG, s3EvidenceStore, sniffImage } from '../src';

/** An S3 client that records the commands it is sent and answers with `reply`. */
function recordingClient(reply: (cmd: unknown) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const client = {
    send: async (cmd: unknown) => {
      sent.push(cmd);
      return reply(cmd);
    },
  } as unknown as S3Client;
  return { client, sent };
}

describe('the S3 evidence store', () => {
  it('stores a pending upload with the tag the lifecycle rule expires, and a staff file without it', async () => {
    const { client, sent } = recordingClient();
    const store = s3EvidenceStore('bkt', client);
    await store.put('evidence/t/K/photo.jpg', Buffer.from('x'), 'image/jpeg', { pending: true });
    await store.put('evidence/t/K/doc.pdf', Buffer.from('y'), 'application/pdf', { pending: false });
    const [pending, kept] = sent as PutObjectCommand[];
    expect(pending).toBeInstanceOf(PutObjectCommand);
    expect(pending!.input).toMatchObject({
      Bucket: 'bkt',
      Key: 'evidence/t/K/photo.jpg',
      ContentType: 'image/jpeg',
      Tagging: `${PENDING_TAG.key}=${PENDING_TAG.pending}`,
    });
    expect(kept!.input.Tagging).toBeUndefined();
  });

  it('claims an upload by replacing its tag, and says false when there is no such file', async () => {
    const { client, sent } = recordingClient((cmd) => {
      if ((cmd as PutObjectTaggingCommand).input.Key === 'missing')
        throw new NoSuchKey({ message: 'no', $metadata: {} });
      return {};
    });
    const store = s3EvidenceStore('bkt', client);
    expect(await store.keep('evidence/t/K/photo.jpg')).toBe(true);
    expect(await store.keep('missing')).toBe(false);
    const [tagging] = sent as PutObjectTaggingCommand[];
    expect(tagging).toBeInstanceOf(PutObjectTaggingCommand);
    expect(tagging!.input.Tagging?.TagSet).toEqual([{ Key: PENDING_TAG.key, Value: PENDING_TAG.kept }]);
  });

  it('lets any other failure through, so the event is retried', async () => {
    const { client } = recordingClient(() => {
      throw Object.assign(new Error('slow down'), { name: 'SlowDown' });
    });
    await expect(s3EvidenceStore('bkt', client).keep('k')).rejects.toThrow('slow down');
  });
});

describe('the local evidence store', () => {
  it('writes into its folder, finds what it wrote, and refuses a key that climbs out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zf-evidence-'));
    try {
      const store = localEvidenceStore('local-secret-local-secret', dir);
      await store.put('evidence/t/K/photo.jpg', Buffer.from('jpeg'), 'image/jpeg', { pending: true });
      expect(readFileSync(join(dir, 'evidence/t/K/photo.jpg'), 'utf8')).toBe('jpeg');
      expect(await store.keep('evidence/t/K/photo.jpg')).toBe(true);
      expect(await store.keep('evidence/t/K/other.jpg')).toBe(false);
      await expect(store.keep('evidence/../../etc/passwd')).rejects.toThrow(/bad evidence key/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a folder, signs URLs but refuses to store', async () => {
    const store = localEvidenceStore('local-secret-local-secret');
    expect(
      (await store.presignGet('evidence/t/K/a.jpg')).startsWith('/local-evidence/evidence/t/K/a.jpg?'),
    ).toBe(true);
    await expect(
      store.put('evidence/t/K/a.jpg', Buffer.from('x'), 'image/jpeg', { pending: true }),
    ).rejects.toThrow(/LOCAL_EVIDENCE_DIR/);
  });
});

it('evidenceStoreFromEnv prefers the bucket, then the local folder, else none', async () => {
  // Presigning is local computation, but the SDK wants a region and credentials to sign with.
  process.env.AWS_REGION ??= 'cn-north-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  expect(evidenceStoreFromEnv({})).toBeUndefined();
  const local = evidenceStoreFromEnv({ LOCAL_EVIDENCE_SECRET: 'local-secret-local-secret' })!;
  expect(await local.presignGet('evidence/t/K/a.jpg')).toMatch(/^\/local-evidence\//);
  const s3 = evidenceStoreFromEnv({
    EVIDENCE_BUCKET: 'bkt',
    LOCAL_EVIDENCE_SECRET: 'local-secret-local-secret',
  })!;
  expect(await s3.presignGet('evidence/t/K/a.jpg')).toMatch(/^https:\/\/bkt\.s3\./);
});

describe('sniffImage', () => {
  it('knows JPEG, PNG and WebP by their first bytes, and nothing else', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(sniffImage(Buffer.alloc(0))).toBeUndefined();
  });
});
