import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueStore, StoredMessage } from './queue-store';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface WorkerOptions {
  queue: string;
  batchSize: number;
  visibilityTimeoutMs: number;
  maxReceiveCount: number;
  /** Delay before the n-th retry: min(maxMs, baseMs × 2^(n-1)). */
  backoff: { baseMs: number; maxMs: number };
  pollMs: number;
  region: string;
}

/**
 * The event source mapping of one consumer: it polls its queue, calls the handler with an SQS event, deletes
 * what succeeded, delays what failed (with backoff), and dead-letters what failed `maxReceiveCount` times.
 * A partial batch response fails only the messages it names.
 */
export class QueueWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: QueueStore,
    private readonly handler: () => Promise<SqsHandler>,
    readonly options: WorkerOptions,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((busy) => this.schedule(busy ? 0 : this.options.pollMs))
        .catch((err) => {
          this.onError(err);
          this.schedule(this.options.pollMs * 5);
        });
    }, ms);
  }

  /** One receive → invoke → settle cycle. Returns true when it found messages. */
  async tick(): Promise<boolean> {
    const o = this.options;
    const messages = await this.store.receive(o.queue, o.batchSize, o.visibilityTimeoutMs);
    if (messages.length === 0) return false;
    const handler = await this.handler();
    let failed: Set<string>;
    let error = 'handler failed';
    try {
      const res = await handler(
        { Records: messages.map((m) => toRecord(m, o.region)) },
        lambdaContext(o.queue),
      );
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      if (failed.size) error = 'reported in batchItemFailures';
    } catch (err) {
      // A handler that throws fails the whole batch, as Lambda's SQS integration does.
      failed = new Set(messages.map((m) => m.messageId));
      error = (err as Error).stack ?? String(err);
    }
    for (const m of messages) {
      if (!failed.has(m.messageId)) await this.store.delete(o.queue, m.messageId);
      else if (m.receiveCount >= o.maxReceiveCount) await this.store.deadLetter(m, error);
      else await this.store.changeVisibility(o.queue, m.messageId, backoffMs(o.backoff, m.receiveCount));
    }
    return true;
  }
}

export const backoffMs = (b: { baseMs: number; maxMs: number }, attempt: number): number =>
  Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempt - 1));

function toRecord(m: StoredMessage, region: string): SQSRecord {
  return {
    messageId: m.messageId,
    receiptHandle: `${m.queue}/${m.messageId}/${m.receiveCount}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: 'zuofeng-local',
      ApproximateFirstReceiveTimestamp: String(m.sentAt),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    // A local pseudo-ARN: its partition says plainly that this queue is not on AWS.
    eventSourceARN: `arn:zuofeng-local:sqs:${region}:000000000000:${m.queue}`,
    awsRegion: region,
  };
}

export function lambdaContext(name: string, timeoutMs = 30_000): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:zuofeng-local:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/local/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
