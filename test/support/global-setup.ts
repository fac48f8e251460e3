import { createServer } from 'node:net';
import { buildFormIfStale } from '../../packages/form/ensure-built';
import { startDynamoLocal } from '../../packages/local/src/dynamo';
import { buildConsoleIfStale } from '../../packages/web/ensure-built';

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
 * The two builds the runtime serves (the residents' form and the console), made here once before any worker
 * starts: a test file that serves a page never races another file's rebuild of it. Then one in-memory DynamoDB Local for the whole run (the real jar, never a mock). Each test file creates its
 * own uniquely named tables in it. Workers inherit DDB_ENDPOINT from this process.
 */
export default async function globalSetup(): Promise<void> {
  buildFormIfStale();
  buildConsoleIfStale();
  const ddb = await startDynamoLocal({ port: await freePort() });
  process.env.DDB_ENDPOINT = ddb.endpoint;
  (globalThis as { __ZF_DDB__?: typeof ddb }).__ZF_DDB__ = ddb;
}
