import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, type TenantProfile } from '@zuofeng/ddb';
import { ulid } from 'ulid';
import { freshTable } from '../../../test/support/ddb';
import { handlerEnv } from '../../../test/support/env';
import { feedbackKeys } from '../src/app/keys';
import { signFormLink } from '../src/domain/form-link';

export const SECRET = 'test-secret-test-secret-test-secret';
/** The township every handler-level feedback test lives in. */
export const A = 'twp-qingshan';
export const CJK = /[\u4e00-\u9fff]/;

/**
 * The feedback HTTP handler on a fresh table of DynamoDB Local, configured by `env` before it is first loaded,
 * with 青山镇 and its villages: what the handler-level tests of the public form share. Registers its own
 * beforeAll/afterAll.
 */
export function feedbackHandlerFixture(name: string, env: Record<string, string>) {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let handler: typeof import('../src/adapters/http').handler;
  const put = (item: Record<string, unknown>) =>
    table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));

  beforeAll(async () => {
    table = await freshTable(name);
    handlerEnv(table.tableName, env);
    ({ handler } = require('../src/adapters/http') as typeof import('../src/adapters/http'));
    await put({
      ...sharedKeys.profile(A),
      tenantId: A,
      name: '青山镇',
      tenantType: 'township',
      countyId: 'cty-lushan',
      status: 'active',
    } satisfies TenantProfile & { pk: string; sk: string });
    await put({ ...sharedKeys.unit(A, 'u-dongcun'), unitId: 'u-dongcun', name: '东村', unitType: 'village' });
    await put({ ...sharedKeys.unit(A, 'u-xicun'), unitId: 'u-xicun', name: '西村', unitType: 'village' });
  });

  afterAll(async () => {
    for (const k of Object.keys(env)) delete process.env[k];
    (require('../src/adapters/deps') as typeof import('../src/adapters/deps')).deps.doc.destroy();
    await table.drop();
  });

  return {
    get table() {
      return table;
    },
    get handler() {
      return handler;
    },
    put,
    /** A live link of its own for a test (`fields` are the link record's: unitId, revoked…), and its token. */
    async newLink(fields: Record<string, unknown>): Promise<{ linkId: string; token: string }> {
      const linkId = ulid();
      await put({ ...feedbackKeys.link(A, linkId), kind: 'form-link', linkId, ...fields });
      return { linkId, token: signFormLink(SECRET, { tenantId: A, linkId }) };
    },
    countItems: async () =>
      (await table.doc.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count ?? 0,
    partition: async (pk: string) =>
      (
        await table.doc.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
          }),
        )
      ).Items ?? [],
  };
}
