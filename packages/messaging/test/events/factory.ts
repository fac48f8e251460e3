import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { busEventFromRecord, type OutboxStreamRecord } from '../../src/bus-event';
import sqsRecordTemplate from './sqs-record.json';

/** An event fixture from the catalogue (`events/fixtures/<detailType>.json`), as a fresh object. */
export function eventFixture(detailType: string): LooseEnvelope & { data: Record<string, unknown> } {
  return JSON.parse(
    readFileSync(join(__dirname, '../../../../events/fixtures', `${detailType}.json`), 'utf8'),
  );
}

/** An envelope, valid or not: tests also send ones that break their schema. */
export interface LooseEnvelope {
  detailType: string;
  source: string;
  metadata: { eventId: string; tenantId: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** The stream record of the outbox row that holds `envelope` (what the Pipe reads). */
export function outboxStreamRecord(envelope: LooseEnvelope): OutboxStreamRecord {
  return {
    eventID: `stream-${envelope.metadata.eventId}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: `T#${envelope.metadata.tenantId}#OUTBOX` }, sk: { S: envelope.metadata.eventId } },
      NewImage: {
        pk: { S: `T#${envelope.metadata.tenantId}#OUTBOX` },
        sk: { S: envelope.metadata.eventId },
        kind: { S: 'outbox' },
        detailType: { S: envelope.detailType },
        source: { S: envelope.source },
        tenantId: { S: envelope.metadata.tenantId },
        event: { S: JSON.stringify(envelope) },
        expiresAt: { N: '1773019800' },
      },
      SequenceNumber: '4000000000000000000001',
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** An SQS record whose body is the EventBridge event the Pipe publishes for `envelope`. */
export function sqsRecordFor(
  envelope: Parameters<typeof outboxStreamRecord>[0],
  messageId: string,
): SQSRecord {
  const busEvent = busEventFromRecord(outboxStreamRecord(envelope), {
    id: `bus-${messageId}`,
    time: new Date('2026-03-02T01:30:01.000Z'),
    region: 'cn-north-1',
    account: '000000000000',
  });
  return sqsRecordWithBody(JSON.stringify(busEvent), messageId);
}

/** An SQS record with any body, for messages that are not bus events at all. */
export function sqsRecordWithBody(body: string, messageId: string, receiveCount = 1): SQSRecord {
  return {
    ...sqsRecordTemplate,
    messageId,
    body,
    attributes: { ...sqsRecordTemplate.attributes, ApproximateReceiveCount: String(receiveCount) },
  } as SQSRecord;
}

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
