import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { freshTable } from '../../../test/support/ddb';
import { auditKeys, canonicalJson, digestOf, verifyAuditChain } from '../src/audit';
import { commit } from '../src/outbox';

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable('audit');
});
afterAll(() => table.drop());

const write = (tenantId: string, n: number) =>
  commit(
    table.doc,
    table.tableName,
    [{ Put: { TableName: table.tableName, Item: { pk: `T#${tenantId}#THING`, sk: `t${n}`, n } } }],
    [],
    [
      {
        tenantId,
        actor: { type: 'user', id: 'u1' },
        action: 'thing.create',
        entity: `thing/${n}`,
        after: { n },
      },
    ],
  );

describe('the audit chain', () => {
  it('stays one unbroken chain when eight writers append at once', async () => {
    // Act: eight race on the head as surely as twenty, without leaning on how fast a shared DynamoDB Local
    // under the whole suite serves a long queue of retries (each writer has a time budget; `npm run bench`
    // prints how long bursts of 5, 10 and 20 take).
    await Promise.all(Array.from({ length: 8 }, (_, i) => write('twp-race', i)));

    // Assess
    expect(await verifyAuditChain(table.doc, table.tableName, 'twp-race')).toEqual({
      valid: true,
      entries: 8,
    });
  });

  it('detects an entry changed after it was written, and names it', async () => {
    for (let i = 0; i < 3; i++) await write('twp-edit', i);
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: auditKeys.entry('twp-edit', 2),
        UpdateExpression: 'SET entity = :e',
        ExpressionAttributeValues: { ':e': 'thing/999' },
      }),
    );
    expect(await verifyAuditChain(table.doc, table.tableName, 'twp-edit')).toMatchObject({
      valid: false,
      brokenAt: 2,
      code: 'changed',
    });
  });

  it('detects a removed entry, in the middle or at the end', async () => {
    for (let i = 0; i < 3; i++) await write('twp-del', i);
    for (let i = 0; i < 3; i++) await write('twp-tail', i);
    await table.doc.send(
      new DeleteCommand({ TableName: table.tableName, Key: auditKeys.entry('twp-del', 2) }),
    );
    await table.doc.send(
      new DeleteCommand({ TableName: table.tableName, Key: auditKeys.entry('twp-tail', 3) }),
    );
    expect(await verifyAuditChain(table.doc, table.tableName, 'twp-del')).toMatchObject({
      valid: false,
      brokenAt: 2,
      code: 'missing',
    });
    expect(await verifyAuditChain(table.doc, table.tableName, 'twp-tail')).toMatchObject({
      valid: false,
      brokenAt: 3,
      code: 'removed',
    });
  });

  it('keeps no state in the log, only digests that do not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(digestOf({ pk: 'x', name: '张三', phone: '13800000000' })).toBe(
      digestOf({ phone: '13800000000', name: '张三', pk: 'y' }),
    );
    expect(digestOf({ name: '张三' })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digestOf(undefined)).toBeNull();
  });
});
