import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AnyEventDeclaration, EventEnvelope } from '@zuofeng/events';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BusEvent, envelopeOf } from './bus-event';

/** Raised for a message that can never succeed: it goes straight to the DLQ's path (fails every retry). */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

export interface ConsumerContext {
  /** The SQS message id, for logs. */
  messageId: string;
  receiveCount: number;
}

/**
 * Build an SQS consumer that reports partial batch failures: one bad message is retried (and finally
 * dead-lettered) on its own, while the rest of the batch completes. The handler receives an envelope that
 * has been checked against its declaration; the tenant is the envelope's, never a global.
 */
export function buildConsumer<D extends AnyEventDeclaration>(opts: {
  name: string;
  events: readonly D[];
  logger: Logger;
  /** Apply one event; what it returns (its outcome) is logged with the event's tenant and correlation id. */
  handle: (
    envelope: EventEnvelope<unknown> & { detailType: D['detailType'] },
    ctx: ConsumerContext,
  ) => Promise<unknown>;
}): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const byType = new Map(opts.events.map((d) => [d.detailType, d]));
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const busEvent = BusEvent.parse(JSON.parse(record.body));
    const decl = byType.get(busEvent['detail-type']);
    if (!decl) throw new PoisonMessageError(`${opts.name} does not consume ${busEvent['detail-type']}`);
    const envelope = decl.parse(envelopeOf(busEvent));
    // Records of a batch run concurrently, so the keys go on each line rather than on the shared logger.
    const keys = {
      consumer: opts.name,
      eventId: envelope.metadata.eventId,
      detailType: envelope.detailType,
      tenantId: envelope.metadata.tenantId,
      correlationId: envelope.metadata.correlationId,
    };
    try {
      const outcome = await opts.handle(envelope, {
        messageId: record.messageId,
        receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
      });
      opts.logger.info('event applied', { ...keys, outcome });
    } catch (err) {
      opts.logger.warn('event failed', { ...keys, error: err as Error });
      throw err;
    }
  };
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, { throwOnFullBatchFailure: false });
  };
}
