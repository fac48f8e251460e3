import { createHmac } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@zuofeng/core';
import { canonicalJson, type TransactItem } from '@zuofeng/ddb';
import type { FeedbackContent } from '../../contract';
import type { FeedbackDeps } from '../deps';
import { abuseKeys } from './keys';

/**
 * Idempotency-Key, checked by a conditional Put of this record in the SAME transaction that stores the
 * submission: two racing double taps cannot both commit, and the loser reads the winner's answer.
 * Powertools' idempotency utility was not used: it writes its own record around the handler (in progress →
 * completed) in a separate call, so it cannot join the submission's TransactWriteItems, and it keys records by
 * function name and payload hash, not under the tenant like every other key in the table.
 */
const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** The header's value, or undefined when there is none; a malformed key is a 400. */
export function parseIdempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined || raw === '') return undefined;
  if (!KEY.test(raw)) {
    throw new ValidationError('提交标识格式不正确，请刷新页面后重新提交', [
      { field: 'header.idempotency-key', reason: '须为 8 到 128 个字母、数字、下划线或连字符' },
    ]);
  }
  return raw;
}

/**
 * What an Idempotency-Key (or a simple page's ticket) promises to repeat: the same content gets the first
 * answer, other content is refused. All that was sent counts, the unit, the call-back number and the photo
 * included, so a resident who went back and changed only the number is told, not answered with the first
 * receipt as if it were stored. Keyed under the pepper: a plain hash of a mobile number is reversed by trying
 * them all.
 */
export const wholeFingerprintOf = (pepper: string, content: FeedbackContent): string =>
  createHmac('sha256', pepper)
    .update(
      canonicalJson({
        ratings: content.ratings,
        complaint: content.complaint ?? null,
        unitId: content.unitId ?? null,
        phone: content.phone ?? null,
        consent: content.consent ?? null,
        photoKey: content.photoKey ?? null,
      }),
    )
    .digest('base64url');

export interface IdempotencyRecord {
  receiptCode: string;
  feedbackId: string;
  fingerprint: string;
  createdAt: string;
  /** Epoch seconds; TTL removes the record, and a record past it no longer counts. */
  expiresAt: number;
}

export function idempotencyPut(
  tableName: string,
  key: { tenantId: string; linkId: string; idempotencyKey: string },
  record: IdempotencyRecord,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...abuseKeys.idempotency(key.tenantId, key.linkId, key.idempotencyKey),
        kind: 'idempotency',
        ...record,
      },
      // TTL removes expired items late (up to days); one past its time is free to reuse.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}

/** The live record of a key, read strongly after the transaction found it taken. */
export async function readIdempotency(
  deps: Pick<FeedbackDeps, 'doc' | 'tableName'>,
  key: { tenantId: string; linkId: string; idempotencyKey: string },
  now: Date,
): Promise<IdempotencyRecord | undefined> {
  const out = await deps.doc.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: abuseKeys.idempotency(key.tenantId, key.linkId, key.idempotencyKey),
      ConsistentRead: true,
    }),
  );
  const item = out.Item as IdempotencyRecord | undefined;
  return item && item.expiresAt >= Math.floor(now.getTime() / 1000) ? item : undefined;
}
