import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EvidenceStore } from '@zuofeng/evidence';

/** The ports the feedback use cases need. The composition root (adapters/deps.ts) builds the real ones. */
export interface FeedbackDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** The HMAC key of form links. Async because on AWS it comes from Secrets Manager at cold start. */
  formLinkSecret: () => Promise<string>;
  now: () => Date;
  /** Residents' photos: S3 on AWS, the runtime's folder locally (absent: photos are refused). */
  evidence?: EvidenceStore;
}
