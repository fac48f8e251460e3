import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, type TenantProfile } from '@zuofeng/ddb';
import { type EventContext, feedbackSubmitted, problemReported, type Rating } from '@zuofeng/events';
import { freshTable } from '../../../test/support/ddb';
import {
  type CountyDeps,
  countyKeys,
  countyOverview,
  cstDay,
  dailySnapshot,
  rollUp,
} from '../src/app/rollup';

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: CountyDeps;
// 01:30 on 2 March in China, 17:30 on 1 March in UTC: the snapshot's day is China's.
const NOW = new Date('2026-03-01T17:30:00.000Z');

const put = (item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));

const township = (tenantId: string, name: string, countyId?: string) =>
  put({
    ...sharedKeys.profile(tenantId),
    tenantId,
    name,
    tenantType: 'township',
    ...(countyId ? { countyId } : {}),
    status: 'active',
  } satisfies TenantProfile & { pk: string; sk: string });

const registered = (tenantId: string, tenantType: TenantProfile['tenantType'], countyId?: string) =>
  put({ ...sharedKeys.registryEntry(tenantId), tenantId, tenantType, ...(countyId ? { countyId } : {}) });

beforeAll(async () => {
  table = await freshTable('county');
  deps = { doc: table.doc, tableName: table.tableName, now: () => NOW };
  await township('twp-qingshan', '青山镇', 'cty-lushan');
  await township('twp-baishui', '白水乡', 'cty-lushan');
  await township('twp-yuanhe', '沅河镇', 'cty-other');
  await township('twp-orphan', '无县镇');
  await registered('cty-lushan', 'county');
  await registered('cty-other', 'county');
  await registered('cty-empty', 'county');
  await registered('twp-qingshan', 'township', 'cty-lushan');
  await registered('twp-baishui', 'township', 'cty-lushan');
  await registered('twp-yuanhe', 'township', 'cty-other');
});
afterAll(async () => {
  await table.drop();
});

const ctx = (tenantId: string): EventContext => ({
  tenantId,
  actor: { type: 'system', id: 'test' },
  correlationId: 'corr-1',
});

const reported = (tenantId: string, source: 'public' | 'self' = 'public') =>
  problemReported.create(ctx(tenantId), { problemId: 'P1', source, unitId: 'u-1', title: '路灯坏了' });

const rated = (tenantId: string, warmth: Rating, solved: Rating, happiness: Rating) =>
  feedbackSubmitted.create(ctx(tenantId), {
    feedbackId: 'F1',
    unitId: 'u-1',
    formLinkId: 'L1',
    ratings: { warmth, solved, happiness },
  });

const countyItem = async (countyId: string, townshipId: string) =>
  (
    await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: countyKeys.township(countyId, townshipId) }),
    )
  ).Item;

