import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, tenantPk } from '@zuofeng/ddb';
import { type EventContext, feedbackRerated, problemTransitioned } from '@zuofeng/events';
import { intakeKeys } from '@zuofeng/intake/src/app/keys';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import { freshTable } from '../../../test/support/ddb';
import { listInbox, type NotificationDeps } from '../src/app/inbox';
import { callerPersonId, noticeRerating, personInboxPk, RERATING_CONSUMER } from '../src/app/rerating';

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: NotificationDeps;
const T = 'twp-rerating';
const NOW = new Date('2026-03-09T02:00:00.000Z');
const TITLE = '村口路灯坏了三个月';

beforeAll(async () => {
  table = await freshTable('notification');
  deps = { doc: table.doc, tableName: table.tableName, now: () => NOW };
});
afterAll(async () => {
  await table.drop();
});

const ctx = (id = 'intake'): EventContext => ({
  tenantId: T,
  actor: { type: 'system', id },
  correlationId: 'req-rerate',
  occurredAt: new Date('2026-03-09T01:59:00.000Z'),
});

const put = (Item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item }));

const inbox = async (pk: string) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];

const problem = (problemId: string, state: string, extra: Record<string, unknown> = {}) =>
  put({
    ...intakeKeys.problem(T, problemId),
    kind: 'problem',
    problemId,
    title: TITLE,
    state,
    source: 'public',
    unitId: 'u-dongcun',
    feedbackId: `fb-${problemId}`,
    version: 3,
    ...extra,
  });

describe('notices of the resident re-rating', () => {
  it('tells the owner and the campaign office when 不满意 sends the problem back, once per event', async () => {
    // Prepare
    await problem('p-rework', 'rejected', { personId: 'person-owner' });
    const event = problemTransitioned.create(ctx(), {
      problemId: 'p-rework',
      unitId: 'u-dongcun',
      personId: 'person-owner',
      from: 'submitted',
      to: 'rejected',
      action: 'rerate',
    });

    // Act
    const first = await noticeRerating(deps, event);
    const again = await noticeRerating(deps, event);

    // Assess
    expect(first).toBe('applied');
    expect(again).toBe('duplicate');
    const office = (await inbox(tenantPk(T, 'INBOX', 'township_admin'))).filter(
      (n) => n.link === '/problems/p-rework',
    );
    expect(office).toEqual([
      expect.objectContaining({
        kind: 'notice',
        role: 'township_admin',
        type: 'problem.rework',
        title: `群众回访不满意，问题已退回重办：${TITLE}`,
        createdAt: NOW.toISOString(),
      }),
    ]);
    const owner = await inbox(personInboxPk(T, 'person-owner'));
    expect(owner).toEqual([
      expect.objectContaining({
        personId: 'person-owner',
        title: `群众回访不满意，问题已退回重办：${TITLE}`,
        link: '/problems/p-rework',
      }),
    ]);
    expect(owner[0]!.sk).toBe(owner[0]!.noticeId);
    // The consumer's dedupe record, as the other notices.
    const all = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
    expect(JSON.stringify(all)).toContain(RERATING_CONSUMER);
  });

  it('tells whoever signs off when the resident is satisfied', async () => {
    // Prepare
    await put({
      ...sharedKeys.unit(T, 'u-dongcun'),
      unitId: 'u-dongcun',
      responsibleLeaderId: 'person-leader',
    });
    await problem('p-happy', 'submitted', { rerating: 'satisfied' });
    const event = feedbackRerated.create(ctx('link:x'), {
      feedbackId: 'fb-p-happy',
      problemId: 'p-happy',
      rating: 'very_satisfied',
    });

    // Act
    expect(await noticeRerating(deps, event)).toBe('applied');
    expect(await noticeRerating(deps, event)).toBe('duplicate');

    // Assess
    const office = (await inbox(tenantPk(T, 'INBOX', 'inspection_office'))).filter(
      (n) => n.link === '/problems/p-happy',
    );
    expect(office).toEqual([
      expect.objectContaining({
        role: 'inspection_office',
        type: 'problem.rerated-satisfied',
        title: `群众回访满意，可以验收销号：${TITLE}`,
      }),
    ]);
    expect(await inbox(personInboxPk(T, 'person-leader'))).toEqual([
      expect.objectContaining({ title: `群众回访满意，可以验收销号：${TITLE}` }),
    ]);
  });

  it('announces nothing for other transitions, 不满意 re-ratings themselves, or a problem of another case', async () => {
    await problem('p-other', 'rectifying', { personId: 'person-quiet' });
    const before = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Count;
    const start = problemTransitioned.create(ctx(), {
      problemId: 'p-other',
      from: 'accepted',
      to: 'rectifying',
      action: 'start',
    });
    const unhappy = feedbackRerated.create(ctx('link:x'), {
      feedbackId: 'fb-p-other',
      problemId: 'p-other',
      rating: 'dissatisfied',
    });
    const foreign = feedbackRerated.create(ctx('link:x'), {
      feedbackId: 'fb-someone-else',
      problemId: 'p-happy',
      rating: 'satisfied',
    });

    expect(await noticeRerating(deps, start)).toBe('not-a-rerating');
    expect(await noticeRerating(deps, unhappy)).toBe('not-a-rerating');
    expect(await noticeRerating(deps, foreign)).toBe('not-a-rerating');
    expect((await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Count).toBe(before);
  });

  it('announces no satisfied re-rating of an earlier round once the problem was submitted again', async () => {
    // Prepare: sent back and submitted again on 03-09 at 08:00; the resident's 满意 was for the round before.
    await problem('p-again', 'submitted', { submittedAt: '2026-03-09T08:00:00.000Z' });
    const before = (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Count;
    const stale = feedbackRerated.create(ctx('link:x'), {
      feedbackId: 'fb-p-again',
      problemId: 'p-again',
      rating: 'satisfied',
      round: '2026-03-01T08:00:00.000Z',
    });
    const current = feedbackRerated.create(ctx('link:x'), {
      feedbackId: 'fb-p-again',
      problemId: 'p-again',
      rating: 'satisfied',
      round: '2026-03-09T08:00:00.000Z',
    });

    // Act, Assess
    expect(await noticeRerating(deps, stale)).toBe('not-a-rerating');
    expect((await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Count).toBe(before);
    expect(await noticeRerating(deps, current)).toBe('applied');
  });

  it("lists a person's own notices in their inbox, beside their roles'", async () => {
    await put({ ...sharedKeys.username('wang.owner'), tenantId: T, accountId: 'acc-1' });
    await put({ ...tenancyKeys.account(T, 'acc-1'), accountId: 'acc-1', personId: 'person-owner' });
    const personId = await callerPersonId(deps, {
      userId: 'u1',
      tenantId: T,
      roles: ['cadre'],
      username: 'wang.owner',
    });
    expect(personId).toBe('person-owner');
    expect(
      await callerPersonId(deps, {
        userId: 'u2',
        tenantId: 'twp-other',
        roles: ['cadre'],
        username: 'wang.owner',
      }),
    ).toBeUndefined();

    const { items } = await listInbox(deps, T, ['cadre'], 30, personId);
    expect(items).toEqual([
      expect.objectContaining({
        role: 'person',
        kind: 'problem.rework',
        title: `群众回访不满意，问题已退回重办：${TITLE}`,
        link: '/problems/p-rework',
      }),
    ]);
  });
});
