import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-data';
import { startDynamoLocal } from './dynamo';
import { LOCAL_DIR, localConfig, localSecrets } from './local-config';
import { startRuntime } from './runtime';
import { demoLinks } from './seed';

/** `npm start`: DynamoDB Local on disk, then the whole platform in this process, until Ctrl-C. */
async function main() {
  const started = Date.now();
  const config = localConfig();
  const secrets = localSecrets();
  const log = (line: string) => console.log(`[zuofeng] ${line}`);
  log(`starting DynamoDB Local on port ${config.DDB_PORT} (data in ${join(LOCAL_DIR, 'ddb')})…`);
  const ddb = await startDynamoLocal({ port: config.DDB_PORT, dataDir: join(LOCAL_DIR, 'ddb') });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await runtime?.stop().catch(() => {});
    await ddb.stop();
    log('stopped; DynamoDB Local has exited.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // If anything below fails, do not leave the Java process behind.
  process.on('exit', () => ddb.process.kill('SIGKILL'));

  let runtime: Awaited<ReturnType<typeof startRuntime>> | undefined;
  runtime = await startRuntime({
    ddbEndpoint: ddb.endpoint,
    tableName: config.TABLE_NAME,
    queueTableName: config.QUEUE_TABLE_NAME,
    httpPort: config.PORT,
    formLinkSecret: secrets.formLinkSecret,
    sealingKey: secrets.sealingKey,
    evidenceDir: join(LOCAL_DIR, 'evidence'),
    idpKeyFile: join(LOCAL_DIR, 'dev-idp-key.json'),
    log: process.env.LOG_REQUESTS
      ? log
      : (l) => (/^(GET|POST|PUT|PATCH|DELETE) /.test(l) ? undefined : log(l)),
  });
  const url = runtime.url.replace('127.0.0.1', 'localhost');
  const link = demoLinks(secrets.formLinkSecret)[0]!;
  console.log(`
  作风 zuofeng is running (${((Date.now() - started) / 1000).toFixed(1)} s)

  Home            ${url}/
  Staff console   ${url}/console/
  Health          ${url}/health
  API docs        ${url}/docs        (OpenAPI: ${url}/openapi.json)
  DynamoDB Local  ${ddb.endpoint}    (data: ${join(LOCAL_DIR, 'ddb')})

  Demo logins (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.roles.join(',').padEnd(18)} ${u.name}`).join('\n')}

  Get a token:
    curl -s -X POST ${url}/dev/token -H 'content-type: application/json' \\
      -d '{"username":"county.admin","password":"${DEMO_PASSWORD}"}'

  A resident's form link (${link.township} · ${link.unit}):
    ${url}/f/${link.token}

  ${logLine(process.env.LOG_LEVEL)}
  Ctrl-C stops everything, DynamoDB Local included.
`);
}

/** What the terminal will show from here on: `npm start` keeps it to warnings so the lines above stay in view. */
function logLine(level = 'INFO'): string {
  return ['WARN', 'ERROR', 'CRITICAL', 'SILENT'].includes(level.toUpperCase())
    ? `Logs: ${level.toLowerCase()} and above (LOG_LEVEL=INFO npm start shows every event as it is applied).`
    : `Logs: ${level.toLowerCase()} and above, as JSON lines.`;
}

main().catch((err) => {
  console.error(`[zuofeng] failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
