import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys } from '@zuofeng/ddb';
import { freshTable } from '../../../test/support/ddb';
import type { IntakeDeps } from '../src/app/deps';
import { sweepEscalations } from '../src/app/escalation-sweep';
import { intakeKeys } from '../src/app/keys';
import { readSettings } from '../src/app/settings';

/**
 * The daily sweep against DynamoDB Local, when a township's data is wrong: a stored working-day change for a
 * day that does not exist is skipped (tenancy refuses new ones), and a township whose ladder cannot be worked
 * out does not hold back the others; the run still fails, naming it, for the retry and the alarms.
 */
type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: IntakeDeps;
const GOOD = 'twp-good';
const BROKEN = 'twp-broken';

beforeAll(async () => {
  table = await freshTable('sweep');
  deps = { doc: table.doc, tableName: table.tableName, now: () => new Date('2026-06-15T02:00:00Z') };
});
afterAll(() => table.drop());

const put = (Item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.tableName, Item }));

/** A township with one open problem and one measure due on `dueOn`. */
async function township(tenantId: string, dueOn: string) {
  await put({ ...sharedKeys.registryEntry(tenantId), tenantId, tenantType: 'township', name: tenantId });
  const problemId = `P-${tenantId}`;
  await put({
    ...intakeKeys.problem(tenantId, problemId),
    kind: 'problem',
    problemId,
    state: 'rectifying',
    unitId: 'u-1',
  });
  await put({
    ...intakeKeys.measure(tenantId, problemId, 'm1'),
    kind: 'measure',
    measureId: 'm1',
    text: '整改措施',
    dueOn,
    ownerId: 'p-owner',
    status: 'open',
  });
  return problemId;
}

it('skips a stored working-day change for a day that does not exist, and keeps the others', async () => {
  // Prepare
  await put({
    ...intakeKeys.settings('twp-odd'),
    calendarOverrides: [
      { date: '2026-02-30', working: false },
      { date: '2026-07-20', working: true, note: '防汛值守' },
    ],
  });

  // Act
  const settings = await readSettings(deps, 'twp-odd');

  // Assess
  expect(settings.calendarOverrides).toEqual([{ date: '2026-07-20', working: true, note: '防汛值守' }]);
});

it('walks every other township up its ladder when one cannot be worked out, then fails naming that one', async () => {
  // Prepare: a township whose measure is long overdue, and one whose stored due day is not a day
  const good = await township(GOOD, '2026-05-04');
  await township(BROKEN, '2026-13-01');

  // Act
  const run = sweepEscalations(deps);

  // Assess
  await expect(run).rejects.toThrow(`escalation sweep failed for ${BROKEN}`);
  const measure = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: intakeKeys.measure(GOOD, good, 'm1'),
      ConsistentRead: true,
    }),
  );
  expect(measure.Item?.ladderDone).toEqual(['warning', 'chase', 'supervision', 'bulletin']);
});
