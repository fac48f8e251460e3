import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { UnsupportedMediaTypeError, ValidationError } from '@zuofeng/core';
import { cancellationCodes, type TransactItem, tenantPk } from '@zuofeng/ddb';
import { type EvidenceStore, evidenceKey, sniffImage } from '@zuofeng/evidence';
import { PHOTO_TYPES } from '../domain/photo';
import { hashClientAddress } from './abuse/client-address';
import type { AbuseDeps } from './abuse/deps';
import { TooManyRequestsError } from './abuse/errors';
import { countInWindow, minutesLeft, secondsLeft, windowOf } from './abuse/rate-limit';
import { openLink } from './form-links';

/** How long an uploaded photo waits for its submission; the storage's own rule deletes it a day later. */
export const PHOTO_CLAIM_SECONDS = 2 * 60 * 60;
/**
 * Photos per window, apart from submissions: a resident who picks another photo uploads again, so these are
 * looser than the submission limits (app/abuse/config.ts: a village meeting on one Wi-Fi sends 60 in ten
 * minutes) yet still bound what one address can store (80 × 2 MB at most per ten minutes).
 */
export const PHOTO_LIMITS = {
  perAddress: { max: 80, windowSeconds: 10 * 60 },
  perLink: { max: 600, windowSeconds: 60 * 60 },
};

export const photoKeys = {
  /** An uploaded photo waiting for its submission: the link it came through, until it is claimed. */
  upload: (tenantId: string, key: string) => ({ pk: tenantPk(tenantId, 'PHOTO'), sk: key }),
  addressWindow: (tenantId: string, addressHash: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `PHOTO#ADDR#${addressHash}#${windowStart}`,
  }),
  linkWindow: (tenantId: string, linkId: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `PHOTO#LINK#${linkId}#${windowStart}`,
  }),
};

export type PhotoDeps = AbuseDeps & { evidence: EvidenceStore };

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/**
 * Take a photo through the public form: a live link, an image by its own bytes (not by what the request
 * claims), within the size and the photo rate limits. The file is stored as pending (the bucket drops it
 * after a day unless a submission claims it) and an upload record ties it to this link for two hours, so a
 * submission can name only a photo sent through its own link. The counters and the record commit together
 * before the file is stored; a failed store leaves a record that expires unused.
 */
export async function uploadPhoto(
  deps: PhotoDeps,
  input: { token: string; contentType: string; body: Buffer; sourceIp: string },
): Promise<{ key: string }> {
  const opened = await openLink(deps, input.token);
  const { tenantId, linkId } = opened.ref;
  const declared = input.contentType.split(';')[0]!.trim().toLowerCase();
  if (!(PHOTO_TYPES as readonly string[]).includes(declared)) {
    throw new UnsupportedMediaTypeError('照片只支持 JPG、PNG 或 WebP 格式', [
      { field: 'header.content-type', reason: `不支持的格式：${declared || '未注明'}` },
    ]);
  }
  if (input.body.length === 0) {
    throw new ValidationError('没有收到照片，请重新选择', [{ field: 'body', reason: '照片是空的' }]);
  }
  const type = sniffImage(input.body);
  if (!type) {
    throw new ValidationError('这个文件不是照片，请重新选择', [
      { field: 'body', reason: '文件内容不是 JPG、PNG 或 WebP 图片' },
    ]);
  }
  const now = deps.now();
  const key = evidenceKey(tenantId, `photo.${EXTENSION[type]}`);
  const address = hashClientAddress(await deps.addressPepper(), input.sourceIp);
  const addressWindow = windowOf(now, PHOTO_LIMITS.perAddress.windowSeconds);
  const linkWindow = windowOf(now, PHOTO_LIMITS.perLink.windowSeconds);
  const items: TransactItem[] = [
    countInWindow(
      deps.tableName,
      photoKeys.addressWindow(tenantId, address, addressWindow.start),
      PHOTO_LIMITS.perAddress,
      addressWindow,
    ),
    countInWindow(
      deps.tableName,
      photoKeys.linkWindow(tenantId, linkId, linkWindow.start),
      PHOTO_LIMITS.perLink,
      linkWindow,
    ),
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          ...photoKeys.upload(tenantId, key),
          kind: 'photo-upload',
          linkId,
          contentType: type,
          size: input.body.length,
          uploadedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + PHOTO_CLAIM_SECONDS,
        },
      },
    },
  ];
  try {
    await deps.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    const codes = cancellationCodes(err);
    if (codes?.[0] === 'ConditionalCheckFailed')
      throw new TooManyRequestsError(
        `您上传照片太频繁了，请 ${minutesLeft(now, addressWindow)} 分钟后再试`,
        [
          {
            field: '',
            reason: `同一网络 ${PHOTO_LIMITS.perAddress.windowSeconds / 60} 分钟内最多上传 ${PHOTO_LIMITS.perAddress.max} 张照片`,
          },
        ],
        secondsLeft(now, addressWindow),
      );
    if (codes?.[1] === 'ConditionalCheckFailed')
      throw new TooManyRequestsError(
        `这个二维码近期收到的照片太多，请 ${minutesLeft(now, linkWindow)} 分钟后再试`,
        [{ field: 'path.token', reason: `每个二维码每小时最多受理 ${PHOTO_LIMITS.perLink.max} 张照片` }],
        secondsLeft(now, linkWindow),
      );
    throw err;
  }
  await deps.evidence.put(key, input.body, type, { pending: true });
  return { key };
}

/**
 * The submission's claim on its photo, for its transaction: the upload record must exist, be unexpired and
 * have come through the same link; it is deleted, so a photo belongs to one submission only. A photo key of
 * another township never matches (the record lives in the submitting link's tenant partition).
 */
export function claimPhoto(
  tableName: string,
  tenantId: string,
  linkId: string,
  key: string,
  now: Date,
): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: photoKeys.upload(tenantId, key),
      ConditionExpression: 'attribute_exists(pk) AND linkId = :link AND expiresAt > :now',
      ExpressionAttributeValues: { ':link': linkId, ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}

/** The error a submission gets when its photo cannot be claimed (expired, used, or not from this link). */
export const photoClaimFailed = () =>
  new ValidationError('照片已失效，请重新选择照片后再提交', [
    { field: 'body.photoKey', reason: '照片已失效或不属于这个二维码' },
  ]);
