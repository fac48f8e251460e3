import { z } from 'zod';

/**
 * What arrives in a consumer's SQS message body: the EventBridge event that the Pipe made from one
 * outbox row's stream record. Its detail is the stream record; the envelope is the row's `event` string.
 */
export const BusEvent = z.object({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: z.object({
    eventName: z.literal('INSERT'),
    dynamodb: z.object({
      NewImage: z.object({
        event: z.object({ S: z.string() }),
      }),
    }),
  }),
});
export type BusEvent = z.infer<typeof BusEvent>;

/** The envelope carried by a bus event, not yet checked against its declaration. */
export function envelopeOf(busEvent: BusEvent): unknown {
  return JSON.parse(busEvent.detail.dynamodb.NewImage.event.S);
}

/** An outbox row's stream record, as DynamoDB Streams delivers it (the Pipe's and the local reader's input). */
export interface OutboxStreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: {
    NewImage?: Record<string, { S?: string; N?: string }>;
    SequenceNumber?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/**
 * The EventBridge event that the Pipe publishes for a stream record: detail-type and source lifted from the
 * row (the Pipe's dynamic path parameters `$.dynamodb.NewImage.detailType.S` and `.source.S`), the record as
 * detail. The local bus builds exactly this shape.
 */
export function busEventFromRecord(
  record: OutboxStreamRecord,
  opts: { id: string; time: Date; region: string; account: string },
): BusEvent & { version: string; account: string; region: string; resources: string[] } {
  const image = record.dynamodb?.NewImage ?? {};
  return {
    version: '0',
    id: opts.id,
    'detail-type': image.detailType?.S ?? '',
    source: image.source?.S ?? '',
    account: opts.account,
    time: opts.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: opts.region,
    resources: [],
    detail: record as BusEvent['detail'],
  };
}
