import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { EventEnvelope } from '@zuofeng/events';
import { type AuditInput, auditItems } from './audit';
import { expiresInDays, tenantPk } from './keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long an outbox item stays after the stream has carried it on. */
export const OUTBOX_RETENTION_DAYS = 7;
/** A consumer's receipt outlives the longest time a message can sit in a queue or DLQ (SQS: 14 days). */
export const RECEIPT_RETENTION_DAYS = 30;

/**
 * The stream filter for outbox items, as an EventBridge pattern. The Pipe (CDK) uses it as its source
 * filter; the local stream reader applies the same pattern with the same matcher as the local bus.
 */
export const outboxStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { kind: { S: ['outbox'] } } },
} as const;

/**
 * The outbox row for one event. Written in the same TransactWriteItems as the state change, so an event is
 * published if and only if the change committed. The Pipe lifts `detailType` and `source` into the
 * EventBridge event and passes the record (with `event`, the JSON envelope) as its detail.
 */
export function outboxPut(tableName: string, envelope: EventEnvelope<unknown>): TransactItem {
  const { metadata } = envelope;
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: tenantPk(metadata.tenantId, 'OUTBOX'),
        sk: metadata.eventId,
        kind: 'outbox',
        detailType: envelope.detailType,
        source: envelope.source,
        tenantId: metadata.tenantId,
        event: JSON.stringify(envelope),
        expiresAt: expiresInDays(OUTBOX_RETENTION_DAYS),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A consumer's receipt for one event: its write fails if the event was already applied. */
export function receiptPut(
  tableName: string,
  consumer: string,
  envelope: EventEnvelope<unknown>,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        pk: tenantPk(envelope.metadata.tenantId, 'PROCESSED', consumer),
        sk: envelope.metadata.eventId,
        kind: 'processed',
        expiresAt: expiresInDays(RECEIPT_RETENTION_DAYS),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The reasons a transaction was cancelled, one per item, or undefined for another error. */
export function cancellationCodes(err: unknown): (string | undefined)[] | undefined {
  if (
    err instanceof TransactionCanceledException ||
    (err as { name?: string })?.name === 'TransactionCanceledException'
  ) {
    return ((err as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
  }
  return undefined;
}

/**
 * How long a commit keeps retrying when another writer moved an audit chain's head first (or a concurrent
 * transaction held one of its items), with full-jitter exponential backoff capped at 100 ms. The head
 * serialises one tenant's mutations: a burst (a village meeting scanning the poster together, 40 phones in
 * the same second) queues for a second or two, inside a function's 15 s; a budget in time rather than a
 * count of attempts is what keeps the unlucky writer of such a burst from giving up.
 */
export const COMMIT_RETRY_BUDGET_MS = 10_000;
// Short waits: one writer wins each round on the head, and a long wait only lets the next arrivals past.
const backoff = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 5 * 2 ** attempt)));

/**
 * Commit a state change, its events and its audit entries in one transaction (the transactional outbox).
 * When an audit head moved under us, the transaction is rebuilt on the new head and retried; so is one that
 * raced another transaction on the same item (TransactionConflict: nothing was written). A failed condition
 * of the caller's own items is thrown to the caller, at once.
 */
export async function commit(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: TransactItem[],
  events: EventEnvelope<unknown>[] = [],
  audit: AuditInput[] = [],
  now: () => Date = () => new Date(),
): Promise<void> {
  const deadline = Date.now() + COMMIT_RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    const auditWrites = (await Promise.all(audit.map((a) => auditItems(doc, tableName, a, now())))).flat();
    const all = [...items, ...events.map((e) => outboxPut(tableName, e)), ...auditWrites];
    if (all.length > 100) throw new Error(`a transaction holds at most 100 items, got ${all.length}`);
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: all }));
      return;
    } catch (err) {
      const codes = cancellationCodes(err);
      if (!codes || Date.now() >= deadline) throw err;
      const firstAudit = items.length + events.length;
      const own = codes.slice(0, firstAudit);
      const ownFailed = own.some((c) => c && c !== 'None' && c !== 'TransactionConflict');
      const headMoved = codes.slice(firstAudit).some((c) => c === 'ConditionalCheckFailed');
      const raced = codes.includes('TransactionConflict');
      if (ownFailed || !(headMoved || raced)) throw err;
      await backoff(attempt);
    }
  }
}

/**
 * Apply a consumer's effect exactly once per event id: the receipt, the state change and any follow-up
 * events commit together. A redelivered event finds its receipt and is skipped.
 * Returns `duplicate` when the event had already been applied.
 */
export async function commitOnce(
  doc: DynamoDBDocumentClient,
  tableName: string,
  consumer: string,
  cause: EventEnvelope<unknown>,
  items: TransactItem[],
  events: EventEnvelope<unknown>[] = [],
  audit: AuditInput[] = [],
): Promise<'applied' | 'duplicate'> {
  try {
    await commit(doc, tableName, [receiptPut(tableName, consumer, cause), ...items], events, audit);
    return 'applied';
  } catch (err) {
    const codes = cancellationCodes(err);
    if (codes?.[0] === 'ConditionalCheckFailed') return 'duplicate';
    throw err;
  }
}
