import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { can } from '@zuofeng/core';
import { reportReceived } from '@zuofeng/events';
import type { RouteDef } from '@zuofeng/http';
import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { DEMO_USERS } from '../../packages/local/src';
import { localClient } from '../../packages/local/src/dynamo';
import { allRoutes, allSubscriptions } from '../../services/registry';
import { ddbEndpoint } from '../support/ddb';
import { startTestRuntime, until } from '../support/runtime';

/**
 * 信访工作条例: a reporter's identity is never passed to the person or unit accused. This test files reports
 * whose reporter carries distinctive markers and then looks for those markers everywhere a person could see
 * them: every response of every staff route (walked from the route table) for every demo user, the problem
 * intake opens for the report with its ledger, the inbox, the XLSX exports, every event of the outbox, every
 * audit entry, every item of the table and every queued message. Only `POST /reports/{id}/reporter/open`,
 * called by the discipline office, reveals them, and that opening is in the audit log.
 */
const T = 'twp-qingshan';
const REPORTER = { name: '甄密封', phone: '13987654321', contact: '微信 zhen-mifeng-7741' };
const MARKERS = [REPORTER.name, REPORTER.phone, 'zhen-mifeng-7741', '密封', '87654321'];

const queueTableName = `rt-queues-sealed-${ulid().toLowerCase()}`;
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let doc: DynamoDBDocumentClient;

const leaks = (text: string) => MARKERS.filter((m) => text.includes(m));

async function scan(tableName: string) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every cell of every sheet, as text. */
async function xlsxText(bytes: ArrayBuffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const cells: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(c.text)));
  return cells.join('\n');
}

/** A request, with the whole answer as text: JSON and HTML as they are, spreadsheets cell by cell. */
async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${t.rt.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const type = res.headers.get('content-type') ?? '';
  const bytes = await res.arrayBuffer();
  const text =
    type.includes('spreadsheetml') && res.status === 200
      ? await xlsxText(bytes)
      : Buffer.from(bytes).toString('utf8');
  return { status: res.status, type, text };
}

const drained = () =>
  until('the queues to drain', async () => {
    for (const q of allSubscriptions().map((s) => s.name))
      if ((await t.rt.store.list(q)).length) return undefined;
    return true;
  });

beforeAll(async () => {
  t = await startTestRuntime({ queueTableName });
  doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()));
});
afterAll(() => t?.stop());

