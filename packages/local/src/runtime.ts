import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, type TenantProfile, type UsernameRecord } from '@zuofeng/ddb';
import { cronPattern, httpFunctions, type ScheduleDef, TIME_ZONE } from '@zuofeng/manifest';
import {
  rulePattern,
  type Subscription,
  subscriptionDefaults,
  visibilityTimeoutSeconds,
} from '@zuofeng/messaging';
import { Cron } from 'croner';
import { manifests } from '../../../services/registry';
import { DEMO_USERS } from './demo-data';
import { DevIdentityProvider } from './dev-idp';
import { localClient } from './dynamo';
import { type HttpHandler, type LocalRoute, startHttpServer } from './http-server';
import { consolePages, docsPages, evidencePages, idpPages, landingPage } from './pages';
import { QueueStore } from './queue-store';
import { QueueWorker, type SqsHandler } from './queue-worker';
import { demoLinks, seedDemo } from './seed';
import { type LocalRule, StreamBus } from './stream-bus';
import { ensureAppTable, ensureQueueTable } from './tables';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface RuntimeOptions {
  ddbEndpoint: string;
  tableName: string;
  queueTableName: string;
  /** 0 picks a free port. */
  httpPort: number;
  formLinkSecret: string;
  /** AES-256 key (base64) that seals identities locally, in place of KMS. @default a fixed development key */
  sealingKey?: string;
  /** Folder of the local evidence store. @default a temporary folder */
  evidenceDir?: string;
  /** Where the dev identity provider keeps its signing key; omitted: a new key per start. */
  idpKeyFile?: string;
  /** @default true */
  seed?: boolean;
  /** Run the manifests' schedules on their cron. @default true */
  schedules?: boolean;
  /** Queue and stream polling interval. @default 100 */
  pollMs?: number;
  /** Retry backoff of the local queues. @default { baseMs: 1000, maxMs: 30000 } */
  backoff?: { baseMs: number; maxMs: number };
  /** Extra consumers, wired exactly like the manifests' (the end-to-end test adds a flaky one). */
  extraConsumers?: { subscription: Subscription; handler: SqsHandler }[];
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  idp: DevIdentityProvider;
  store: QueueStore;
  bus: StreamBus;
  workers: QueueWorker[];
  queues: string[];
  schedules: ScheduleDef[];
  runSchedule(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** Import a handler module the way Lambda would load it: once, on first use. */
function lazy<T>(entry: string, exportName = 'handler'): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= import(join(REPO_ROOT, entry)).then((m) => {
      const h = m[exportName] ?? m.default?.[exportName];
      if (typeof h !== 'function') throw new Error(`${entry} does not export ${exportName}`);
      return h as T;
    });
    return loaded;
  };
}

