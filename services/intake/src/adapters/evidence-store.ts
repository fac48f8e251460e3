import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Where evidence files live. Uploads and downloads go straight between the browser and the store. */
export interface EvidenceStore {
  presignPut(
    key: string,
    contentType: string,
    size: number,
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }>;
  presignGet(key: string): Promise<string>;
}

const TTL_SECONDS = 300;

/** S3: presigned PUT bound to the content type and length, and presigned GET, both short-lived. */
export function s3EvidenceStore(bucket: string, client = new S3Client({})): EvidenceStore {
  return {
    async presignPut(key, contentType, size) {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: size }),
        { expiresIn: TTL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
      );
      return { url, method: 'PUT', headers: { 'content-type': contentType } };
    },
    presignGet: (key) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: TTL_SECONDS }),
  };
}

/**
 * The local runtime's store: a folder served at /local-evidence/, with the same contract as S3's presigned
 * URLs (an expiry and an HMAC over method, key, type and size), so the console works the same way.
 */
export function localEvidenceSignature(
  secret: string,
  method: string,
  key: string,
  exp: number,
  type = '',
  size = 0,
): string {
  return createHmac('sha256', secret)
    .update(`${method}\n${key}\n${exp}\n${type}\n${size}`)
    .digest('base64url');
}

export function verifyLocalEvidence(
  secret: string,
  method: string,
  key: string,
  q: URLSearchParams,
  now = Date.now(),
): boolean {
  const exp = Number(q.get('exp'));
  if (!Number.isFinite(exp) || exp * 1000 < now) return false;
  const expected = Buffer.from(
    localEvidenceSignature(secret, method, key, exp, q.get('type') ?? '', Number(q.get('size') ?? 0)),
  );
  const given = Buffer.from(q.get('sig') ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function localEvidenceStore(secret: string): EvidenceStore {
  const url = (method: string, key: string, type = '', size = 0) => {
    const exp = Math.floor(Date.now() / 1000) + TTL_SECONDS;
    const q = new URLSearchParams({ exp: String(exp), ...(type ? { type, size: String(size) } : {}) });
    q.set('sig', localEvidenceSignature(secret, method, key, exp, type, size));
    return `/local-evidence/${key.split('/').map(encodeURIComponent).join('/')}?${q}`;
  };
  return {
    presignPut: async (key, contentType, size) => ({
      url: url('PUT', key, contentType, size),
      method: 'PUT',
      headers: { 'content-type': contentType },
    }),
    presignGet: async (key) => url('GET', key),
  };
}
