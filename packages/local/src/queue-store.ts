import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';

/** A message as the local queues keep it: SQS's fields that matter for delivery. */
export interface StoredMessage {
  queue: string;
  messageId: string;
  body: string;
  receiveCount: number;
  /** Epoch ms from which the message may be received again. */
  visibleAt: number;
  sentAt: number;
  /** For a dead letter: the queue it came from and why it failed last. */
  sourceQueue?: string;
  lastError?: string;
}

export const dlqName = (queue: string): string => `${queue}-dlq`;

/**
 * SQS's storage semantics on a DynamoDB Local table: send, receive with a visibility timeout, delete,
 * change visibility, dead-letter and redrive. Messages survive a restart of the runtime, as on AWS.
 */
export class QueueStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async send(queue: string, body: string, extra: Partial<StoredMessage> = {}): Promise<string> {
    const messageId = ulid();
    const t = this.now();
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `Q#${queue}`, sk: messageId, body, receiveCount: 0, visibleAt: t, sentAt: t, ...extra },
      }),
    );
    return messageId;
  }

  /** Receive up to `max` visible messages, hiding each for `visibilityMs` and counting the receive. */
  async receive(queue: string, max: number, visibilityMs: number): Promise<StoredMessage[]> {
    const t = this.now();
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'visibleAt <= :now',
        ExpressionAttributeValues: { ':pk': `Q#${queue}`, ':now': t },
        ConsistentRead: true,
      }),
    );
    const received: StoredMessage[] = [];
    for (const item of (out.Items ?? []).slice(0, max)) {
      try {
        const updated = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET visibleAt = :until ADD receiveCount :one',
            ConditionExpression: 'visibleAt = :seen',
            ExpressionAttributeValues: { ':until': t + visibilityMs, ':one': 1, ':seen': item.visibleAt },
            ReturnValues: 'ALL_NEW',
          }),
        );
        received.push(toMessage(queue, updated.Attributes!));
      } catch (err) {
        // Another receiver took it first: exactly what SQS would do.
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    }
    return received;
  }

  async delete(queue: string, messageId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: `Q#${queue}`, sk: messageId } }),
    );
  }

  async changeVisibility(queue: string, messageId: string, delayMs: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `Q#${queue}`, sk: messageId },
        UpdateExpression: 'SET visibleAt = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': this.now() + delayMs },
      }),
    );
  }

  /** Move a message that failed too often to its queue's DLQ, keeping its body and count. */
  async deadLetter(msg: StoredMessage, error: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `Q#${dlqName(msg.queue)}`,
          sk: msg.messageId,
          body: msg.body,
          receiveCount: msg.receiveCount,
          visibleAt: Number.MAX_SAFE_INTEGER, // nobody consumes a DLQ; it is listed and redriven
          sentAt: msg.sentAt,
          sourceQueue: msg.queue,
          lastError: error.slice(0, 2000),
        },
      }),
    );
    await this.delete(msg.queue, msg.messageId);
  }

  /** Every message in a queue (or DLQ), oldest first. */
  async list(queue: string): Promise<StoredMessage[]> {
    const items: StoredMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `Q#${queue}` },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => toMessage(queue, i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Send every dead letter of `queue`'s DLQ back to `queue` with a fresh receive count. */
  async redrive(queue: string): Promise<number> {
    const letters = await this.list(dlqName(queue));
    for (const m of letters) {
      await this.send(queue, m.body);
      await this.delete(dlqName(queue), m.messageId);
    }
    return letters.length;
  }

  /** Stream checkpoints live beside the queues: the position up to which records were enqueued. */
  async getCheckpoint(key: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': 'CHECKPOINT', ':sk': key },
        ConsistentRead: true,
      }),
    );
    return out.Items?.[0]?.sequenceNumber as string | undefined;
  }

  async setCheckpoint(key: string, sequenceNumber: string): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: 'CHECKPOINT', sk: key, sequenceNumber } }),
    );
  }
}

function toMessage(queue: string, i: Record<string, unknown>): StoredMessage {
  return {
    queue,
    messageId: i.sk as string,
    body: i.body as string,
    receiveCount: Number(i.receiveCount ?? 0),
    visibleAt: Number(i.visibleAt),
    sentAt: Number(i.sentAt),
    ...(i.sourceQueue ? { sourceQueue: i.sourceQueue as string } : {}),
    ...(i.lastError ? { lastError: i.lastError as string } : {}),
  };
}
