import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@zuofeng/core';

/** A page of items and the opaque cursor for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const encode = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

function decode(cursor: string, pkAttr: string, pk: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  // A cursor is only ever a position inside the partition being read: one that names another partition
  // (another tenant's, say) is rejected rather than passed to DynamoDB.
  if (!key || typeof key !== 'object' || (key as Record<string, unknown>)[pkAttr] !== pk) {
    throw new ValidationError('invalid cursor', [
      { field: 'query.cursor', reason: 'not a cursor from this list' },
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
    ...(out.LastEvaluatedKey ? { nextCursor: encode(out.LastEvaluatedKey) } : {}),
  };
}