describe('rollUp', () => {
  it("folds a problem and a feedback into the township's counters and its satisfaction index", async () => {
    // Act
    const outcomes = [
      await rollUp(deps, reported('twp-qingshan')),
      await rollUp(deps, rated('twp-qingshan', 'satisfied', 'dissatisfied', 'basically_satisfied')),
    ];

    // Assess
    expect(outcomes).toEqual(['applied', 'applied']);
    expect(await countyItem('cty-lushan', 'twp-qingshan')).toMatchObject({
      pk: 'T#cty-lushan#COUNTY',
      sk: 'TWP#twp-qingshan',
      kind: 'county-township',
      townshipId: 'twp-qingshan',
      townshipName: '青山镇',
      problems: 1,
      publicProblems: 1,
      feedbacks: 1,
      ratings: 3,
      satisfiedRatings: 2,
      updatedAt: NOW.toISOString(),
    });
    // satisfied, dissatisfied, basically_satisfied: 2 of 3 ratings count as satisfied.
    const overview = await countyOverview(deps, 'cty-lushan');
    expect(overview.townships.find((t) => t.townshipId === 'twp-qingshan')).toEqual({
      townshipId: 'twp-qingshan',
      townshipName: '青山镇',
      problems: 1,
      publicProblems: 1,
      feedbacks: 1,
      satisfactionIndex: 66.7,
      updatedAt: NOW.toISOString(),
    });
  });

  it('counts a redelivered event once', async () => {
    // Prepare
    const problem = reported('twp-baishui', 'self');
    const feedback = rated('twp-baishui', 'very_dissatisfied', 'very_satisfied', 'dissatisfied');
    await rollUp(deps, problem);
    await rollUp(deps, feedback);

    // Act
    const again = [await rollUp(deps, problem), await rollUp(deps, feedback)];

    // Assess
    expect(again).toEqual(['duplicate', 'duplicate']);
    expect(await countyItem('cty-lushan', 'twp-baishui')).toMatchObject({
      problems: 1,
      publicProblems: 0,
      feedbacks: 1,
      ratings: 3,
      satisfiedRatings: 1,
    });
  });

  it("shows a county its own townships only, never another county's", async () => {
    // Prepare
    await rollUp(deps, reported('twp-yuanhe'));

    // Act
    const lushan = await countyOverview(deps, 'cty-lushan');
    const other = await countyOverview(deps, 'cty-other');

    // Assess
    expect(lushan.countyId).toBe('cty-lushan');
    expect(lushan.townships.map((t) => t.townshipId).sort()).toEqual(['twp-baishui', 'twp-qingshan']);
    expect(other.townships.map((t) => t.townshipId)).toEqual(['twp-yuanhe']);
    expect(JSON.stringify(lushan)).not.toContain('沅河镇');
  });

  it('has no index before any rating, and nothing at all for a county without events', async () => {
    const other = await countyOverview(deps, 'cty-other');
    const empty = await countyOverview(deps, 'cty-empty');

    expect(other.townships[0]!.satisfactionIndex).toBeNull();
    expect(other.townships[0]!.feedbacks).toBe(0);
    expect(empty).toEqual({ countyId: 'cty-empty', townships: [] });
  });

  it("skips a township that belongs to no county, and fails (to retry) when the tenant's profile is missing", async () => {
    expect(await rollUp(deps, reported('twp-orphan'))).toBe('no-county');
    await expect(rollUp(deps, reported('twp-unknown'))).rejects.toThrow(/no profile/);
  });
});

// Runs after the roll-ups above: the snapshot copies the counters they left.
describe('dailySnapshot', () => {
  const snapshotRows = async (countyId: string, day: string) =>
    (
      await table.doc.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': countyKeys.snapshot(countyId, day) },
        }),
      )
    ).Items ?? [];

  it('names the day in China Standard Time', () => {
    expect(cstDay(NOW)).toBe('2026-03-02');
    expect(cstDay(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(cstDay(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
  });

  it('writes one snapshot row per township, for each county of the registry', async () => {
    // Act
    const out = await dailySnapshot(deps);

    // Assess
    expect(out).toEqual({ counties: 3, townships: 3 });
    const lushan = await snapshotRows('cty-lushan', '2026-03-02');
    expect(lushan.map((r) => r.sk).sort()).toEqual(['TWP#twp-baishui', 'TWP#twp-qingshan']);
    expect(lushan.find((r) => r.townshipId === 'twp-qingshan')).toMatchObject({
      kind: 'county-snapshot',
      day: '2026-03-02',
      problems: 1,
      feedbacks: 1,
      satisfactionIndex: 66.7,
    });
    expect((await snapshotRows('cty-other', '2026-03-02')).map((r) => r.townshipId)).toEqual(['twp-yuanhe']);
    expect(await snapshotRows('cty-empty', '2026-03-02')).toEqual([]);
  });

  it('is idempotent within a day: a second run overwrites, it does not add', async () => {
    await dailySnapshot(deps);
    await dailySnapshot(deps);

    expect(await snapshotRows('cty-lushan', '2026-03-02')).toHaveLength(2);
  });
});
