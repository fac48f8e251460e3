import type { TransactItem } from '@zuofeng/ddb';
import type { RateLimit } from './config';

/** The fixed window `now` falls in: its start and end, in epoch seconds. */
export function windowOf(now: Date, windowSeconds: number): { start: number; end: number } {
  const t = Math.floor(now.getTime() / 1000);
  const start = t - (t % windowSeconds);
  return { start, end: start + windowSeconds };
}

/**
 * Count one stored submission in a fixed window: an atomic ADD, refused (ConditionalCheckFailed) once the
 * window holds `max`. It rides in the submission's transaction, so a refused or failed submission counts
 * nothing and an over-limit one stores nothing. The counter removes itself by TTL an hour after its window.
 */
export function countInWindow(
  tableName: string,
  key: { pk: string; sk: string },
  limit: RateLimit,
  window: { end: number },
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'ADD #n :one SET kind = :kind, expiresAt = if_not_exists(expiresAt, :exp)',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':max': limit.max,
        ':kind': 'rate-window',
        ':exp': window.end + 3600,
      },
    },
  };
}

/** Whole minutes until a window ends (at least 1), for "请 N 分钟后再试". */
export const minutesLeft = (now: Date, window: { end: number }): number =>
  Math.max(1, Math.ceil((window.end * 1000 - now.getTime()) / 60_000));

/** Whole seconds until a window ends (at least 1), for `Retry-After`. */
export const secondsLeft = (now: Date, window: { end: number }): number =>
  Math.max(1, Math.ceil((window.end * 1000 - now.getTime()) / 1000));
