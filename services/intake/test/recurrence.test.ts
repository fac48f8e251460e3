import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { freshTable } from '../../../test/support/ddb';
import type { IntakeDeps } from '../src/app/deps';
import { intakeKeys } from '../src/app/keys';
import { findEarlier } from '../src/app/recurrence';

/**
 * 一犯再犯 against DynamoDB Local: a problem repeats an earlier one of the same campaign year, and the year
 * is China's. Beijing's New Year begins at 16:00 UTC on 31 December, eight hours before the UTC date turns.
 */
type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: IntakeDeps;
const T = 'twp-a';
const UNIT = 'u-dongcun';

beforeAll(async () => {
  table = await freshTable('recurrence');
  deps = { doc: table.doc, tableName: table.tableName, now: () => new Date('2027-01-02T00:00:00Z') };
});
afterAll(() => table.drop());

let n = 0;
async function raised(reportedAt: string, personId = 'p-li') {
  const problemId = `PROB-${++n}-${reportedAt}`;
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...intakeKeys.problem(T, problemId),
        ...intakeKeys.byUnit(T, UNIT, problemId),
        kind: 'problem',
        problemId,
        unitId: UNIT,
        personId,
        aspectId: 'asp-discipline',
        reportedAt,
      },
    }),
  );
  return { problemId, unitId: UNIT, personId, aspectId: 'asp-discipline', reportedAt };
}

it('counts the year in China time: 07:00 on 1 January is the new year, 23:30 on 31 December the old', async () => {
  // Prepare: 李's problems of the same aspect, around New Year's Eve, Beijing time
  const oldYear = await raised('2026-12-31T15:30:00.000Z', 'p-li'); // 23:30 on 31 Dec in Beijing
  const newYear = await raised('2026-12-31T23:00:00.000Z', 'p-li'); // 07:00 on 1 Jan 2027 in Beijing
  const sameNewYear = await raised('2027-01-01T03:00:00.000Z', 'p-li'); // 11:00 on 1 Jan 2027

  // Act
  const ofNewYear = await findEarlier(deps, T, newYear);
  const ofSameNewYear = await findEarlier(deps, T, sameNewYear);
  const ofOldYear = await findEarlier(deps, T, oldYear);

  // Assess: the 07:00 problem is the first of 2027 (the UTC year would have called it a repeat of 23:30)
  expect(ofNewYear).toBeUndefined();
  expect(ofSameNewYear?.problemId).toBe(newYear.problemId);
  expect(ofOldYear).toBeUndefined();
});
