import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@zuofeng/core';
import { sharedKeys, verifyAuditChain } from '@zuofeng/ddb';
import { problemRecurred } from '@zuofeng/events';
import { localSealer } from '@zuofeng/sealing';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import { ulid } from 'ulid';
import { freshTable } from '../../../test/support/ddb';
import { recordAccountability } from '../src/app/accountability';
import type { DisciplineDeps } from '../src/app/deps';
import { concludeReport, fileReport, getReport, openReporter } from '../src/app/reports';

/**
 * The use cases on DynamoDB Local: what is stored where, what is audited, and what a second delivery does.
 * (Over HTTP, with every route and role, see test/e2e/discipline.test.ts and sealed-identity.test.ts.)
 */
type Table = Awaited<ReturnType<typeof freshTable>>;
let table: Table;
let deps: DisciplineDeps;
const T = 'twp-qingshan';
const NAME = '举报人王小明';
const PHONE = '13912345678';

const office: Principal = {
  userId: 'usr-office',
  tenantId: T,
  roles: ['discipline_office'],
  username: 'office.a',
};
const accusedOfficer: Principal = {
  userId: 'usr-accused',
  tenantId: T,
  roles: ['discipline_office'],
  username: 'office.b',
};

async function scanAll() {
  const out = await table.doc.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return out.Items ?? [];
}

beforeAll(async () => {
  table = await freshTable('discipline');
  deps = {
    doc: table.doc,
    tableName: table.tableName,
    sealer: localSealer(randomBytes(32)),
    now: () => new Date(),
    newId: () => ulid(),
  };
  const put = (Item: Record<string, unknown>) =>
    table.doc.send(new PutCommand({ TableName: table.tableName, Item }));
  await put({ ...sharedKeys.unit(T, 'u-dongcun'), unitId: 'u-dongcun', name: '东村', unitType: 'village' });
  await put({ ...sharedKeys.unit(T, 'u-xicun'), unitId: 'u-xicun', name: '西村', unitType: 'village' });
  await put({ ...tenancyKeys.settings(T), aspects: [{ id: 'conduct', name: '能力作风' }] });
  for (const [personId, username, accountId] of [
    ['p-cadre', undefined, undefined],
    ['p-accused', 'office.b', 'acc-b'],
  ] as const) {
    await put({ ...tenancyKeys.person(T, personId), personId, unitId: 'u-dongcun', name: personId });
    if (username) {
      await put({ ...tenancyKeys.account(T, accountId), accountId, personId });
      await put({ ...sharedKeys.username(username), username, tenantId: T, accountId });
    }
  }
});
afterAll(() => table?.drop());