it('keeps a reporter sealed from every route, role, event, audit entry and stored item', async () => {
  const discipline = await t.token('qingshan.discipline');
  const admin = await t.token('qingshan.admin');
  const cadre = await t.token('qingshan.cadre');
  const users = await Promise.all(
    DEMO_USERS.map(async (u) => ({ username: u.username, roles: u.roles, token: await t.token(u.username) })),
  );

  // ── Prepare: two reports against the cadre, both naming the reporter; one concluded untrue and clarified.
  const file = async (summary: string) => {
    const r = await t.api('POST', '/reports', {
      token: discipline,
      body: {
        unitId: 'u-dangzhengban',
        personId: 'p-qingshan-cadre',
        aspectId: 'stance',
        summary,
        receivedVia: 'phone',
        reporter: REPORTER,
      },
    });
    expect(r.status).toBe(201);
    expect(leaks(r.raw)).toEqual([]);
    return r.json as { reportId: string; summary: string };
  };
  const concluded = await file('反映该干部在项目验收中弄虚作假');
  const open = await file('反映该干部工作日午间饮酒');

  // Intake opens a problem (source 信访举报) for each report: wait for it, when intake consumes the event.
  const intakeOpensReports = allSubscriptions().some((s) => s.events.includes(reportReceived));
  let problemId: string | undefined;
  if (intakeOpensReports) {
    problemId = await until('intake to open the report’s problem', async () => {
      const r = await t.api('GET', '/problems?source=report&limit=100', { token: discipline });
      return (r.json.items as { problemId: string; description: string }[]).find(
        (p) => p.description === concluded.summary,
      )?.problemId;
    });
  } else {
    console.warn('sealed identity: no consumer of report.received yet; the report’s problem is not walked');
  }

  // A tolerance application and a conclusion with a published clarification, so their routes have data.
  const own = await t.api('POST', '/problems', {
    token: cadre,
    body: { source: 'self', aspectId: 'planning', description: '调研不深入，谋划不系统' },
  });
  const tolerance = await t.api('POST', '/tolerance-applications', {
    token: cadre,
    body: { problemId: own.json.problemId, justification: '属于探索性工作中的失误，已主动纠正' },
  });
  const conclusion = await t.api('POST', `/reports/${concluded.reportId}/conclusion`, {
    token: discipline,
    body: {
      outcome: 'unfounded',
      findings: '经核查，反映问题不属实',
      clarification: '经核查，反映该同志弄虚作假问题不属实，予以澄清正名。',
      publishClarification: true,
    },
  });
  expect(conclusion.status).toBe(200);
  expect(leaks(conclusion.raw)).toEqual([]);
  await drained();

  // ── Act and assess 1: every staff route, as every demo user. Reads with real ids (and the queries that
  // select the reports' records); writes with a body that can never validate, or, without a body, only by
  // those the matrix refuses; so that the walk reads everything and changes nothing.
  const ids: Record<string, string> = {
    reportId: concluded.reportId,
    problemId: problemId ?? own.json.problemId,
    clarificationId: conclusion.json.clarification.clarificationId,
    toleranceId: tolerance.json.toleranceId,
    unitId: 'u-dangzhengban',
    personId: 'p-qingshan-cadre',
    accountId: 'usr-qingshan-cadre',
    townshipId: T,
  };
  const queries: Record<string, string[]> = {
    listProblems: ['source=report&limit=100', 'personId=p-qingshan-cadre&limit=100', 'limit=100'],
    listReports: ['status=open', 'status=concluded'],
    listAudit: ['limit=200'],
    listToleranceApplications: ['status=pending'],
    exportLedger: ['scope=ledger', 'scope=unit&id=u-dangzhengban', 'scope=person&id=p-qingshan-cadre'],
  };
  const failures: string[] = [];
  let calls = 0;
  const routes = allRoutes().filter((r): r is RouteDef & { auth: 'staff' } => r.auth === 'staff');
  for (const route of routes) {
    // An id of a path parameter this test does not know (a route added since) still gets a well-formed try.
    const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => ids[p] ?? '01KAAAAAAAAAAAAAAAAAAAAAAA');
    const variants = route.method === 'GET' ? ['', ...(queries[route.operationId] ?? [])] : [''];
    for (const u of users) {
      for (const q of variants) {
        let res: Awaited<ReturnType<typeof call>>;
        if (route.method === 'GET') res = await call('GET', q ? `${path}?${q}` : path, u.token);
        else if (route.body) res = await call(route.method, path, u.token, []);
        else if (!route.action || !can(u.roles, route.action)) res = await call(route.method, path, u.token);
        else continue;
        calls++;
        const label = `${route.method} ${path}${q ? `?${q}` : ''} as ${u.username} → ${res.status}`;
        if (res.status >= 500) failures.push(`${label}: server error`);
        const found = leaks(res.text);
        if (found.length) failures.push(`${label}: carries ${found.join(', ')}`);
      }
    }
  }
  // The pages a person reads without a token, too.
  for (const path of ['/', '/health', '/openapi.json', '/docs']) {
    const res = await call('GET', path, undefined);
    calls++;
    if (leaks(res.text).length) failures.push(`GET ${path}: carries ${leaks(res.text).join(', ')}`);
  }
  console.log(
    `sealed identity: ${calls} responses over ${routes.length} staff routes × ${users.length} users`,
  );
  expect(failures).toEqual([]);

  // The walk did read what it had to: the report's problem and its ledger, the inbox, the reports.
  if (problemId) {
    const ledger = await call('GET', `/problems/${problemId}/ledger`, discipline);
    expect(ledger.status).toBe(200);
    expect(ledger.text).toContain(concluded.summary);
  }
  const reports = await call('GET', '/reports?status=open', discipline);
  expect(reports.text).toContain(open.reportId);
  expect((await call('GET', '/inbox', admin)).status).toBe(200);

  // ── 2: the outbox carries no trace of the reporter, nor does any event the queues hold.
  await drained();
  const items = await scan(t.tableName);
  const outbox = items.filter((i) => i.kind === 'outbox');
  expect(outbox.map((o) => o.detailType)).toEqual(
    expect.arrayContaining(['report.received', 'report.concluded']),
  );
  for (const o of outbox)
    expect([String(o.detailType), leaks(JSON.stringify(o))]).toEqual([String(o.detailType), []]);
  expect(leaks(JSON.stringify(await scan(queueTableName)))).toEqual([]);

  // ── 3: no audit entry holds it (entries keep digests only).
  const audit = items.filter((i) => i.kind === 'audit');
  expect(audit.length).toBeGreaterThan(3);
  expect(leaks(JSON.stringify(audit))).toEqual([]);

  // ── 4: no item of the table holds it in the clear; the sealed items hold ciphertext, apart from the reports.
  expect(leaks(JSON.stringify(items))).toEqual([]);
  const sealed = items.filter((i) => i.kind === 'sealed-reporter');
  expect(sealed.map((s) => s.sk).sort()).toEqual(
    [`REPORTER#${concluded.reportId}`, `REPORTER#${open.reportId}`].sort(),
  );
  for (const s of sealed) {
    expect(s.pk).toBe(`T#${T}#SEALED`);
    expect(Object.keys(s).sort()).toEqual(['ciphertext', 'kind', 'pk', 'sealedAt', 'sealedBy', 'sk']);
    const raw = Buffer.from(String(s.ciphertext).replace(/^local:v1:/, ''), 'base64url');
    for (const m of MARKERS) expect(raw.includes(Buffer.from(m, 'utf8'))).toBe(false);
  }
  for (const r of items.filter((i) => i.kind === 'report')) {
    expect(r.hasReporter).toBe(true);
    expect(Object.keys(r).filter((k) => /reporter|phone|contact|name/i.test(k))).toEqual(['hasReporter']);
  }

  // ── 5: only the discipline office opens it, and the opening is on the record.
  for (const u of users.filter(
    (u) => !u.roles.includes('discipline_office') || !u.username.startsWith('qingshan'),
  )) {
    const r = await call('POST', `/reports/${open.reportId}/reporter/open`, u.token, { reason: '核实' });
    expect([u.username, r.status === 403 || r.status === 404]).toEqual([u.username, true]);
    expect(leaks(r.text)).toEqual([]);
  }
  const opened = await t.api('POST', `/reports/${open.reportId}/reporter/open`, {
    token: discipline,
    body: { reason: '需当面向举报人核实情况' },
  });
  expect(opened.status).toBe(200);
  expect(opened.json.reporter).toEqual(REPORTER);
  const log = (await t.api('GET', '/audit?limit=200', { token: admin })).json.items as {
    action: string;
    entity: string;
    actor: { id: string };
  }[];
  expect(log.filter((e) => e.action === 'reporter.open')).toEqual([
    expect.objectContaining({
      entity: `report/${open.reportId}/reporter`,
      actor: expect.objectContaining({ id: 'usr-qingshan-discipline' }),
    }),
  ]);
  expect(leaks(JSON.stringify(log))).toEqual([]);
  expect((await t.api('GET', '/audit/verify', { token: admin })).json.valid).toBe(true);
}, 240_000);
