import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { localClient } from '../../packages/local/src/dynamo';
import { ddbEndpoint } from '../support/ddb';
import { startTestRuntime, until } from '../support/runtime';

/** Recurrence (一犯再犯), the escalation sweep, and the XLSX exports, against the local runtime. */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t?.stop());

async function outbox(type: string) {
  const doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()));
  const out = await doc.send(
    new ScanCommand({
      TableName: t.tableName,
      FilterExpression: 'kind = :o AND detailType = :d',
      ExpressionAttributeValues: { ':o': 'outbox', ':d': type },
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(i.event as string));
}

it('flags a second problem of the same person and aspect as a recurrence, on both problems, with an event', async () => {
  const cadre = await t.token('qingshan.cadre');
  const raise = (description: string, aspectId: string) =>
    t.api('POST', '/problems', { token: cadre, body: { source: 'self', aspectId, description } });
  const first = await raise('开会迟到，纪律松散。', 'conduct');
  const other = await raise('调研不深入。', 'planning');
  const second = await raise('又一次开会迟到。', 'conduct');
  expect(other.json.recurred).toBeUndefined();
  expect(second.json).toMatchObject({ recurred: true, recurrenceOf: first.json.problemId });
  const admin = await t.token('qingshan.admin');
  const earlier = (await t.api('GET', `/problems/${first.json.problemId}`, { token: admin })).json;
  expect(earlier.recurred).toBe(true);
  const events = await outbox('problem.recurred');
  expect(events.map((e) => e.data)).toEqual([
    expect.objectContaining({
      problemId: second.json.problemId,
      earlierProblemId: first.json.problemId,
      reason: 'same-subject-and-aspect',
      personId: 'p-qingshan-cadre',
    }),
  ]);
  const filtered = (await t.api('GET', '/problems?recurrence=true&limit=100', { token: admin })).json.items;
  expect(filtered.map((p: { problemId: string }) => p.problemId).sort()).toEqual(
    [first.json.problemId, second.json.problemId].sort(),
  );
});

it('walks an overdue measure up the whole ladder once, however often the sweep runs', async () => {
  const admin = await t.token('qingshan.admin');
  const raised = await t.api('POST', '/problems', {
    token: await t.token('qingshan.inspection'),
    body: {
      source: 'inspection',
      aspectId: 'methods',
      unitId: 'u-xicun',
      description: '西村村务公开栏半年未更新。',
    },
  });
  const id = raised.json.problemId;
  await t.api('POST', `/problems/${id}/transitions`, {
    token: admin,
    body: { action: 'accept', version: 1 },
  });
  await t.api('POST', `/problems/${id}/measures`, {
    token: admin,
    body: { text: '每月更新村务公开栏', ownerId: 'p-qingshan-cadre', dueOn: '2026-01-05', version: 2 },
  });

  const first = (await t.rt.runSchedule('intake-escalation-sweep')) as { steps: number };
  const again = (await t.rt.runSchedule('intake-escalation-sweep')) as { steps: number };
  expect(first.steps).toBeGreaterThanOrEqual(4);
  expect(again.steps).toBe(0);

  const ledger = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json;
  expect(
    ledger.timeline
      .filter((e: { action: string }) => e.action.startsWith('escalation.'))
      .map((e: { action: string }) => e.action),
  ).toEqual(['escalation.warning', 'escalation.chase', 'escalation.supervision', 'escalation.bulletin']);
  expect(ledger.problem.overdue).toBe(true);
  const steps = (await outbox('deadline.escalated'))
    .filter((e) => e.data.problemId === id)
    .map((e) => e.data.step);
  expect(steps.sort()).toEqual(['bulletin', 'chase', 'supervision', 'warning']);
  // 督办 reaches the inspection office's inbox, 催办 the campaign office's.
  const inspectionInbox = await until('the 督办 notice', async () => {
    const items = (await t.api('GET', '/inbox?limit=100', { token: await t.token('qingshan.inspection') }))
      .json.items;
    return items.find(
      (n: { title: string; link: string }) => n.link === `/problems/${id}` && n.title.startsWith('督办'),
    );
  });
  expect(inspectionInbox.title).toContain('2026-01-05');
  const overdue = (await t.api('GET', '/problems?overdue=true&limit=100', { token: admin })).json.items;
  expect(overdue.map((p: { problemId: string }) => p.problemId)).toContain(id);
});

it('exports the 整改台账 and a unit’s 问题清单 as XLSX with Chinese headers and the expected rows', async () => {
  const admin = await t.token('qingshan.admin');
  const res = await fetch(`${t.rt.url}/exports/ledger.xlsx`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  expect(ws.name).toBe('整改台账');
  expect((ws.getRow(1).values as string[]).slice(1, 6)).toEqual([
    '序号',
    '问题来源',
    '方面',
    '单位',
    '责任人',
  ]);
  const visible = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items.length;
  expect(ws.rowCount - 1).toBe(visible);
  const descriptions = Array.from({ length: ws.rowCount - 1 }, (_, i) =>
    String(ws.getRow(i + 2).getCell(6).value),
  );
  expect(descriptions).toContain('西村村务公开栏半年未更新。');

  const unit = await fetch(`${t.rt.url}/exports/ledger.xlsx?scope=unit&id=u-xicun`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const uwb = new ExcelJS.Workbook();
  await uwb.xlsx.load(await unit.arrayBuffer());
  const uws = uwb.worksheets[0]!;
  expect(uws.name).toBe('问题清单（西村）');
  for (let r = 2; r <= uws.rowCount; r++) expect(uws.getRow(r).getCell(4).value).toBe('西村');
  const noId = await t.api('GET', '/exports/ledger.xlsx?scope=unit', { token: admin });
  expect(noId.status).toBe(400);
  expect(noId.json.errors[0].field).toBe('query.id');
});