/**
 * The whole platform in one process: tables, the stream → bus → queues path, a worker per consumer, the HTTP
 * server with the dev identity provider, the schedules and the demo seed. Every piece is built from the same
 * manifests, table definition and event declarations that CDK uses.
 */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const evidenceDir = opts.evidenceDir ?? join(tmpdir(), 'zuofeng-evidence');
  const evidenceSecret = createHash('sha256').update(`evidence:${opts.formLinkSecret}`).digest('base64url');
  // The handlers read their configuration at import, exactly as on Lambda.
  Object.assign(process.env, {
    TABLE_NAME: opts.tableName,
    DDB_ENDPOINT: opts.ddbEndpoint,
    FORM_LINK_SECRET: opts.formLinkSecret,
    SEALING_KEY: opts.sealingKey ?? Buffer.alloc(32, 7).toString('base64'),
    LOCAL_EVIDENCE_SECRET: evidenceSecret,
    LOCAL_EVIDENCE_DIR: evidenceDir,
    // The dev identity provider's user store is the table: accounts are created there, with a password hash.
    IDENTITY_DIRECTORY: 'local',
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  });
  const region = process.env.AWS_REGION ?? 'local';
  const client = localClient(opts.ddbEndpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureAppTable(client, opts.tableName);
  await ensureQueueTable(client, opts.queueTableName);
  const store = new QueueStore(doc, opts.queueTableName);
  const pollMs = opts.pollMs ?? 100;
  const backoff = opts.backoff ?? { baseMs: 1000, maxMs: 30_000 };

  const consumers = [
    ...manifests.flatMap((m) =>
      m.subscriptions.map((s) => ({ subscription: s, handler: lazy<SqsHandler>(s.entry) })),
    ),
    ...(opts.extraConsumers ?? []).map((c) => ({
      subscription: c.subscription,
      handler: async () => c.handler,
    })),
  ];
  const rules: LocalRule[] = consumers.map(({ subscription: s }) => ({
    name: s.name,
    pattern: rulePattern(s),
    queue: s.name,
  }));
  const workers = consumers.map(
    ({ subscription: s, handler }) =>
      new QueueWorker(
        store,
        handler,
        {
          queue: s.name,
          batchSize: s.batchSize ?? subscriptionDefaults.batchSize,
          visibilityTimeoutMs: visibilityTimeoutSeconds(s) * 1000,
          maxReceiveCount: s.maxReceiveCount ?? subscriptionDefaults.maxReceiveCount,
          backoff,
          pollMs,
          region,
        },
        (err) => log(`queue ${s.name}: ${(err as Error).message}`),
      ),
  );
  const bus = new StreamBus({
    client,
    endpoint: opts.ddbEndpoint,
    tableName: opts.tableName,
    store,
    rules: () => rules,
    pollMs,
    region,
    onError: (err) => log(`stream: ${(err as Error).message}`),
  });

  const idp = await DevIdentityProvider.create({
    issuer: 'http://localhost/dev-idp',
    audience: 'zuofeng-local',
    users: DEMO_USERS,
    lookup: async (username) => {
      const user = (
        await doc.send(new GetCommand({ TableName: opts.tableName, Key: sharedKeys.username(username) }))
      ).Item as UsernameRecord | undefined;
      if (!user) return undefined;
      const profile = (
        await doc.send(new GetCommand({ TableName: opts.tableName, Key: sharedKeys.profile(user.tenantId) }))
      ).Item as TenantProfile | undefined;
      return { ...user, tenantActive: profile?.status === 'active' };
    },
    ...(opts.idpKeyFile ? { keyFile: opts.idpKeyFile } : {}),
  });
  const routes: LocalRoute[] = manifests.flatMap((m) =>
    httpFunctions(m).flatMap((h) => {
      const handler = lazy<HttpHandler>(h.entry);
      return h.routes.map((def) => ({ service: m.name, def, handler }));
    }),
  );
  const http = await startHttpServer({
    port: opts.httpPort,
    routes,
    idp,
    pages: [
      landingPage({ links: () => demoLinks(opts.formLinkSecret), users: idp }),
      idpPages(idp),
      ...docsPages(),
      ...consolePages(join(REPO_ROOT, 'packages/web/dist')),
      evidencePages(evidenceDir, evidenceSecret),
    ],
    log: (l) => log(l),
  });

  const schedules = manifests.flatMap((m) => m.schedules);
  const runSchedule = async (name: string) => {
    const s = schedules.find((x) => x.name === name);
    if (!s) throw new Error(`no schedule ${name}`);
    return (await lazy<() => Promise<unknown>>(s.entry)())();
  };
  const crons =
    opts.schedules === false
      ? []
      : schedules.map(
          (s) =>
            new Cron(cronPattern(s), { timezone: TIME_ZONE, protect: true, name: s.name }, async () => {
              await runSchedule(s.name).catch((err) => log(`schedule ${s.name}: ${(err as Error).message}`));
            }),
        );

  bus.start();
  for (const w of workers) w.start();

  if (opts.seed !== false) {
    const outcome = await seedDemo({
      doc,
      tableName: opts.tableName,
      formLinkSecret: async () => opts.formLinkSecret,
      now: () => new Date(),
    });
    log(`seed: ${outcome}`);
  }

  return {
    url: http.url,
    idp,
    store,
    bus,
    workers,
    queues: rules.map((r) => r.queue),
    schedules,
    runSchedule,
    async stop() {
      for (const c of crons) c.stop();
      await http.close();
      await Promise.all(workers.map((w) => w.stop()));
      await bus.stop();
      client.destroy();
    },
  };
}
