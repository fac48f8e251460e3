import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * The tag of an upload nobody has claimed yet: the bucket's lifecycle rule deletes objects that still carry it
 * after a day (infra/src/stateful-stack.ts), so a photo a resident uploaded but never submitted costs nothing
 * for long. Claiming (`keep`) replaces it.
 */
export const PENDING_TAG = { key: 'zf-upload', pending: 'pending', kept: 'kept' } as const;

/**
 * Where evidence files live. Staff uploads and downloads go straight between the browser and the store
 * (presigned URLs); a resident's photo comes through the API (`put`), which checks it first.
 */
export interface EvidenceStore {
  presignPut(
    key: string,
    contentType: string,
    size: number,
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }>;
  presignGet(key: string): Promise<string>;
  /** Store a file the function already holds; `pending` until something claims it with `keep`. */
  put(key: string, body: Uint8Array, contentType: string, opts: { pending: boolean }): Promise<void>;
  /** Claim a pending upload so that it is kept; false when there is no such file. Idempotent. */
  keep(key: string): Promise<boolean>;
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
    async put(key, body, contentType, opts) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(opts.pending ? { Tagging: `${PENDING_TAG.key}=${PENDING_TAG.pending}` } : {}),
        }),
      );
    },
    async keep(key) {
      try {
        await client.send(
          new PutObjectTaggingCommand({
            Bucket: bucket,
            Key: key,
            Tagging: { TagSet: [{ Key: PENDING_TAG.key, Value: PENDING_TAG.kept }] },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.name === 'NoSuchKey'))
          return false;
        throw err;
      }
    },
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

/**
 * `dir` is the folder the runtime serves (packages/local/src/pages.ts evidencePages); without it the store
 * signs URLs only, and `put`/`keep` fail loudly. Locally nothing expires: `pending` is not recorded.
 */
export function localEvidenceStore(secret: string, dir?: string): EvidenceStore {
  const url = (method: string, key: string, type = '', size = 0) => {
    const exp = Math.floor(Date.now() / 1000) + TTL_SECONDS;
    const q = new URLSearchParams({ exp: String(exp), ...(type ? { type, size: String(size) } : {}) });
    q.set('sig', localEvidenceSignature(secret, method, key, exp, type, size));
    return `/local-evidence/${key.split('/').map(encodeURIComponent).join('/')}?${q}`;
  };
  const fileOf = (key: string) => {
    if (!dir) throw new Error('the local evidence store has no folder (LOCAL_EVIDENCE_DIR)');
    if (key.includes('..')) throw new Error(`bad evidence key ${key}`);
    return join(dir, key);
  };
  return {
    presignPut: async (key, contentType, size) => ({
      url: url('PUT', key, contentType, size),
      method: 'PUT',
      headers: { 'content-type': contentType },
    }),
    presignGet: async (key) => url('GET', key),
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, body);
    },
    keep: async (key) => existsSync(fileOf(key)),
  };
}

/** The store a function's environment names: S3 on AWS, the runtime's folder locally, else none. */
export function evidenceStoreFromEnv(env: {
  EVIDENCE_BUCKET?: string | undefined;
  LOCAL_EVIDENCE_SECRET?: string | undefined;
  LOCAL_EVIDENCE_DIR?: string | undefined;
}): EvidenceStore | undefined {
  if (env.EVIDENCE_BUCKET) return s3EvidenceStore(env.EVIDENCE_BUCKET);
  if (env.LOCAL_EVIDENCE_SECRET) return localEvidenceStore(env.LOCAL_EVIDENCE_SECRET, env.LOCAL_EVIDENCE_DIR);
  return undefined;
}
