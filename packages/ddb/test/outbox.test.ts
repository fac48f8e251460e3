import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '@zuofeng/core';
import { type EventContext, problemReported } from '@zuofeng/events';
import { freshTable } from '../../../test/support/ddb';
import { tenantPk } from '../src/keys';
import {
  cancellationCodes,
  commit,
  commitOnce,
  OUTBOX_RETENTION_DAYS,
  type TransactItem,
} from '../src/outbox';
import { queryPage } from '../src/paging';

type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;

beforeAll(async () => {
  table = await freshTable('outbox');
});
afterAll(async () => {
  await table.drop();
});

const ctx = (tenantId: string): EventContext => ({
  tenantId,
  actor: { type: 'user', id: 'u-1' },
  correlationId: 'corr-1',
});

const reported = (tenantId: string, problemId: string) =>
  problemReported.create(ctx(tenantId), { problemId, source: 'self', unitId: 'u-1', title: '台账不全' });

const statePut = (tenantId: string, problemId: string, condition = true): TransactItem => ({
  Put: {
    TableName: table.tableName,
    Item: { pk: tenantPk(tenantId, 'PROB'), sk: `PROB#${problemId}`, kind: 'problem', problemId },
    ...(condition ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
  },
});

const get = async (key: { pk: string; sk: string }) =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;

const outboxRows = async (tenantId: string) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': tenantPk(tenantId, 'OUTBOX') },
      }),
    )
  ).Items ?? [];

describe('commit', () => {
  it('writes the state change and its outbox row together', async () => {
    // Prepare
    const event = reported('twp-commit-a', 'P1');

    // Act
    await commit(table.doc, table.tableName, [statePut('twp-commit-a', 'P1')], [event]);

    // Assess
    expect(await get({ pk: 'T#twp-commit-a#PROB', sk: 'PROB#P1' })).toMatchObject({ problemId: 'P1' });
    const rows = await outboxRows('twp-commit-a');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sk).toBe(event.metadata.eventId);
  });

  it("shapes the outbox row for the Pipe: kind, detailType, source, tenantId, the event's JSON, a TTL", async () => {
    // Prepare
    const event = reported('twp-commit-b', 'P2');
    const before = Math.floor(Date.now() / 1000);

    // Act
    await commit(table.doc, table.tableName, [statePut('twp-commit-b', 'P2')], [event]);

    // Assess
    const [row] = await outboxRows('twp-commit-b');
    expect(row).toMatchObject({
      pk: 'T#twp-commit-b#OUTBOX',
      kind: 'outbox',
      detailType: 'problem.reported',
      source: 'zuofeng.intake',
      tenantId: 'twp-commit-b',
    });
    expect(problemReported.parse(JSON.parse(row!.event))).toEqual(event);
    const retention = OUTBOX_RETENTION_DAYS * 86400;
    expect(row!.expiresAt).toBeGreaterThan(before);
    expect(row!.expiresAt).toBeGreaterThanOrEqual(before + retention);
    expect(row!.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + retention);
  });

  it('writes no outbox row when the state change fails its condition', async () => {
    // Prepare: the problem exists already, so a second "create" fails its condition.
    await commit(table.doc, table.tableName, [statePut('twp-commit-c', 'P3')]);
    const event = reported('twp-commit-c', 'P3');

    // Act
    const err = await commit(table.doc, table.tableName, [statePut('twp-commit-c', 'P3')], [event]).catch(
      (e: unknown) => e,
    );

    // Assess
    expect((err as Error).name).toBe('TransactionCanceledException');
    expect(cancellationCodes(err)).toEqual(['ConditionalCheckFailed', 'None']);
    expect(await outboxRows('twp-commit-c')).toEqual([]);
  });

  it('refuses more than 100 items before sending anything', async () => {
    const items = Array.from({ length: 100 }, (_v, i) => statePut('twp-commit-d', `P${i}`));

    await expect(commit(table.doc, table.tableName, items, [reported('twp-commit-d', 'X')])).rejects.toThrow(
      /at most 100 items, got 101/,
    );
    expect(await outboxRows('twp-commit-d')).toEqual([]);
  });
});

describe('cancellationCodes', () => {
  it('is undefined for an error that is not a cancelled transaction', () => {
    expect(cancellationCodes(new Error('x'))).toBeUndefined();
    expect(cancellationCodes(undefined)).toBeUndefined();
  });
});

