import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A document client for the table. `DDB_ENDPOINT` points it at DynamoDB Local; on AWS it is unset and the
 * SDK's default chain applies.
 */
export function createDocumentClient(
  endpoint: string | undefined = process.env.DDB_ENDPOINT,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** What most composition roots need: the table, read and checked once at cold start, a client, a clock. */
export function tableDepsFromEnv(): { doc: DynamoDBDocumentClient; tableName: string; now: () => Date } {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('invalid configuration:\n  TABLE_NAME: required');
  return { doc: createDocumentClient(), tableName, now: () => new Date() };
}
