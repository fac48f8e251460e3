import type { DynamoLocal } from '../../packages/local/src/dynamo';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __ZF_DDB__?: DynamoLocal }).__ZF_DDB__?.stop();
}
