/**
 * `npm run bench`: figures, not a test. One public feedback submission over the local HTTP path, against
 * the bare DynamoDB Local transaction that the submission performs, and the write capacity it consumes
 * beside the minimum for the items it must write; the photo upload, the A4 poster, and a burst of staff writes
 * on one township's audit chain.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { commit, verifyAuditChain } from '../../packages/ddb/src';
import { demoLinks, REPO_ROOT, startDynamoLocal, startRuntime } from '../../packages/local/src';
import { type AltchaChallenge, solveAltcha } from '../support/altcha';

const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = 30;
const SECRET = 'bench-secret-bench-secret-bench!';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers ~ digits/2 + 1, maps nested). */
function itemSize(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').length / 2) + 1;
  if (typeof value === 'boolean') return 1;
  if (Array.isArray(value)) return 3 + value.reduce((n, v) => n + 1 + itemSize(v), 0);
  return (
    3 +
    Object.entries(value as Record<string, unknown>).reduce(
      (n, [k, v]) => n + 1 + Buffer.byteLength(k) + itemSize(v),
      0,
    )
  );
}

async function main() {
  const ddb = await startDynamoLocal({ port: await freePort() });
  const suffix = ulid().toLowerCase();
  // The bench measures the submission path, not the abuse limits: all its submissions come from one address
  // to one link, at once. Each still carries a solved challenge and an Idempotency-Key, as the form sends them.
  Object.assign(process.env, {
    // Figures, not the consumers' chatter.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
    FEEDBACK_MIN_FILL_MS: '0',
    FEEDBACK_RATE_PER_ADDRESS: '1000000',
    FEEDBACK_RATE_PER_LINK: '1000000',
  });
  const rt = await startRuntime({
    ddbEndpoint: ddb.endpoint,
    tableName: `bench-${suffix}`,
    queueTableName: `bench-queues-${suffix}`,
    httpPort: 0,
    formLinkSecret: SECRET,
    schedules: false,
  });
  try {
    // Capture the transaction the submission performs, through the SDK's middleware stack of the
    // feedback service's own client (the same module instance the handler uses).
    // Imported the way the runtime imports handlers (absolute path), so it is the same module instance.
    const { deps } = (await import(
      join(REPO_ROOT, 'services/feedback/src/adapters/deps.ts')
    )) as typeof import('../../services/feedback/src/adapters/deps');
    const captured: TransactWriteCommandInput[] = [];
    let consumed = 0;
    deps.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        const input = args.input as TransactWriteCommandInput & { ReturnConsumedCapacity?: string };
        // The feedback service's consumers (case status, audit) share this client: only the submission's own
        // transaction, the one that puts the feedback, is the one measured.
        if (!input.TransactItems?.some((t) => t.Put?.Item?.kind === 'feedback')) return next(args);
        captured.push(structuredClone(input));
        input.ReturnConsumedCapacity = 'TOTAL';
        const out = await next(args);
        const caps =
          (out.output as { ConsumedCapacity?: { CapacityUnits?: number }[] }).ConsumedCapacity ?? [];
        consumed = caps.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
        return out;
      },
      { step: 'initialize', name: 'benchCapture' },
    );

    const form = `${rt.url}/public/forms/${demoLinks(SECRET)[0]!.token}`;
    const content = {
      ratings: { warmth: 'satisfied', solved: 'basically_satisfied', happiness: 'satisfied' },
      complaint: '村口路灯坏了，晚上出行不方便，希望尽快修好。',
    };
    const submitOnce = async () => {
      // The challenge is fetched and solved before the clock starts: the phone does that while the resident reads.
      const challenge = (await (await fetch(`${form}/challenge`)).json()) as AltchaChallenge;
      const body = JSON.stringify({ ...content, altcha: solveAltcha(challenge) });
      const headers = { 'content-type': 'application/json', 'idempotency-key': ulid() };
      const t0 = performance.now();
      const res = await fetch(`${form}/feedback`, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`submission failed: ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) await submitOnce();
    const http: number[] = [];
    for (let i = 0; i < N; i++) http.push(await submitOnce());

    // The bare transaction: the captured items, with fresh keys each time so their conditions hold.
    const template = captured.at(-1);
    if (!template) throw new Error('the submission transaction was not captured');
    const bareOnce = async () => {
      const id = ulid();
      const input = structuredClone(template);
      for (const t of input.TransactItems ?? []) {
        if (!t.Put) continue;
        t.Put.Item = { ...t.Put.Item, sk: `${t.Put.Item?.sk}#${id}` };
      }
      const t0 = performance.now();
      await deps.doc.send(new TransactWriteCommand(input));
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) await bareOnce();
    const bare: number[] = [];
    for (let i = 0; i < N; i++) bare.push(await bareOnce());

    // A rate-limit counter (an Update) is counted at its full size: keys, count, kind and TTL.
    const items = (template.TransactItems ?? []).map(
      (t) => t.Put?.Item ?? { ...t.Update?.Key, n: 1, kind: 'rate-window', expiresAt: 1_800_000_000 },
    );
    const sizes = items.map(itemSize);
    // Transactional writes cost 2 WCU per KB (rounded up) of each item.
    const minimum = sizes.reduce((n, s) => n + 2 * Math.ceil(s / 1024), 0);
    const row = (name: string, xs: number[]) =>
      `| ${name.padEnd(36)} | ${quantile(xs, 0.5).toFixed(2).padStart(8)} | ${quantile(xs, 0.99).toFixed(2).padStart(8)} |`;
    console.log(
      `\nzuofeng bench — ${N} sequential submissions after ${WARMUP} warm-up (DynamoDB Local, one process)\n`,
    );
    console.log(`| ${'path'.padEnd(36)} | p50 (ms) |  p99 (ms) |`);
    console.log(`|${'-'.repeat(38)}|----------|-----------|`);
    console.log(row('POST /public/forms/{token}/feedback', http));
    console.log(row('bare TransactWriteItems (same items)', bare));
    console.log(
      `| ${'ratio HTTP / bare'.padEnd(36)} | ${(quantile(http, 0.5) / quantile(bare, 0.5)).toFixed(2).padStart(8)} | ${(quantile(http, 0.99) / quantile(bare, 0.99)).toFixed(2).padStart(9)} |`,
    );
    console.log('\n| write capacity per submission | WCU |');
    console.log('|-------------------------------|-----|');
    console.log(`| consumed (ReturnConsumedCapacity) | ${consumed} |`);
    console.log(
      `| minimum for its ${items.length} items (${sizes.map((s) => `${s} B`).join(', ')}) | ${minimum} |`,
    );
    console.log(
      '\nDynamoDB Local reports its own figure for ConsumedCapacity; DynamoDB itself charges a transactional\n' +
        'write 2 WCU per started KB of each item, which is the minimum shown. The consumers run meanwhile, as they would.',
    );
    console.log(
      `\nreads per submission: 2 GetItem (form link, tenant profile; the audit entry follows from the event); items: ${items.map((i) => i.kind).join(', ')}\n`,
    );

    // A resident's photo as the form sends it (about what a 1280 px JPEG at 0.7 weighs), through the API.
    const photo = Buffer.alloc(150 * 1024, 0x5a);
    photo.set([0xff, 0xd8, 0xff, 0xe0], 0);
    const uploadOnce = async () => {
      const t0 = performance.now();
      const res = await fetch(`${form}/photos`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: photo,
      });
      await res.arrayBuffer();
      if (res.status !== 201 && res.status !== 429) throw new Error(`upload failed: ${res.status}`);
      return { ms: performance.now() - t0, ok: res.status === 201 };
    };
    // The photo limit per address (20 per 10 minutes) holds here too: measure within it.
    const uploads = [];
    for (let i = 0; i < 15; i++) uploads.push(await uploadOnce());
    const uploaded = uploads.filter((u) => u.ok).map((u) => u.ms);
    console.log(`| ${'path'.padEnd(36)} | p50 (ms) |  max (ms) |`);
    console.log(`|${'-'.repeat(38)}|----------|-----------|`);
    console.log(
      `| ${'POST …/photos (150 KB JPEG)'.padEnd(36)} | ${quantile(uploaded, 0.5).toFixed(2).padStart(8)} | ${Math.max(
        ...uploaded,
      )
        .toFixed(2)
        .padStart(9)} |`,
    );

    // The A4 poster PDF: the first one reads and parses the font; later ones reuse it.
    const { posterPdf } = await import('../../services/feedback/src/domain/poster-pdf');
    const poster = {
      township: '青山镇',
      unit: '东村',
      label: '村委会公告栏',
      url: `https://pj.example.gov.cn/f/${demoLinks(SECRET)[0]!.token}`,
    };
    const rss0 = process.memoryUsage().rss;
    let t0 = performance.now();
    const first = await posterPdf(poster);
    const cold = performance.now() - t0;
    const rss1 = process.memoryUsage().rss;
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      await posterPdf({ ...poster, unit: `东村${i}组` });
      warm.push(performance.now() - t0);
    }
    console.log(
      `\nA4 poster PDF: ${(first.length / 1024).toFixed(1)} KB; first ${cold.toFixed(0)} ms (reads the font), then p50 ${quantile(warm, 0.5).toFixed(0)} ms; resident memory +${((rss1 - rss0) / 1024 / 1024).toFixed(0)} MB for the font\n`,
    );

    // Staff mutations of one township append to one audit chain, whose head serialises them: how long a
    // burst of simultaneous ones takes to all commit (each retries on the moved head within its budget).
    console.log('| simultaneous staff writes, one township | all committed (ms) | chain |');
    console.log('|-----------------------------------------|--------------------|-------|');
    const tableName = `bench-${suffix}`;
    for (const writers of [5, 10, 20]) {
      const tenantId = `twp-bench-${writers}`;
      t0 = performance.now();
      await Promise.all(
        Array.from({ length: writers }, (_, n) =>
          commit(
            deps.doc,
            tableName,
            [{ Put: { TableName: tableName, Item: { pk: `T#${tenantId}#THING`, sk: `t${n}`, n } } }],
            [],
            [
              {
                tenantId,
                actor: { type: 'user', id: 'bench' },
                action: 'thing.create',
                entity: `thing/${n}`,
              },
            ],
          ),
        ),
      );
      const ms = performance.now() - t0;
      const chain = await verifyAuditChain(deps.doc, tableName, tenantId);
      console.log(
        `| ${String(writers).padStart(39)} | ${ms.toFixed(0).padStart(18)} | ${chain.valid ? 'whole' : 'BROKEN'} |`,
      );
    }
  } finally {
    await rt.stop();
    await ddb.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
