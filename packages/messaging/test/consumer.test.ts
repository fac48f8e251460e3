import { Logger } from '@aws-lambda-powertools/logger';
import { type EventEnvelope, problemReported } from '@zuofeng/events';
import { busEventFromRecord } from '../src/bus-event';
import { buildConsumer, type ConsumerContext } from '../src/consumer';
import {
  eventFixture,
  outboxStreamRecord,
  sqsEvent,
  sqsRecordFor,
  sqsRecordWithBody,
} from './events/factory';

const logger = new Logger({ logLevel: 'SILENT' });

/** A problem.reported envelope from the fixture, with its own event id and, optionally, other data. */
function problemEnvelope(eventId: string, data: Record<string, unknown> = {}) {
  const e = eventFixture('problem.reported');
  return { ...e, metadata: { ...e.metadata, eventId }, data: { ...e.data, ...data } };
}

/** A consumer of problem.reported that records what it saw and fails on a chosen problem id. */
function recordingConsumer(failOnProblemId?: string) {
  const seen: { envelope: EventEnvelope<unknown>; ctx: ConsumerContext }[] = [];
  const handler = buildConsumer({
    name: 'test-on-problem-reported',
    events: [problemReported],
    logger,
    handle: async (envelope, ctx) => {
      const data = envelope.data as { problemId: string };
      if (data.problemId === failOnProblemId) throw new Error('the handler failed');
      seen.push({ envelope, ctx });
      return 'applied';
    },
  });
  return { handler, seen };
}

describe('busEventFromRecord', () => {
  it('lifts detail-type and source from the outbox row and keeps the record as detail', () => {
    // Prepare
    const envelope = eventFixture('problem.reported');
    const record = outboxStreamRecord(envelope);

    // Act
    const busEvent = busEventFromRecord(record, {
      id: 'b-1',
      time: new Date('2026-03-02T01:30:01.999Z'),
      region: 'cn-north-1',
      account: '123456789012',
    });

    // Assess
    expect(busEvent).toMatchObject({
      'detail-type': 'problem.reported',
      source: 'zuofeng.intake',
      time: '2026-03-02T01:30:01Z',
      region: 'cn-north-1',
      account: '123456789012',
    });
    expect(busEvent.detail).toBe(record);
  });
});

