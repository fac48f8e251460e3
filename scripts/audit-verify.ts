/**
 * `npm run audit:verify -- <tenantId> [--aws --table <name>]`: recompute a tenant's audit hash chain.
 * Locally it reads DynamoDB Local of `npm start` (started briefly if it is not running).
 */
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, verifyAuditChain } from '../packages/ddb/src';
import { type DynamoLocal, localClient, startDynamoLocal } from '../packages/local/src/dynamo';
import { LOCAL_DIR, localConfig } from '../packages/local/src/local-config';

async function main() {
  const args = process.argv.slice(2);
  const tenantId = args.find((a) => !a.startsWith('--'));
  if (!tenantId) throw new Error('usage: npm run audit:verify -- <tenantId> [--aws --table <name>]');
  if (args.includes('--aws')) {
    const table = args[args.indexOf('--table') + 1];
    if (!table || table.startsWith('--'))
      throw new Error('--aws needs --table <name> (the stack output TableName)');
    return report(tenantId, await verifyAuditChain(createDocumentClient(''), table, tenantId));
  }
  const config = localConfig();
  let endpoint = `http://127.0.0.1:${config.DDB_PORT}`;
  let own: DynamoLocal | undefined;
  try {
    await localClient(endpoint).send(new ListTablesCommand({}));
  } catch {
    own = await startDynamoLocal({ port: config.DDB_PORT, dataDir: join(LOCAL_DIR, 'ddb') });
    endpoint = own.endpoint;
  }
  try {
    const doc = DynamoDBDocumentClient.from(localClient(endpoint));
    report(tenantId, await verifyAuditChain(doc, config.TABLE_NAME, tenantId));
  } finally {
    await own?.stop();
  }
}

function report(tenantId: string, v: Awaited<ReturnType<typeof verifyAuditChain>>) {
  if (v.valid) console.log(`${tenantId}: audit chain valid, ${v.entries} entries`);
  else {
    console.log(
      `${tenantId}: audit chain BROKEN at entry ${v.brokenAt}: ${v.reason} (${v.entries} entries verified before it)`,
    );
    process.exitCode = 2;
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
