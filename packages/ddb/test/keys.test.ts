import { MissingTenantError } from '@zuofeng/core';
import { expiresInDays, tenantOfPk, tenantPk } from '../src/keys';
import { PLATFORM_TENANT, sharedKeys } from '../src/records';
import { createTableInput, tableDefinition } from '../src/table';

describe('tenantPk', () => {
  it('builds a partition key that starts with the tenant id', () => {
    expect(tenantPk('twp-x', 'PROB')).toBe('T#twp-x#PROB');
    expect(tenantPk('twp-x')).toBe('T#twp-x');
    expect(tenantPk('twp-qingshan', 'PROCESSED', 'county-rollup')).toBe(
      'T#twp-qingshan#PROCESSED#county-rollup',
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['upper case', 'UPPER'],
    ['a # inside', 'a#b'],
    ['too short (2 characters)', 'ab'],
    ['too long (41 characters)', `t${'x'.repeat(40)}`],
    ['a leading dash', '-twp'],
    ['a space', 'twp x'],
    ['a number', 42],
  ])('refuses a tenant that is %s with MissingTenantError', (_name, tenant) => {
    expect(() => tenantPk(tenant as string, 'PROB')).toThrow(MissingTenantError);
  });

  it('accepts the shortest and longest tenant ids', () => {
    expect(tenantPk('abc', 'X')).toBe('T#abc#X');
    expect(tenantPk(`t${'x'.repeat(39)}`, 'X')).toBe(`T#t${'x'.repeat(39)}#X`);
  });

  it('names what it was about to build in the error', () => {
    expect(() => tenantPk(undefined, 'FB')).toThrow(/FB/);
  });

  it.each([
    ['a #', 'a#b'],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['nothing', ''],
    ['more than 200 characters', 'x'.repeat(201)],
  ])('refuses a segment holding %s (a plain Error, the tenant was fine)', (_name, segment) => {
    let thrown: unknown;
    try {
      tenantPk('twp-x', 'PROB', segment);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(MissingTenantError);
    expect((thrown as Error).message).toMatch(/invalid key segment/);
  });
});

describe('tenantOfPk', () => {
  it('reads the tenant back from any tenant key', () => {
    expect(tenantOfPk(tenantPk('twp-x', 'PROB'))).toBe('twp-x');
    expect(tenantOfPk('T#twp-qingshan')).toBe('twp-qingshan');
  });

  it.each(['X#twp-x#PROB', 'T#', 'T', '', 'twp-x#PROB'])('refuses %p, which is not a tenant key', (pk) => {
    expect(() => tenantOfPk(pk)).toThrow(/not a tenant key/);
  });
});

describe('sharedKeys', () => {
  it("puts a tenant's profile and units in the tenant's own partition", () => {
    expect(sharedKeys.profile('twp-x')).toEqual({ pk: 'T#twp-x', sk: 'PROFILE' });
    expect(sharedKeys.unit('twp-x', 'u-1')).toEqual({ pk: 'T#twp-x', sk: 'UNIT#u-1' });
  });

  it('keeps the registry in the reserved platform tenant', () => {
    expect(sharedKeys.registryEntry('cty-x')).toEqual({ pk: `T#${PLATFORM_TENANT}#TENANTS`, sk: 'cty-x' });
    expect(sharedKeys.registry().pk).toBe(sharedKeys.registryEntry('cty-x').pk);
  });

  it('cannot build a profile key without a tenant', () => {
    expect(() => sharedKeys.profile('')).toThrow(MissingTenantError);
  });
});

describe('expiresInDays', () => {
  it('is epoch seconds that many days later', () => {
    const now = new Date('2026-03-02T00:00:00.900Z');
    expect(expiresInDays(7, now)).toBe(Math.floor(now.getTime() / 1000) + 7 * 86400);
    expect(expiresInDays(0.5, now)).toBe(Math.floor(now.getTime() / 1000) + 43200);
  });
});

describe('createTableInput', () => {
  const input = createTableInput('app-table');

  it('keys the table by the definition: pk (hash) and sk (range), strings', () => {
    expect(input.TableName).toBe('app-table');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(input.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
  });

  it('declares gsi1 (gsi1pk, gsi1sk) with every attribute projected', () => {
    expect(input.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((g) => g.indexName),
    );
  });

  it('defines each key attribute once, as a string', () => {
    expect(input.AttributeDefinitions).toEqual(
      ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    );
  });

  it('turns the stream on with new images only, as the outbox Pipe expects', () => {
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(tableDefinition.streamViewType).toBe('NEW_IMAGE');
    expect(tableDefinition.timeToLiveAttribute).toBe('expiresAt');
  });
});
