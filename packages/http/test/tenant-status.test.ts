import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys } from '@zuofeng/ddb';
import { freshTable } from '../../../test/support/ddb';
import { tenantStatusReader } from '../src/tenant-status';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable('tenant-status');
});
afterAll(() => table.drop());

const profile = (tenantId: string, status: string) =>
  table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...sharedKeys.profile(tenantId), tenantId, name: tenantId, status },
    }),
  );

it('keys its cache by tenant: one tenant’s answer never serves another, and expires after its TTL', async () => {
  // Prepare
  await profile('twp-a', 'active');
  await profile('twp-b', 'suspended');
  let clock = 1_000;
  const read = tenantStatusReader(table.doc, table.tableName, 30_000, () => clock);

  // Act / Assess: both answers, each from its own tenant
  expect(await read('twp-a')).toBe('active');
  expect(await read('twp-b')).toBe('suspended');
  expect(await read('twp-unknown')).toBe('unknown');

  // A change within the TTL is not seen yet, for that tenant only…
  await profile('twp-a', 'suspended');
  await profile('twp-b', 'active');
  clock += 10_000;
  expect(await read('twp-a')).toBe('active');
  expect(await read('twp-b')).toBe('suspended');

  // …and after it, it is.
  clock += 30_000;
  expect(await read('twp-a')).toBe('suspended');
  expect(await read('twp-b')).toBe('active');
});
