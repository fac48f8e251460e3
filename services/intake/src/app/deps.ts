import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EvidenceStore } from '@zuofeng/evidence';

export interface IntakeDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  /** Only the HTTP adapter needs it; consumers and the sweep run without. */
  evidence?: EvidenceStore;
}
