import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '@zuofeng/ddb';
import { ulid } from 'ulid';
import { DEMO_PASSWORD, type Runtime, type RuntimeOptions, startRuntime } from '../../packages/local/src';
import { localClient } from '../../packages/local/src/dynamo';
import { ddbEndpoint } from './ddb';
import { useTestFillTime } from './feedback';

export const TEST_SECRET = 'test-secret-test-secret-test-secret';

/** The whole local runtime on fresh tables of the shared DynamoDB Local, with an HTTP client for tests. */
export async function startTestRuntime(
  extra: Partial<RuntimeOptions> = {},
  opts: { /** The feedback form's minimum fill time. @default TEST_MIN_FILL_MS */ minFillMs?: number } = {},
) {
  const suffix = ulid().toLowerCase();
  const tableName = extra.tableName ?? `rt-${suffix}`;
  // Tests see a suspension at once; deployed functions cache a tenant's status for 30 s.
  process.env.TENANT_STATUS_TTL_MS = '0';
  // Residents in tests take 50 ms to fill the form in, not 3 s (see test/support/feedback.ts).
  useTestFillTime(opts.minFillMs);
  const rt: Runtime = await startRuntime({
    ddbEndpoint: ddbEndpoint(),
    tableName,
    queueTableName: `rt-queues-${suffix}`,
    httpPort: 0,
    formLinkSecret: TEST_SECRET,
    schedules: false,
    pollMs: 50,
    backoff: { baseMs: 100, maxMs: 400 },
    ...extra,
  });

  async function api(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    json: any;
    raw: string;
  }> {
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined
        ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
        : {}),
    });
    const raw = await res.text();
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, raw };
  }

  /** Sign in through the dev identity provider; throws with the refusal if it fails. */
  async function token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await api('POST', '/dev/token', { body: { username, password } });
    if (r.status !== 200) throw new Error(`sign-in of ${username} refused: ${r.status} ${r.raw}`);
    return r.json.token as string;
  }

  /** A document client on the runtime's table, for tests that emit events or inspect rows. */
  const doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()), {
    marshallOptions: { removeUndefinedValues: true },
  });
  /** Every item of a partition (all pages), optionally filtered: what a test counts rows with. */
  const items = async (pk: string, filter?: (item: Record<string, unknown>) => boolean) =>
    (
      await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      })
    ).filter((i) => !filter || filter(i));
  const count = async (pk: string, filter?: (item: Record<string, unknown>) => boolean) =>
    (await items(pk, filter)).length;
  return { rt, tableName, api, token, doc, items, count, stop: () => rt.stop() };
}

/**
 * Poll until `probe` returns a value: a wait for an effect that is sure to come (an event applied, a queue
 * drained), not a speed target, so its limit is generous; a passing test never waits it out, and a shared
 * machine under the whole suite may be slow.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
