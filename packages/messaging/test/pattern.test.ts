import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outboxStreamFilter } from '@zuofeng/ddb';
import { catalogue, feedbackSubmitted, problemReported } from '@zuofeng/events';
import { allSubscriptions } from '../../../services/registry';
import { busEventFromRecord } from '../src/bus-event';
import { type EventPattern, isSupportedPattern, matchesPattern } from '../src/pattern';
import { rulePattern, type Subscription, visibilityTimeoutSeconds } from '../src/subscription';

const fixture = (detailType: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../../events/fixtures', `${detailType}.json`), 'utf8'));

/** The stream record of an outbox row holding `envelope`, as DynamoDB Streams delivers it. */
const outboxRecord = (envelope: { detailType: string; source: string; metadata: { eventId: string } }) => ({
  eventID: 'stream-1',
  eventName: 'INSERT',
  dynamodb: {
    NewImage: {
      pk: { S: 'T#twp-qingshan#OUTBOX' },
      sk: { S: envelope.metadata.eventId },
      kind: { S: 'outbox' },
      detailType: { S: envelope.detailType },
      source: { S: envelope.source },
      event: { S: JSON.stringify(envelope) },
    },
    SequenceNumber: '100',
  },
});

const busEventOf = (detailType: string) =>
  busEventFromRecord(outboxRecord(fixture(detailType)), {
    id: 'bus-1',
    time: new Date('2026-03-02T01:30:00.123Z'),
    region: 'cn-north-1',
    account: '000000000000',
  });

describe('matchesPattern', () => {
  it('matches a leaf when the value is one of the listed values, and only then', () => {
    // Prepare
    const pattern: EventPattern = { source: ['zuofeng.intake', 'zuofeng.feedback'] };

    // Act / Assess
    expect(matchesPattern(pattern, { source: 'zuofeng.feedback' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'zuofeng.intake' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'zuofeng.county' })).toBe(false);
    expect(matchesPattern(pattern, { source: 'zuofeng.intake.extra' })).toBe(false);
  });

  it('compares numbers and booleans strictly, without coercion', () => {
    const pattern: EventPattern = { n: [1], b: [true] };

    expect(matchesPattern(pattern, { n: 1, b: true })).toBe(true);
    expect(matchesPattern(pattern, { n: '1', b: true })).toBe(false);
    expect(matchesPattern(pattern, { n: 1, b: 'true' })).toBe(false);
  });

  it('requires every key of the pattern (AND) and ignores keys the pattern does not name', () => {
    const pattern: EventPattern = { source: ['a'], 'detail-type': ['x'] };

    expect(matchesPattern(pattern, { source: 'a', 'detail-type': 'x', other: 1 })).toBe(true);
    expect(matchesPattern(pattern, { source: 'a', 'detail-type': 'y' })).toBe(false);
  });

  it('walks nested objects: the outbox stream filter keeps outbox INSERTs only', () => {
    // Prepare
    const insert = outboxRecord(fixture('problem.reported'));
    const modify = { ...insert, eventName: 'MODIFY' };
    const stateRow = {
      ...insert,
      dynamodb: { NewImage: { ...insert.dynamodb.NewImage, kind: { S: 'problem' } } },
    };

    // Act / Assess
    expect(matchesPattern(outboxStreamFilter as unknown as EventPattern, insert)).toBe(true);
    expect(matchesPattern(outboxStreamFilter as unknown as EventPattern, modify)).toBe(false);
    expect(matchesPattern(outboxStreamFilter as unknown as EventPattern, stateRow)).toBe(false);
  });

  it('treats a missing key, or a missing nested object, as no match', () => {
    const pattern: EventPattern = { detail: { kind: ['outbox'] } };

    expect(matchesPattern(pattern, { detail: { kind: 'outbox' } })).toBe(true);
    expect(matchesPattern(pattern, { detail: {} })).toBe(false);
    expect(matchesPattern(pattern, {})).toBe(false);
    expect(matchesPattern(pattern, { detail: 'outbox' })).toBe(false);
    expect(matchesPattern(pattern, { detail: null })).toBe(false);
  });

  it('matches a prefix on strings only', () => {
    const pattern: EventPattern = { 'detail-type': [{ prefix: 'problem.' }] };

    expect(matchesPattern(pattern, { 'detail-type': 'problem.reported' })).toBe(true);
    expect(matchesPattern(pattern, { 'detail-type': 'feedback.submitted' })).toBe(false);
    expect(matchesPattern(pattern, { 'detail-type': 'problem' })).toBe(false);
    expect(matchesPattern({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
  });

  it('mixes prefixes and exact values in one leaf (OR)', () => {
    const pattern: EventPattern = { source: ['zuofeng.intake', { prefix: 'zuofeng.fe' }] };

    expect(matchesPattern(pattern, { source: 'zuofeng.intake' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'zuofeng.feedback' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'zuofeng.county' })).toBe(false);
  });

  it.each([null, undefined, 'problem.reported', 42, true])('never matches a non-object (%p)', (value) => {
    expect(matchesPattern({ source: ['a'] }, value)).toBe(false);
  });
});

describe('isSupportedPattern', () => {
  it('accepts the shapes the platform uses: value lists, prefixes, nesting', () => {
    expect(isSupportedPattern({ source: ['a', 1, false] })).toBe(true);
    expect(isSupportedPattern({ detail: { kind: [{ prefix: 'out' }] } })).toBe(true);
    expect(isSupportedPattern(outboxStreamFilter)).toBe(true);
  });

  it.each([
    ['anything-but', { source: [{ 'anything-but': 'x' }] }],
    ['numeric', { n: [{ numeric: ['>', 0] }] }],
    ['exists', { detail: { kind: [{ exists: true }] } }],
    ['prefix with another operator', { source: [{ prefix: 'a', suffix: 'b' }] }],
    ['a bare string leaf', { source: 'zuofeng.intake' }],
    ['a null value in a leaf', { source: [null] }],
    ['null', null],
    ['an array', [['a']]],
    ['a string', 'source'],
  ])('refuses %s', (_name, pattern) => {
    expect(isSupportedPattern(pattern)).toBe(false);
  });
});

describe('rulePattern', () => {
  it("lists its events' sources and detail-types, each once", () => {
    // Act
    const pattern = rulePattern({ events: [problemReported, feedbackSubmitted, problemReported] });

    // Assess
    expect(pattern).toEqual({
      source: ['zuofeng.intake', 'zuofeng.feedback'],
      'detail-type': ['problem.reported', 'feedback.submitted'],
    });
  });

  it('matches the bus event the Pipe makes from its own event, and not from another', () => {
    // Prepare
    const pattern = rulePattern({ events: [feedbackSubmitted] });

    // Act / Assess
    expect(matchesPattern(pattern, busEventOf('feedback.submitted'))).toBe(true);
    expect(matchesPattern(pattern, busEventOf('problem.reported'))).toBe(false);
  });

  it.each(allSubscriptions().map((s) => [s.name, s] as const))(
    '%s: its pattern is supported and matches every event it consumes',
    (_name, sub) => {
      const pattern = rulePattern(sub);

      expect(isSupportedPattern(pattern)).toBe(true);
      for (const decl of sub.events) expect(matchesPattern(pattern, busEventOf(decl.detailType))).toBe(true);
      for (const other of catalogue.filter((d) => !sub.events.includes(d))) {
        expect(matchesPattern(pattern, busEventOf(other.detailType))).toBe(false);
      }
    },
  );
});

describe('visibilityTimeoutSeconds', () => {
  const sub = (timeoutSeconds?: number): Subscription => ({
    name: 'x-on-y',
    events: [problemReported],
    entry: 'x.ts',
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
  });

  it('is six times the function timeout, 30 s by default', () => {
    expect(visibilityTimeoutSeconds(sub())).toBe(180);
    expect(visibilityTimeoutSeconds(sub(10))).toBe(60);
    expect(visibilityTimeoutSeconds(sub(900))).toBe(5400);
  });

  it.each(allSubscriptions().map((s) => [s.name, s] as const))(
    '%s: stays within the SQS maximum of 12 hours',
    (_name, s) => {
      expect(visibilityTimeoutSeconds(s)).toBeLessThanOrEqual(43200);
      expect(visibilityTimeoutSeconds(s)).toBeGreaterThanOrEqual(6 * (s.timeoutSeconds ?? 30));
    },
  );
});
