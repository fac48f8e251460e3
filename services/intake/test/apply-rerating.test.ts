import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type EventContext, feedbackRerated, type Rating } from '@zuofeng/events';
import { freshTable } from '../../../test/support/ddb';
import { applyRerating } from '../src/app/apply-rerating';
import type { IntakeDeps } from '../src/app/deps';
import { intakeKeys } from '../src/app/keys';
import { decide } from '../src/domain/lifecycle';

/**
 * The re-rating (回访) against DynamoDB Local: it decides the round of sign-off it was given for, and no
 * other. A problem sent back and submitted again starts a new round; a re-rating of the earlier one that
 * arrives late (a slow queue, a redrive from the DLQ) changes nothing.
 */
type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: IntakeDeps;
const T = 'twp-a';
const NOW = new Date('2026-03-10T00:00:00.000Z');
const ROUND_1 = '2026-02-27T02:00:00.000Z';
const ROUND_2 = '2026-03-09T02:00:00.000Z';

beforeAll(async () => {
  table = await freshTable('rerate');
  deps = { doc: table.doc, tableName: table.tableName, now: () => NOW };
});
afterAll(() => table.drop());

/** A public problem in its second round of sign-off: submitted again on 03-09, no verdict on it yet. */
async function inRoundTwo(problemId: string) {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...intakeKeys.problem(T, problemId),
        kind: 'problem',
        problemId,
        source: 'public',
        state: 'submitted',
        unitId: 'u-dongcun',
        feedbackId: `FB-${problemId}`,
        evidenceCount: 1,
        measureCount: 1,
        version: 7,
        submittedAt: ROUND_2,
        rerating: null,
        followUpEndsAt: '2026-03-24T02:00:00.000Z',
      },
    }),
  );
}

const rerated = (problemId: string, rating: Rating, at: string, round?: string) =>
  feedbackRerated.create(
    {
      tenantId: T,
      actor: { type: 'public', id: 'link:L1' },
      correlationId: 'req-1',
      occurredAt: new Date(at),
    } satisfies EventContext,
    { feedbackId: `FB-${problemId}`, problemId, rating, ...(round ? { round } : {}) },
  );

const problem = async (problemId: string) =>
  (
    await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: intakeKeys.problem(T, problemId),
        ConsistentRead: true,
      }),
    )
  ).Item as Parameters<typeof decide>[0] & { version: number; rerating: string | null };

const signOff = async (problemId: string) =>
  decide(
    await problem(problemId),
    { type: 'signOff' },
    { roles: ['inspection_office'], isOwner: false, isResponsibleLeader: false, now: NOW.toISOString() },
  );

describe('a re-rating of an earlier round of sign-off', () => {
  it.each([
    ['naming its round', '2026-03-01T00:00:00.000Z', ROUND_1],
    // An event from before `round` existed: the time it was made stands in.
    ['without a round (an older event)', '2026-03-01T00:00:00.000Z', undefined],
    // Its round said, even when it was made (a clock a little ahead) after this round began.
    ['made late, naming its round', '2026-03-09T02:00:00.500Z', ROUND_1],
  ])('%s, satisfied, neither records a verdict nor lets the new round close', async (_l, at, round) => {
    // Prepare
    const id = `P-sat-${round ?? 'none'}-${at}`;
    await inRoundTwo(id);

    // Act
    const out = await applyRerating(deps, rerated(id, 'satisfied', at, round));

    // Assess
    expect(out).toBe('ignored: a re-rating of an earlier round');
    const p = await problem(id);
    expect([p.state, p.rerating, p.version]).toEqual(['submitted', null, 7]);
    expect(await signOff(id)).toMatchObject({ ok: false, status: 409 });
  });

  it('dissatisfied, does not send the new round back for rework', async () => {
    await inRoundTwo('P-dis');
    expect(
      await applyRerating(deps, rerated('P-dis', 'very_dissatisfied', '2026-03-01T00:00:00.000Z', ROUND_1)),
    ).toBe('ignored: a re-rating of an earlier round');
    expect((await problem('P-dis')).state).toBe('submitted');
  });
});

describe('a re-rating of the current round', () => {
  it('satisfied, is recorded and lets the inspection office sign off before the window ends', async () => {
    await inRoundTwo('P-now');
    expect(
      await applyRerating(deps, rerated('P-now', 'satisfied', '2026-03-09T09:00:00.000Z', ROUND_2)),
    ).toBe('applied');
    const p = await problem('P-now');
    expect([p.state, p.rerating, p.version]).toEqual(['submitted', 'satisfied', 8]);
    expect(await signOff('P-now')).toMatchObject({ ok: true, next: 'closed' });
  });

  it('dissatisfied, sends it back for rework (重办), also as an older event without its round', async () => {
    await inRoundTwo('P-rework');
    expect(await applyRerating(deps, rerated('P-rework', 'dissatisfied', '2026-03-09T09:00:00.000Z'))).toBe(
      'applied',
    );
    expect((await problem('P-rework')).state).toBe('rejected');
  });
});
