import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '@zuofeng/core';
import { sharedKeys } from '@zuofeng/ddb';
import type { RouteDef } from '@zuofeng/http';
import { DEMO_USERS } from '../../packages/local/src';
import { localClient } from '../../packages/local/src/dynamo';
import { allRoutes, allSubscriptions } from '../../services/registry';
import { tenancyKeys } from '../../services/tenancy/src/app/keys';
import { ddbEndpoint } from '../support/ddb';
import { startTestRuntime, until } from '../support/runtime';

/**
 * The isolation matrix, generated from the route table: every staff route × every attacker (each role of
 * another township, the county office on township routes, another county's office on county routes). An
 * attempt that names one of the victim's records must get 403 or 404; one that does not may only act within
 * the attacker's own tenant. No response may carry the victim's data, and the victim's partitions must be
 * byte-for-byte the same afterwards.
 */
const VICTIM = 'twp-qingshan';
const VICTIM_COUNTY = 'cty-demo';

/** A valid body for each write, so that attempts get past validation to the tenant checks. */
const BODIES: Record<string, unknown> = {
  createTownship: { name: '侵入镇', code: 'qinru', admin: { name: '某人', username: 'qinru.admin' } },
  approveApplication: { adminUsername: 'qinru.admin2' },
  rejectApplication: { reason: '越权尝试' },
  putSettings: {
    campaignYear: 2026,
    aspects: [{ id: 'stance', name: '思想站位' }],
    deadlines: {
      rectifyWorkingDays: 10,
      warnBeforeWorkingDays: 2,
      superviseAfterWorkingDays: 3,
      followUpWindowDays: 10,
    },
    version: 1,
  },
  createUnit: { name: '越权单位', unitType: 'office' },
  updateUnit: { name: '被改名的单位', unitType: 'office', version: 1 },
  createPerson: { name: '越权人员', postType: 'office_cadre', unitId: 'u-dongcun' },
  updatePerson: { name: '被改名的人', postType: 'office_cadre', unitId: 'u-dongcun', version: 1 },
  importPeople: {
    format: 'csv',
    content: Buffer.from('姓名,岗位类型,单位\n越权,村组干部,越权村\n').toString('base64'),
  },
  inviteAccount: { username: 'qinru.user', personId: 'p-qingshan-cadre', roles: ['cadre'] },
  raiseProblem: { source: 'self', aspectId: 'stance', description: '越权登记的问题' },
  addMeasure: { text: '越权措施', ownerId: 'p-qingshan-cadre', dueOn: '2026-12-31', version: 1 },
  addProgress: { text: '越权进展', version: 1 },
  transitionProblem: { action: 'accept', version: 1 },
  createEvidenceUpload: { name: 'x.jpg', contentType: 'image/jpeg', size: 100 },
  fileReport: { unitId: 'u-dongcun', summary: '越权登记的举报', receivedVia: 'visit' },
  openReporter: { reason: '越权查看举报人' },
  concludeReport: { outcome: 'unfounded', findings: '越权作出的结论', publishClarification: true },
  // (its problemId becomes the victim's problem once that exists: see beforeAll)
  applyForTolerance: { problemId: '01KAAAAAAAAAAAAAAAAAAAAAAA', justification: '越权申请容错纠错的理由' },
  decideTolerance: { approve: true, reasons: '越权审批' },
  createFormLink: { label: '越权链接' },
  updateFormLink: { label: '越权修改', version: 0 },
  openFeedbackContact: { reason: '越权查看群众电话' },
  replyToFeedback: { text: '越权写的办理回复' },
};

/** The victim's discipline records: a report (its reporter sealed), a clarification, a tolerance application. */
const victimDiscipline: Record<string, string> = {};

/** Markers of the victim's data that an attacker never sends itself. */
const MARKERS = ['青山镇', '东村', '西村', '民政所', 'qingshan.', '路灯', '低保', 'usr-qingshan'];

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let doc: DynamoDBDocumentClient;

