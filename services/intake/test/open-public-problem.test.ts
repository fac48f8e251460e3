import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from '@zuofeng/ddb';
import { type EventContext, feedbackSubmitted, problemReported } from '@zuofeng/events';
import { freshTable } from '../../../test/support/ddb';
import type { IntakeDeps } from '../src/app/deps';
import { intakeKeys } from '../src/app/keys';
import { CONSUMER, openPublicProblem } from '../src/app/open-public-problem';

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: IntakeDeps;
const NOW = new Date('2026-03-02T01:30:05.000Z');

beforeAll(async () => {
  table = await freshTable('intake');
  deps = { doc: table.doc, tableName: table.tableName, now: () => NOW };
});
afterAll(async () => {
  await table.drop();
});

const ctx = (tenantId: string): EventContext => ({
  tenantId,
  actor: { type: 'public', id: 'link:01JDEMOLINK0000000000000001' },
  correlationId: 'req-0001',
  occurredAt: new Date('2026-03-02T01:30:00.000Z'),
});

const submitted = (tenantId: string, complaint?: string) =>
  feedbackSubmitted.create(ctx(tenantId), {
    feedbackId: '01JDEMO00000000000000FB001',
    unitId: 'u-dongcun',
    formLinkId: '01JDEMOLINK0000000000000001',
    ratings: { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' },
    ...(complaint === undefined ? {} : { complaint }),
  });

const query = async (pk: string, index?: string) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...(index ? { IndexName: index } : {}),
        KeyConditionExpression: `${index ? 'gsi1pk' : 'pk'} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];

const countItems = async () =>
  (await table.doc.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count ?? 0;

describe('openPublicProblem', () => {
  it('turns a complaint into one public problem, in state reported, and one problem.reported event', async () => {
    // Prepare
    const cause = submitted('twp-a', '村口路灯坏了三个月，反映过两次还没修。');

    // Act
    const out = await openPublicProblem(deps, cause);

    // Assess: the problem
    expect(out).toEqual({ outcome: 'applied', problemId: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    const problems = await query(intakeKeys.problemPartition('twp-a'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      ...intakeKeys.problem('twp-a', out.problemId!),
      kind: 'problem',
      problemId: out.problemId,
      source: 'public',
      state: 'reported',
      unitId: 'u-dongcun',
      title: '村口路灯坏了三个月，反映过两次还没修。',
      description: '村口路灯坏了三个月，反映过两次还没修。',
      feedbackId: '01JDEMO00000000000000FB001',
      reportedAt: NOW.toISOString(),
    });
    expect(await query(tenantPk('twp-a', 'UNIT', 'u-dongcun', 'PROB'), 'gsi1')).toHaveLength(1);

    // Assess: the event, in the same tenant, caused by the feedback
    const outbox = await query(tenantPk('twp-a', 'OUTBOX'));
    expect(outbox).toHaveLength(1);
    const event = problemReported.parse(JSON.parse(outbox[0]!.event));
    expect(event.metadata).toMatchObject({
      tenantId: 'twp-a',
      correlationId: 'req-0001',
      actor: { type: 'system', id: CONSUMER },
      occurredAt: NOW.toISOString(),
    });
    expect(event.data).toEqual({
      problemId: out.problemId,
      source: 'public',
      unitId: 'u-dongcun',
      title: '村口路灯坏了三个月，反映过两次还没修。',
      feedbackId: '01JDEMO00000000000000FB001',
    });
  });

  it('is a duplicate the second time the same event arrives, and creates nothing more', async () => {
    // Prepare
    const cause = submitted('twp-b', '路面坑洼');
    await openPublicProblem(deps, cause);
    const before = await countItems();

    // Act
    const again = await openPublicProblem(deps, cause);

    // Assess
    expect(again).toEqual({ outcome: 'duplicate' });
    expect(await countItems()).toBe(before);
    expect(await query(intakeKeys.problemPartition('twp-b'))).toHaveLength(1);
    expect(await query(tenantPk('twp-b', 'OUTBOX'))).toHaveLength(1);
  });

  it('opens a second problem for a second feedback event, even with the same words', async () => {
    await openPublicProblem(deps, submitted('twp-c', '垃圾没人清'));
    const second = await openPublicProblem(deps, submitted('twp-c', '垃圾没人清'));

    expect(second.outcome).toBe('applied');
    expect(await query(intakeKeys.problemPartition('twp-c'))).toHaveLength(2);
  });

  it('creates nothing for feedback without a complaint', async () => {
    // Prepare
    const before = await countItems();

    // Act
    const out = await openPublicProblem(deps, submitted('twp-d'));

    // Assess
    expect(out).toEqual({ outcome: 'no-complaint' });
    expect(await countItems()).toBe(before);
  });

  it('titles a long complaint with its first line, cut at 40 characters', async () => {
    // Prepare
    const complaint = `${'长'.repeat(50)}\n第二行`;

    // Act
    const out = await openPublicProblem(deps, submitted('twp-e', complaint));

    // Assess
    const [problem] = await query(intakeKeys.problemPartition('twp-e'));
    expect(out.outcome).toBe('applied');
    expect(problem!.title).toBe(`${'长'.repeat(39)}…`);
    expect(problem!.description).toBe(complaint);
  });

  it("writes only in the event's tenant", async () => {
    await openPublicProblem(deps, submitted('twp-f', '噪音扰民'));

    const all = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    const ofF = all.filter((i) => String(i.pk).startsWith('T#twp-f#'));
    expect(ofF.map((i) => i.kind).sort()).toEqual(['audit', 'audit-head', 'outbox', 'problem', 'processed']);
  });
});