describe('buildConsumer', () => {
  it('completes a good batch with no failures, handing the handler the parsed envelope', async () => {
    // Prepare
    const { handler, seen } = recordingConsumer();
    const first = problemEnvelope('01JDEMO00000000000000PR101');
    const second = problemEnvelope('01JDEMO00000000000000PR102', { problemId: '01JDEMO00000000000000PB102' });
    const event = sqsEvent(sqsRecordFor(first, 'm-1'), {
      ...sqsRecordFor(second, 'm-2'),
      attributes: { ...sqsRecordFor(second, 'm-2').attributes, ApproximateReceiveCount: '3' },
    });

    // Act
    const result = await handler(event);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const byMessage = Object.fromEntries(seen.map((s) => [s.ctx.messageId, s]));
    expect(Object.keys(byMessage).sort()).toEqual(['m-1', 'm-2']);
    expect(byMessage['m-1']!.envelope).toEqual(problemReported.parse(first));
    expect(byMessage['m-1']!.envelope.metadata.tenantId).toBe('twp-qingshan');
    expect(byMessage['m-1']!.ctx.receiveCount).toBe(1);
    expect(byMessage['m-2']!.envelope.data).toMatchObject({ problemId: '01JDEMO00000000000000PB102' });
    expect(byMessage['m-2']!.ctx.receiveCount).toBe(3);
  });

  it('reports exactly the malformed, the unknown and the failing messages, and completes the others', async () => {
    // Prepare
    const { handler, seen } = recordingConsumer('01JDEMO00000000000000PBBAD');
    const event = sqsEvent(
      sqsRecordFor(problemEnvelope('01JDEMO00000000000000PR201'), 'ok-1'),
      sqsRecordWithBody('{"detail-type": "problem.reported", ', 'malformed'),
      sqsRecordFor(eventFixture('feedback.submitted'), 'unknown-type'),
      sqsRecordFor(
        problemEnvelope('01JDEMO00000000000000PR202', { problemId: '01JDEMO00000000000000PBBAD' }),
        'throws',
      ),
      sqsRecordFor(problemEnvelope('01JDEMO00000000000000PR203'), 'ok-2'),
    );

    // Act
    const result = await handler(event);

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      ['malformed', 'throws', 'unknown-type'].sort(),
    );
    expect(seen.map((s) => s.ctx.messageId).sort()).toEqual(['ok-1', 'ok-2']);
  });

  it('never hands the handler an envelope that fails its schema', async () => {
    // Prepare
    const { handler, seen } = recordingConsumer();
    const base = problemEnvelope('01JDEMO00000000000000PR301');
    const { tenantId: _t, ...noTenant } = base.metadata;
    const event = sqsEvent(
      sqsRecordFor({ ...base, data: { ...base.data, title: '' } }, 'empty-title'),
      sqsRecordFor({ ...base, data: { ...base.data, source: 'rumour' } }, 'bad-source'),
      sqsRecordFor({ ...base, metadata: { ...base.metadata, version: 2 } }, 'other-version'),
      sqsRecordFor({ ...base, metadata: { ...noTenant, tenantId: 'T#other' } }, 'bad-tenant'),
      // The outbox row says problem.reported, but the envelope inside is another event.
      sqsRecordFor({ ...eventFixture('feedback.submitted'), detailType: 'problem.reported' }, 'mismatch'),
    );

    // Act
    const result = await handler(event);

    // Assess
    expect(seen).toEqual([]);
    expect(result.batchItemFailures).toHaveLength(5);
  });

  it('fails a bus event that is not an INSERT or whose event attribute is not JSON', async () => {
    // Prepare
    const { handler, seen } = recordingConsumer();
    const good = sqsRecordFor(problemEnvelope('01JDEMO00000000000000PR401'), 'x');
    const busEvent = JSON.parse(good.body);
    const modify = { ...busEvent, detail: { ...busEvent.detail, eventName: 'MODIFY' } };
    const notJson = structuredClone(busEvent);
    notJson.detail.dynamodb.NewImage.event.S = 'not json';

    // Act
    const result = await handler(
      sqsEvent(
        sqsRecordWithBody(JSON.stringify(modify), 'modify'),
        sqsRecordWithBody(JSON.stringify(notJson), 'not-json'),
      ),
    );

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['modify', 'not-json']);
    expect(seen).toEqual([]);
  });

  it('returns a failure for every message, rather than throwing, when the whole batch fails', async () => {
    const { handler } = recordingConsumer();

    const result = await handler(sqsEvent(sqsRecordWithBody('x', 'a'), sqsRecordWithBody('y', 'b')));

    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
  });

  it("logs each applied or failed event with the envelope's tenant and correlation id", async () => {
    // Prepare: a logger whose info and warn lines are captured.
    const lines: { level: string; message: unknown; extra: Record<string, unknown> }[] = [];
    const captured = new Logger({ logLevel: 'SILENT' });
    captured.info = ((message: unknown, extra: Record<string, unknown>) =>
      void lines.push({ level: 'info', message, extra })) as Logger['info'];
    captured.warn = ((message: unknown, extra: Record<string, unknown>) =>
      void lines.push({ level: 'warn', message, extra })) as Logger['warn'];
    const handler = buildConsumer({
      name: 'test-on-problem-reported',
      events: [problemReported],
      logger: captured,
      handle: async (envelope) => {
        if ((envelope.data as { problemId: string }).problemId === 'P-FAIL') throw new Error('boom');
        return { outcome: 'applied' };
      },
    });

    // Act
    await handler(
      sqsEvent(
        sqsRecordFor(problemEnvelope('01JDEMO00000000000000PR501'), 'ok'),
        sqsRecordFor(problemEnvelope('01JDEMO00000000000000PR502', { problemId: 'P-FAIL' }), 'bad'),
      ),
    );

    // Assess
    const keys = {
      consumer: 'test-on-problem-reported',
      tenantId: 'twp-qingshan',
      correlationId: 'req-0001',
    };
    expect(lines).toContainEqual({
      level: 'info',
      message: 'event applied',
      extra: expect.objectContaining({
        ...keys,
        eventId: '01JDEMO00000000000000PR501',
        outcome: { outcome: 'applied' },
      }),
    });
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'event failed',
      extra: expect.objectContaining({ ...keys, eventId: '01JDEMO00000000000000PR502' }),
    });
  });
});
