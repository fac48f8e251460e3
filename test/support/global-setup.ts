import { createServer } from 'node:net';
import { startDynamoLocal } from '../../packages/local/src/dynamo';

/** A free TCP port on loopback. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * One in-memory DynamoDB Local for the whole run (the real jar, never a mock). Each test file creates its
 * own uniquely named tables in it. Workers inherit DDB_ENDPOINT from this process.
 */
export default async function globalSetup(): Promise<void> {
  const ddb = await startDynamoLocal({ port: await freePort() });
  process.env.DDB_ENDPOINT = ddb.endpoint;
  (globalThis as { __ZF_DDB__?: typeof ddb }).__ZF_DDB__ = ddb;
}
