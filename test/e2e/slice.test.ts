import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '@zuofeng/core';
import { catalogue, problemReported } from '@zuofeng/events';
import { buildConsumer, type Subscription } from '@zuofeng/messaging';
import { ulid } from 'ulid';
import {
  DEMO_FEEDBACK,
  DEMO_PASSWORD,
  demoLinks,
  type Runtime,
  startRuntime,
} from '../../packages/local/src';
import { localClient } from '../../packages/local/src/dynamo';
import { dlqName } from '../../packages/local/src/queue-store';
import { ddbEndpoint } from '../support/ddb';
import { post, submitAsResident, useTestFillTime } from '../support/feedback';
import { until } from '../support/runtime';

/**
 * The thin slice end to end, over HTTP, against the real local runtime on DynamoDB Local: a resident's
 * complaint → feedback → intake → notification, assessment and county, each through its own queue.
 * A test-only consumer rides the same bus to prove the delivery guarantees: it fails once and succeeds on
 * retry, and it can never process a "poison" problem, which must end in its DLQ while everything else flows.
 */
const SECRET = 'e2e-secret-e2e-secret-e2e-secret';
const POISON = '【毒丸】';

const attempts = new Map<string, number>();
const succeeded = new Map<string, number>();
let poisonCured = false;

const flaky: Subscription = {
  name: 'e2e-flaky-observer',
  events: [problemReported],
  entry: '(test)',
  maxReceiveCount: 3,
};
const flakyHandler = buildConsumer({
  name: flaky.name,
  events: [problemReported],
  logger: createLogger('e2e'),
  handle: async (envelope) => {
    const { data } = problemReported.parse(envelope);
    const n = (attempts.get(data.problemId) ?? 0) + 1;
    attempts.set(data.problemId, n);
    if (data.title.includes(POISON) && !poisonCured) throw new Error('poison');
    if (n === 1 && !data.title.includes(POISON)) throw new Error('transient failure on first delivery');
    succeeded.set(data.problemId, n);
  },
});

let rt: Runtime;
const suffix = ulid().toLowerCase();

