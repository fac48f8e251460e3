import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { bilingual, ValidationError } from '@zuofeng/core';

/** A page of items and the opaque cursor for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** The cursor of a position in a partition (a `LastEvaluatedKey`, or the key of the last item a page kept). */
export const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const KEY_ATTRS = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);

/** A well-formed key: only key attributes, all short strings, with the table's and the index's keys present. */
function isKeyOf(key: unknown, pkAttr: string): key is Record<string, string> {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const entries = Object.entries(key);
  const required = pkAttr === 'pk' ? ['pk', 'sk'] : ['pk', 'sk', pkAttr, pkAttr.replace(/pk$/, 'sk')];
  return (
    entries.length === required.length &&
    required.every((a) => a in key) &&
    entries.every(([k, v]) => KEY_ATTRS.has(k) && typeof v === 'string' && v.length > 0 && v.length <= 1024)
  );
}

function decode(cursor: string, pkAttr: string, pk: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  // A cursor is only ever a position inside the partition being read: one that names another partition
  // (another tenant's, say) is rejected rather than passed to DynamoDB.
  if (!isKeyOf(key, pkAttr) || key[pkAttr] !== pk) {
    throw new ValidationError(bilingual('invalid cursor', '翻页参数无效，请刷新后重新加载'), [
      { field: 'query.cursor', reason: bilingual('not a cursor from this list', '不是本列表的翻页参数') },
    ]);
  }
  return key as Record<string, unknown>;
}

/** Query one page of a partition (`pk`), with a cursor that cannot leave that partition. */
export async function queryPage<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> & {
    pk: string;
    /** The partition attribute: `pk`, or an index's (`gsi1pk`). @default pk */
    pkAttr?: string;
    limit: number;
    cursor?: string;
  },
): Promise<Page<T>> {
  const { pk, pkAttr = 'pk', limit, cursor, ...rest } = input;
  const out = await doc.send(
    new QueryCommand({
      ...rest,
      KeyConditionExpression: rest.KeyConditionExpression ?? `${pkAttr} = :pk`,
      ExpressionAttributeValues: { ':pk': pk, ...rest.ExpressionAttributeValues },
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: decode(cursor, pkAttr, pk) } : {}),
    }),
  );
  return {
    items: (out.Items ?? []) as T[],
    ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
  };
}

/**
 * Every item a query returns, following `LastEvaluatedKey` page by page; `max` stops early (and trims) for
 * bounded lists such as work queues.
 */
export async function queryAll<T = Record<string, unknown>>(
  doc: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start && items.length < max);
  return items.slice(0, max);
}
