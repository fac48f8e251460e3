import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { localClient } from '../../packages/local/src/dynamo';
import { ensureAppTable } from '../../packages/local/src/tables';

export function ddbEndpoint(): string {
  const endpoint = process.env.DDB_ENDPOINT;
  if (!endpoint)
    throw new Error('DDB_ENDPOINT is not set: run through jest, whose global setup starts DynamoDB Local');
  return endpoint;
}

/**
 * A fresh application table on the shared DynamoDB Local, built from the same definition as production.
 * Call `drop()` in afterAll.
 */
export async function freshTable(prefix = 'test') {
  const client = localClient(ddbEndpoint());
  const tableName = `${prefix}-${ulid().toLowerCase()}`;
  await ensureAppTable(client, tableName);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    client,
    doc,
    tableName,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
      client.destroy();
    },
  };
}