async function token(username: string): Promise<string> {
  const res = await fetch(`${rt.url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const get = async (path: string, bearer: string) => {
  const res = await fetch(`${rt.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { items?: Record<string, unknown>[] },
  };
};

const RATINGS = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' };
/** A resident's submission, as the form sends it: with a solved challenge (test/support/feedback.ts). */
const submit = (token: string, complaint: string) =>
  submitAsResident(rt, token, { ratings: RATINGS, complaint });

const start = () => {
  useTestFillTime();
  return startRuntime({
    ddbEndpoint: ddbEndpoint(),
    tableName: `e2e-${suffix}`,
    queueTableName: `e2e-queues-${suffix}`,
    httpPort: 0,
    formLinkSecret: SECRET,
    schedules: false,
    pollMs: 50,
    backoff: { baseMs: 100, maxMs: 400 },
    extraConsumers: [{ subscription: flaky, handler: flakyHandler }],
  });
};

beforeAll(async () => {
  rt = await start();
});
afterAll(async () => {
  await rt?.stop();
});

describe('the thin slice over real events', () => {
  const dongcun = () => demoLinks(SECRET)[0]!; // 青山镇 · 东村
  const seededInQingshan = DEMO_FEEDBACK.filter((f) => f.tenantId === 'twp-qingshan' && f.complaint).length;
  const seededInDongcun = DEMO_FEEDBACK.filter(
    (f) => f.tenantId === 'twp-qingshan' && f.unitIndex === 0 && f.complaint,
  ).length;
  const complaint = `e2e ${suffix}：村委会办事窗口中午没人值班。`;
  let problemId: string;

  it('serves /health and the OpenAPI document with an operationId on every operation', async () => {
    const health = await fetch(`${rt.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', table: 'reachable' });
    const doc = (await (await fetch(`${rt.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.length).toBeGreaterThanOrEqual(8);
    for (const op of ops) expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect((await fetch(`${rt.url}/docs`)).status).toBe(200);
  });

  it('turns a public complaint into a public problem, an inbox notice, a unit tally and a county counter', async () => {
    const admin = await token('qingshan.admin');
    const county = await token('county.admin');

    const res = await submit(dongcun().token, complaint);
    expect(res.status).toBe(201);
    expect(res.json.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    const problem = await until('the public problem', async () => {
      const { body } = await get('/problems?limit=100', admin);
      return body.items?.find((p) => p.description === complaint);
    });
    expect(problem).toMatchObject({ source: 'public', state: 'reported', unitId: 'u-dongcun' });
    problemId = problem.problemId as string;

    await until('the inbox notice', async () => {
      const { body } = await get('/inbox?limit=100', admin);
      return body.items?.find((n) => n.link === `/problems/${problemId}`);
    });
    const tally = await until('the unit tally', async () => {
      const { body } = await get('/assessment/units', admin);
      const t = body.items?.find((u) => u.unitId === 'u-dongcun');
      return t && t.problems === seededInDongcun + 1 ? t : undefined;
    });
    expect(tally.bySource).toMatchObject({ public: seededInDongcun + 1 });
    // Assessment reads the unit's satisfaction figures beside its tally: the same counters as the township's.
    const judged = await until('the unit satisfaction in assessment', async () => {
      const [units, figures] = await Promise.all([
        get('/assessment/units', admin),
        get('/feedback/figures', admin),
      ]);
      const a = units.body.items?.find((u) => u.unitId === 'u-dongcun')?.satisfaction as
        | { feedbacks: number; index: number | null; questions: Record<string, unknown> }
        | undefined;
      const f = (figures.body.units as { unitId: string; feedbacks: number; index: number | null }[]).find(
        (u) => u.unitId === 'u-dongcun',
      );
      return a && f && a.feedbacks >= 1 && a.feedbacks === f.feedbacks && a.index === f.index ? a : undefined;
    });
    expect(judged.index).toEqual(expect.any(Number));
    expect(Object.keys(judged.questions).sort()).toEqual(['happiness', 'solved', 'warmth']);
    const overview = await until('the county counter', async () => {
      const { body } = await get('/county/overview', county);
      const rows = body.townships as { townshipId: string; problems: number }[];
      return rows.find((t) => t.townshipId === 'twp-qingshan' && t.problems === seededInQingshan + 1)
        ? rows
        : undefined;
    });
    // One item per township, whatever the number of problems.
    expect(overview.map((t) => t.townshipId).sort()).toEqual(['twp-baishui', 'twp-qingshan']);
  });

  it('retries a consumer that fails once, and it succeeds on the second delivery', async () => {
    await until('the flaky consumer to succeed', async () => succeeded.get(problemId));
    expect(succeeded.get(problemId)).toBe(2);
  });

  it('keeps another township out: its admin sees none of these problems and the county sees no records', async () => {
    const other = await token('baishui.admin');
    const { body } = await get('/problems?limit=100', other);
    expect(body.items?.some((p) => p.problemId === problemId)).toBe(false);
    expect((await get(`/problems/${problemId}`, other)).status).toBe(404);
    expect((await get('/problems', await token('county.admin'))).status).toBe(403);
  });

  it('dead-letters a poison message after its retries while the other consumers process the same event', async () => {
    const admin = await token('qingshan.admin');
    const res = await submit(dongcun().token, `${POISON} ${suffix}`);
    expect(res.status).toBe(201);
    const letters = await until('the dead letter', async () => {
      const l = await rt.store.list(dlqName(flaky.name));
      return l.length ? l : undefined;
    });
    expect(letters).toHaveLength(1);
    const body = JSON.parse(letters[0]!.body) as {
      'detail-type': string;
      detail: { dynamodb: { NewImage: { event: { S: string } } } };
    };
    expect(body['detail-type']).toBe('problem.reported');
    const poisoned = problemReported.parse(JSON.parse(body.detail.dynamodb.NewImage.event.S));
    expect(attempts.get(poisoned.data.problemId)).toBe(flaky.maxReceiveCount);
    // The other consumers were not held up by it.
    await until('the poison problem in the inbox', async () => {
      const { body: inbox } = await get('/inbox?limit=100', admin);
      return inbox.items?.find((n) => n.link === `/problems/${poisoned.data.problemId}`);
    });

    // Redrive, once the fault is mended: the message is processed and the DLQ is empty.
    poisonCured = true;
    expect(await rt.store.redrive(flaky.name)).toBe(1);
    await until('the redriven message to succeed', async () => succeeded.get(poisoned.data.problemId));
    expect(await rt.store.list(dlqName(flaky.name))).toHaveLength(0);
  });

  it('rejects bad input with a 4xx that names the field, and writes nothing', async () => {
    const admin = await token('qingshan.admin');
    const before = ((await get('/feedback?limit=100', admin)).body.items ?? []).length;
    const bad = await fetch(`${rt.url}/public/forms/${dongcun().token}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratings: { warmth: 'satisfied', solved: 'great' } }),
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { field: string; reason: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.ratings.solved', 'body.ratings.happiness']),
    );
    const big = await submit(dongcun().token, '长'.repeat(5000));
    expect(big.status).toBe(413);
    const forgedToken = `${dongcun().token.slice(0, -2)}xx`;
    const forged = await post(`${rt.url}/public/forms/${forgedToken}/feedback`, {
      ratings: RATINGS,
      complaint: 'forged',
      altcha: 'eyJ9',
    });
    expect(forged.status).toBe(404);
    expect(((await get('/feedback?limit=100', admin)).body.items ?? []).length).toBe(before);
    expect((await fetch(`${rt.url}/problems`)).status).toBe(401);
  });

  it("parses every producer's output: each outbox row written during the run matches its declaration", async () => {
    const client = localClient(ddbEndpoint());
    const rows: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await DynamoDBDocumentClient.from(client).send(
        new ScanCommand({
          TableName: `e2e-${suffix}`,
          FilterExpression: 'kind = :o',
          ExpressionAttributeValues: { ':o': 'outbox' },
          ExclusiveStartKey: start,
        }),
      );
      rows.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    client.destroy();
    const byType = new Map(catalogue.map((d) => [d.detailType, d]));
    const types = new Set<string>();
    for (const row of rows) {
      const decl = byType.get(row.detailType as string);
      expect(decl).toBeDefined();
      const envelope = decl!.parse(JSON.parse(row.event as string));
      expect(row.pk).toBe(`T#${envelope.metadata.tenantId}#OUTBOX`);
      expect(row.source).toBe(decl!.source);
      types.add(envelope.detailType);
    }
    // Both producers of the slice (feedback and intake) have written here.
    expect([...types].sort()).toEqual(['feedback.submitted', 'problem.reported']);
  });

  it('restarts on the same tables without losing or re-seeding anything', async () => {
    const admin = await token('qingshan.admin');
    const before = (await get('/problems?limit=100', admin)).body.items?.length;
    await rt.stop();
    rt = await start();
    const again = await token('qingshan.admin');
    expect((await get('/problems?limit=100', again)).body.items?.length).toBe(before);
    expect((await get(`/problems/${problemId}`, again)).status).toBe(200);
  });
});
