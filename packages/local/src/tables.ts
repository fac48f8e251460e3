import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, tableDefinition } from '@zuofeng/ddb';

async function exists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (err) {
    if (err instanceof ResourceNotFoundException || (err as Error).name === 'ResourceNotFoundException')
      return false;
    throw err;
  }
}

/** Create the application table from the shared definition, with its TTL, unless it exists. */
export async function ensureAppTable(client: DynamoDBClient, name: string): Promise<'created' | 'existing'> {
  if (await exists(client, name)) return 'existing';
  await client.send(new CreateTableCommand(createTableInput(name)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}

/**
 * The local runtime's own table: queue messages and stream checkpoints. It stands in for SQS's storage, so
 * queued and dead-lettered messages survive a restart just as they would on AWS.
 */
export async function ensureQueueTable(client: DynamoDBClient, name: string): Promise<void> {
  if (await exists(client, name)) return;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