describe('commitOnce', () => {
  const counterKey = { pk: 'T#twp-once#COUNTERS', sk: 'PROBLEMS' };
  /** A counter bumped with ADD: applied twice, it would read 2. */
  const incrementIn = (tableName: string): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: counterKey,
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  });

  it('applies an event once: "applied", then "duplicate", and the state changes once', async () => {
    // Prepare
    const cause = reported('twp-once', 'P1');

    // Act
    const first = await commitOnce(table.doc, table.tableName, 'test-consumer', cause, [
      incrementIn(table.tableName),
    ]);
    const second = await commitOnce(table.doc, table.tableName, 'test-consumer', cause, [
      incrementIn(table.tableName),
    ]);

    // Assess
    expect([first, second]).toEqual(['applied', 'duplicate']);
    expect((await get(counterKey))?.n).toBe(1);
    expect(
      await get({ pk: tenantPk('twp-once', 'PROCESSED', 'test-consumer'), sk: cause.metadata.eventId }),
    ).toMatchObject({ kind: 'processed' });
  });

  it('writes follow-up events on the first delivery only', async () => {
    // Prepare
    const cause = reported('twp-once-b', 'P1');
    const followUp = () => reported('twp-once-b', 'P-follow');

    // Act
    await commitOnce(table.doc, table.tableName, 'test-consumer', cause, [], [followUp()]);
    await commitOnce(table.doc, table.tableName, 'test-consumer', cause, [], [followUp()]);

    // Assess
    expect(await outboxRows('twp-once-b')).toHaveLength(1);
  });

  it('keeps receipts per consumer: another consumer applies the same event too', async () => {
    // Prepare
    const cause = reported('twp-once-c', 'P1');

    // Act
    const a = await commitOnce(table.doc, table.tableName, 'consumer-a', cause, []);
    const b = await commitOnce(table.doc, table.tableName, 'consumer-b', cause, []);

    // Assess
    expect([a, b]).toEqual(['applied', 'applied']);
  });

  it('rethrows when a state item fails its condition, rather than calling it a duplicate', async () => {
    // Prepare
    await commit(table.doc, table.tableName, [statePut('twp-once-d', 'P1')]);
    const cause = reported('twp-once-d', 'P1');

    // Act
    const err = await commitOnce(table.doc, table.tableName, 'test-consumer', cause, [
      statePut('twp-once-d', 'P1'),
    ]).catch((e: unknown) => e);

    // Assess: the receipt was not written either, so a retry can still apply it.
    expect(cancellationCodes(err)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(
      await get({ pk: tenantPk('twp-once-d', 'PROCESSED', 'test-consumer'), sk: cause.metadata.eventId }),
    ).toBeUndefined();
  });
});

describe('queryPage', () => {
  const pkA = 'T#twp-page-a#ITEMS';
  const pkB = 'T#twp-page-b#ITEMS';

  beforeAll(async () => {
    for (const [pk, n] of [
      [pkA, 5],
      [pkB, 3],
    ] as const) {
      for (let i = 1; i <= n; i++) {
        await table.doc.send(
          new PutCommand({ TableName: table.tableName, Item: { pk, sk: `ITEM#${i}`, n: i } }),
        );
      }
    }
  });

  it('walks a partition page by page with the cursor, each item once', async () => {
    // Act
    const seen: number[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await queryPage<{ n: number }>(table.doc, {
        TableName: table.tableName,
        pk: pkA,
        limit: 2,
        cursor,
      });
      pageSizes.push(page.items.length);
      seen.push(...page.items.map((i) => i.n));
      cursor = page.nextCursor;
      if (!cursor) break;
    }

    // Assess
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(pageSizes).toEqual([2, 2, 1]);
  });

  it('passes query options through (newest first)', async () => {
    const page = await queryPage<{ n: number }>(table.doc, {
      TableName: table.tableName,
      pk: pkA,
      limit: 2,
      ScanIndexForward: false,
    });

    expect(page.items.map((i) => i.n)).toEqual([5, 4]);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("rejects a cursor from another tenant's partition with a ValidationError on query.cursor", async () => {
    // Prepare
    const other = await queryPage(table.doc, { TableName: table.tableName, pk: pkB, limit: 1 });
    expect(other.nextCursor).toBeDefined();

    // Act
    const err = await queryPage(table.doc, {
      TableName: table.tableName,
      pk: pkA,
      limit: 2,
      cursor: other.nextCursor,
    }).catch((e: unknown) => e);

    // Assess
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).status).toBe(400);
    expect((err as ValidationError).issues).toEqual([{ field: 'query.cursor', reason: expect.any(String) }]);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['JSON that is not an object', Buffer.from('"T#twp-page-a#ITEMS"').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    [
      'the right pk without a sort key',
      Buffer.from(JSON.stringify({ pk: 'T#twp-page-a#ITEMS' })).toString('base64url'),
    ],
    [
      'the right pk with a numeric sort key',
      Buffer.from(JSON.stringify({ pk: 'T#twp-page-a#ITEMS', sk: 5 })).toString('base64url'),
    ],
    [
      'the right pk with an extra attribute',
      Buffer.from(JSON.stringify({ pk: 'T#twp-page-a#ITEMS', sk: 'ITEM#1', n: 1 })).toString('base64url'),
    ],
  ])('rejects a cursor that is %s', async (_name, cursor) => {
    await expect(
      queryPage(table.doc, { TableName: table.tableName, pk: pkA, limit: 2, cursor }),
    ).rejects.toThrow(ValidationError);
  });
});
