import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface IntakeDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}