/** The victim's items, by key; the county's counters of the attacking township are the attacker's own doing. */
async function victimSnapshot(): Promise<Map<string, string>> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: t.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const victim = items.filter((i) => {
    const pk = String(i.pk);
    if (pk === `T#${VICTIM_COUNTY}#COUNTY` && i.sk === 'TWP#twp-baishui') return false;
    return (
      pk === `T#${VICTIM}` ||
      pk.startsWith(`T#${VICTIM}#`) ||
      pk === `T#${VICTIM_COUNTY}` ||
      pk.startsWith(`T#${VICTIM_COUNTY}#`)
    );
  });
  return new Map(victim.map((i) => [`${i.pk}|${i.sk}`, JSON.stringify(i)]));
}

beforeAll(async () => {
  t = await startTestRuntime();
  doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()));
  // A second county with its own office, to attack the first county's routes.
  await doc.send(
    new PutCommand({
      TableName: t.tableName,
      Item: {
        ...sharedKeys.profile('cty-other'),
        tenantId: 'cty-other',
        name: '邻县',
        tenantType: 'county',
        status: 'active',
      },
    }),
  );
  await doc.send(
    new PutCommand({
      TableName: t.tableName,
      Item: {
        ...sharedKeys.username('other.county'),
        username: 'other.county',
        tenantId: 'cty-other',
        accountId: 'usr-other-county',
        roles: ['county_admin'],
        status: 'active',
        name: '邻县县活动办',
        passwordHash: hashPassword('zuofeng'),
      },
    }),
  );
  // A pending application in the victim's county.
  await t.api('POST', `/public/counties/${VICTIM_COUNTY}/applications`, {
    body: { name: '待审镇', code: 'daishen', contactName: '孙主任', contactPhone: '13800003333' },
  });
  // The victim's discipline office has a report (its reporter sealed), one concluded untrue with a draft
  // clarification, and a cadre's pending tolerance application.
  const office = await t.token('qingshan.discipline');
  const victimCadre = await t.token('qingshan.cadre');
  const report = async () =>
    (
      await t.api('POST', '/reports', {
        token: office,
        body: {
          unitId: 'u-dongcun',
          summary: '反映东村干部优亲厚友',
          receivedVia: 'letter',
          reporter: { name: '青山镇举报人', phone: '13800005555' },
        },
      })
    ).json.reportId as string;
  victimDiscipline.reportId = await report();
  const concluded = await t.api('POST', `/reports/${await report()}/conclusion`, {
    token: office,
    body: { outcome: 'unfounded', findings: '经核查不属实' },
  });
  victimDiscipline.clarificationId = concluded.json.clarification.clarificationId;
  const own = await t.api('POST', '/problems', {
    token: victimCadre,
    body: { source: 'self', aspectId: 'planning', description: '东村调研不深入' },
  });
  victimDiscipline.toleranceId = (
    await t.api('POST', '/tolerance-applications', {
      token: victimCadre,
      body: { problemId: own.json.problemId, justification: '属于探索中的失误，已纠正' },
    })
  ).json.toleranceId;
  BODIES.applyForTolerance = { ...(BODIES.applyForTolerance as object), problemId: own.json.problemId };
  // Let the seed's events settle, so the victim's partitions only change if an attempt changes them.
  await until('the queues to drain', async () => {
    for (const q of allSubscriptions().map((s) => s.name))
      if ((await t.rt.store.list(q)).length) return undefined;
    return true;
  });
});
afterAll(() => t?.stop());

