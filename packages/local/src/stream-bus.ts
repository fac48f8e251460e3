import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { outboxStreamFilter } from '@zuofeng/ddb';
import {
  busEventFromRecord,
  type EventPattern,
  matchesPattern,
  type OutboxStreamRecord,
} from '@zuofeng/messaging';
import { ulid } from 'ulid';
import type { QueueStore } from './queue-store';

/** A rule of the local bus: the same pattern CDK gives the EventBridge rule, and the queue it targets. */
export interface LocalRule {
  name: string;
  pattern: EventPattern;
  queue: string;
}

/**
 * The local stand-in for "stream → Pipe → bus → rules → queues": it reads the table's stream from DynamoDB
 * Local, keeps outbox inserts (the Pipe's filter), turns each into the EventBridge event the Pipe would
 * publish, and sends it to the queue of every rule that matches. Positions are checkpointed after the
 * messages are stored, so a crash can repeat a record (consumers are idempotent) but never skip one.
 */
export class StreamBus {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string>();
  private readonly finished = new Set<string>();
  private streamArn: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Bus events published so far, for the banner and tests. */
  published = 0;

  constructor(
    private readonly opts: {
      client: DynamoDBClient;
      endpoint: string;
      tableName: string;
      store: QueueStore;
      rules: () => readonly LocalRule[];
      pollMs: number;
      region: string;
      onError?: (err: unknown) => void;
    },
  ) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: opts.endpoint,
      region: opts.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.streams.destroy();
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((busy) => this.schedule(busy ? 0 : this.opts.pollMs))
        .catch((err) => {
          this.opts.onError?.(err);
          this.iterators.clear();
          this.schedule(this.opts.pollMs * 5);
        });
    }, ms);
  }

  /** Read every open shard once. Returns true when records were found. */
  async tick(): Promise<boolean> {
    this.streamArn ??= (
      await this.opts.client.send(new DescribeTableCommand({ TableName: this.opts.tableName }))
    ).Table?.LatestStreamArn;
    const streamArn = this.streamArn;
    if (!streamArn) throw new Error(`table ${this.opts.tableName} has no stream`);
    const shardIds: string[] = [];
    let start: string | undefined;
    do {
      const d = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shardIds.push(...(d.StreamDescription?.Shards ?? []).map((s) => s.ShardId!));
      start = d.StreamDescription?.LastEvaluatedShardId;
    } while (start);

    let busy = false;
    for (const shardId of shardIds) {
      if (this.finished.has(shardId)) continue;
      const checkpointKey = `${streamArn}#${shardId}`;
      let iterator = this.iterators.get(shardId);
      if (!iterator) {
        const seq = await this.opts.store.getCheckpoint(checkpointKey);
        iterator = (
          await this.streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(seq
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq }
                : { ShardIteratorType: 'TRIM_HORIZON' }),
            }),
          )
        ).ShardIterator;
        if (!iterator) {
          this.finished.add(shardId);
          continue;
        }
      }
      const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = out.Records ?? [];
      for (const record of records) await this.publish(record);
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) await this.opts.store.setCheckpoint(checkpointKey, last);
      if (records.length) busy = true;
      if (out.NextShardIterator) this.iterators.set(shardId, out.NextShardIterator);
      else {
        this.iterators.delete(shardId);
        this.finished.add(shardId);
      }
    }
    return busy;
  }

  private async publish(sdkRecord: _Record): Promise<void> {
    // Pipes hand the record on as JSON, with the creation time in epoch seconds: match that shape.
    const created = sdkRecord.dynamodb?.ApproximateCreationDateTime;
    const record = {
      ...sdkRecord,
      dynamodb: {
        ...sdkRecord.dynamodb,
        ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      },
    } as OutboxStreamRecord;
    if (!matchesPattern(outboxStreamFilter as unknown as EventPattern, record)) return;
    const busEvent = busEventFromRecord(record, {
      id: ulid(),
      time: created ? new Date(created) : new Date(),
      region: this.opts.region,
      account: '000000000000',
    });
    const body = JSON.stringify(busEvent);
    for (const rule of this.opts.rules()) {
      if (matchesPattern(rule.pattern, busEvent)) await this.opts.store.send(rule.queue, body);
    }
    this.published++;
  }
}
