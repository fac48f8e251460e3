import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Sealer } from '@zuofeng/sealing';

/** The ports of the discipline service's use cases. */
export interface DisciplineDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Seals reporters' identities: KMS on AWS, the local AES key on `npm start`. */
  sealer: Sealer;
  now: () => Date;
  newId: () => string;
}