it('lets no route leak or change another tenant’s records, for any role', async () => {
  const victimAdmin = await t.token('qingshan.admin');
  const victimCounty = await t.token('county.admin');
  const [unit] = (await t.api('GET', '/units', { token: victimAdmin })).json.items;
  const [person] = (await t.api('GET', '/people', { token: victimAdmin })).json.items;
  const [account] = (await t.api('GET', '/accounts', { token: victimAdmin })).json.items;
  const [problem] = (await t.api('GET', '/problems', { token: victimAdmin })).json.items;
  const [application] = (await t.api('GET', '/county/applications', { token: victimCounty })).json.items;
  const [link] = (await t.api('GET', '/form-links', { token: victimAdmin })).json.items;
  const [feedback] = (await t.api('GET', '/feedback', { token: victimAdmin })).json.items;
  const victimIds: Record<string, string> = {
    unitId: unit.unitId,
    personId: person.personId,
    accountId: account.accountId,
    problemId: problem.problemId,
    townshipId: VICTIM,
    applicationId: application.applicationId,
    measureId: '01kaaaaaaaaaaaaaaaaaaaaaaa',
    reportId: victimDiscipline.reportId!,
    clarificationId: victimDiscipline.clarificationId!,
    toleranceId: victimDiscipline.toleranceId!,
    linkId: link.linkId,
    feedbackId: feedback.feedbackId,
  };

  const attackers: { who: string; token: string }[] = [];
  for (const u of DEMO_USERS.filter((u) => u.tenantId === 'twp-baishui'))
    attackers.push({ who: u.username, token: await t.token(u.username) });
  attackers.push({ who: 'county.admin (on township routes)', token: victimCounty });
  attackers.push({ who: 'other.county', token: await t.token('other.county') });

  const before = await victimSnapshot();
  const failures: string[] = [];
  let tried = 0;
  const staff = allRoutes().filter((r): r is RouteDef & { auth: 'staff' } => r.auth === 'staff');
  for (const route of staff) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const targeted = params.length > 0;
    const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => {
      if (!victimIds[p])
        throw new Error(`no victim id for path parameter ${p} of ${route.operationId}: add one`);
      return victimIds[p]!;
    });
    const body = route.body ? { ...(BODIES[route.operationId] as object), tenantId: VICTIM } : undefined;
    if (route.body && !BODIES[route.operationId])
      throw new Error(`no sample body for ${route.operationId}: add one`);
    for (const a of attackers) {
      // The county office on county routes of its own county is not an attack.
      if (a.token === victimCounty && route.path.startsWith('/county')) continue;
      tried++;
      const res = await t.api(route.method, `${path}?tenantId=${VICTIM}`, {
        token: a.token,
        headers: { 'x-tenant-id': VICTIM, 'accept-language': 'zh-CN' },
        ...(body ? { body } : {}),
      });
      const label = `${route.method} ${route.path} as ${a.who} → ${res.status}`;
      if (res.status >= 500) failures.push(`${label}: server error`);
      if (targeted && res.status !== 403 && res.status !== 404)
        failures.push(`${label}: a targeted attempt must be 403 or 404`);
      const { instance: _i, detail: _d, ...rest } = (res.json ?? {}) as Record<string, unknown>;
      const leaked = MARKERS.filter((m) => JSON.stringify(rest).includes(m));
      if (leaked.length) failures.push(`${label}: response carries ${leaked.join(', ')}`);
    }
  }
  await until('the queues to drain', async () => {
    for (const q of allSubscriptions().map((s) => s.name))
      if ((await t.rt.store.list(q)).length) return undefined;
    return true;
  });
  const after = await victimSnapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (k) => before.get(k) !== after.get(k),
  );
  console.log(
    `isolation matrix: ${tried} requests (${staff.length} staff routes × ${attackers.length} attackers), ${failures.length} leaks`,
  );
  expect(failures).toEqual([]);
  expect(changed).toEqual([]);
  expect(after.size).toBeGreaterThan(20);
  expect(tried).toBeGreaterThan(100);
}, 240_000);

it('keeps the county to aggregates: its overview has counters per township and no record of any', async () => {
  const county = await t.token('county.admin');
  const overview = await t.api('GET', '/county/overview', { token: county });
  expect(overview.status).toBe(200);
  for (const row of overview.json.townships) {
    expect(Object.keys(row).sort()).toEqual(
      [
        'feedbacks',
        'problems',
        'publicProblems',
        'satisfactionIndex',
        'townshipId',
        'townshipName',
        'updatedAt',
      ].sort(),
    );
  }
  expect(overview.raw).not.toMatch(/路灯|低保|水渠/);
  for (const path of [
    '/problems',
    '/feedback',
    '/units',
    '/people',
    '/accounts',
    '/audit',
    '/inbox',
    '/assessment/units',
    '/settings',
  ]) {
    expect((await t.api('GET', path, { token: county })).status).toBe(403);
  }
  // And the county's own lists come from its own partition only.
  const other = await t.token('other.county');
  // (It onboarded 侵入镇 of its own during the matrix, which is its right.)
  const mine = (await t.api('GET', '/county/townships', { token: other })).json.items.map(
    (x: { townshipId: string }) => x.townshipId,
  );
  expect(mine).toEqual(['twp-qinru']);
  expect((await t.api('GET', '/county/overview', { token: other })).json.townships).toEqual([]);
  expect(tenancyKeys.countyTownships('cty-other')).toBe('T#cty-other#TOWNSHIPS');
});