it('seals the reporter apart from the report, and opens it only with an audited record of who and why', async () => {
  // Prepare / Act
  const report = await fileReport(
    deps,
    office,
    {
      unitId: 'u-dongcun',
      personId: 'p-accused',
      aspectId: 'conduct',
      summary: '反映其在低保评定中优亲厚友',
      receivedVia: 'letter',
      reporter: { name: NAME, phone: PHONE },
    },
    'corr-1',
  );

  // Assess: nothing in the table holds the identity in the clear; the sealed item holds ciphertext only.
  const items = await scanAll();
  expect(JSON.stringify(items)).not.toContain(NAME);
  expect(JSON.stringify(items)).not.toContain(PHONE);
  const sealed = items.filter((i) => i.kind === 'sealed-reporter');
  expect(sealed).toHaveLength(1);
  expect(sealed[0]!.pk).toBe(`T#${T}#SEALED`);
  expect(String(sealed[0]!.ciphertext)).toMatch(/^local:v1:/);
  const stored = items.find((i) => i.kind === 'report')!;
  expect(stored.hasReporter).toBe(true);
  expect(stored.pk).not.toBe(sealed[0]!.pk);
  const outbox = items.filter((i) => i.kind === 'outbox');
  expect(outbox.map((o) => o.detailType)).toEqual(['report.received']);
  expect(Object.keys(JSON.parse(String(outbox[0]!.event)).data).sort()).toEqual(
    ['aspectId', 'personId', 'reportId', 'summary', 'unitId'].sort(),
  );

  // The accused, though in the office, may not open it; another township cannot find it.
  await expect(openReporter(deps, accusedOfficer, report.reportId, '核查需要')).rejects.toMatchObject({
    status: 403,
  });
  await expect(
    openReporter(deps, { ...office, tenantId: 'twp-baishui' }, report.reportId, '核查需要'),
  ).rejects.toMatchObject({ status: 404 });

  const opened = await openReporter(deps, office, report.reportId, '需要联系举报人核实情况');
  expect(opened.reporter).toEqual({ name: NAME, phone: PHONE });
  const openings = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${T}#SEALED#OPENINGS` },
    }),
  );
  expect(openings.Items).toEqual([
    expect.objectContaining({
      reportId: report.reportId,
      openedBy: 'usr-office',
      reason: '需要联系举报人核实情况',
    }),
  ]);
  const audit = (await scanAll()).filter((i) => i.kind === 'audit').map((i) => i.action);
  expect(audit).toEqual(['report.file', 'reporter.open']);
  expect(await verifyAuditChain(table.doc, table.tableName, T)).toEqual({ valid: true, entries: 2 });

  // A concluded report stays concluded: a second conclusion is a 409 and writes nothing.
  await concludeReport(
    deps,
    office,
    report.reportId,
    { outcome: 'unfounded', findings: '经核查，反映问题不属实', publishClarification: true },
    'corr-2',
  );
  const before = (await scanAll()).length;
  await expect(
    concludeReport(
      deps,
      office,
      report.reportId,
      { outcome: 'substantiated', disposition: 1, findings: '再次结论', publishClarification: false },
      'corr-3',
    ),
  ).rejects.toMatchObject({ status: 409 });
  expect((await scanAll()).length).toBe(before);
  expect((await getReport(deps, T, report.reportId)).conclusion?.outcome).toBe('unfounded');
});

it('refuses an unknown unit, a person outside the named unit, or an unknown aspect, naming the field', async () => {
  const bad = (input: Partial<Parameters<typeof fileReport>[2]>) =>
    fileReport(
      deps,
      office,
      { unitId: 'u-dongcun', summary: '某事某事', receivedVia: 'phone', ...input },
      'c',
    );
  await expect(bad({ unitId: 'u-nowhere' })).rejects.toMatchObject({
    status: 400,
    issues: [{ field: 'body.unitId' }],
  });
  await expect(bad({ unitId: 'u-xicun', personId: 'p-cadre' })).rejects.toMatchObject({
    status: 400,
    issues: [{ field: 'body.personId' }],
  });
  await expect(bad({ personId: 'p-nobody' })).rejects.toMatchObject({
    status: 400,
    issues: [{ field: 'body.personId' }],
  });
  await expect(bad({ aspectId: 'nope' })).rejects.toMatchObject({
    status: 400,
    issues: [{ field: 'body.aspectId' }],
  });
});

it('records the party and the leader once per recurrence, however often the event arrives', async () => {
  const event = problemRecurred.create(
    { tenantId: T, actor: { type: 'system', id: 'intake' }, correlationId: 'c' },
    {
      problemId: '01KNEWPROBLEM0000000000000',
      earlierProblemId: '01KOLDPROBLEM0000000000000',
      reason: 'reopened',
      unitId: 'u-dongcun',
      personId: 'p-cadre',
      responsibleLeaderId: 'p-leader',
    },
  );
  expect(await recordAccountability(deps, event)).toEqual({ outcome: 'applied', records: 2 });
  expect(await recordAccountability(deps, event)).toEqual({ outcome: 'duplicate', records: 0 });
  const records = (await scanAll()).filter((i) => i.kind === 'accountability');
  expect(records.map((r) => r.role).sort()).toEqual(['leader', 'party']);
});
