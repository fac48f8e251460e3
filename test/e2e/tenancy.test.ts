import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditKeys } from '@zuofeng/ddb';
import ExcelJS from 'exceljs';
import { demoLinks } from '../../packages/local/src';
import { localClient } from '../../packages/local/src/dynamo';
import { ddbEndpoint } from '../support/ddb';
import { submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';

/**
 * Townships as tenants, over HTTP against the local runtime: onboarding by the county and by application,
 * suspension, org structure with a roster import, accounts, settings, and the audit chain.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let county: string;

beforeAll(async () => {
  t = await startTestRuntime();
  county = await t.token('county.admin');
});
afterAll(() => t?.stop());

async function xlsx(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('onboarding', () => {
  it('lets the county create a township whose first admin signs in with the temporary password', async () => {
    const created = await t.api('POST', '/county/townships', {
      token: county,
      body: { name: '红岭镇', code: 'hongling', admin: { name: '李镇长', username: 'hongling.admin' } },
    });
    expect(created.status).toBe(201);
    expect(created.json.township).toMatchObject({ townshipId: 'twp-hongling', status: 'active' });
    const pw = created.json.admin.temporaryPassword as string;
    expect(pw).toMatch(/^[A-Za-z0-9]{12}$/);

    const admin = await t.token('hongling.admin', pw);
    const me = await t.api('GET', '/me', { token: admin });
    expect(me.json).toMatchObject({
      tenantId: 'twp-hongling',
      tenantName: '红岭镇',
      tenantType: 'township',
      roles: ['township_admin'],
    });
    expect(me.json.actions).toContain('org.write');
    expect(me.json.actions).not.toContain('county.overview.read');

    const settings = await t.api('GET', '/settings', { token: admin });
    expect(settings.json.aspects.map((a: { name: string }) => a.name)).toEqual([
      '思想站位',
      '研究谋划',
      '方法路径',
      '能力作风',
    ]);

    const list = await t.api('GET', '/county/townships', { token: county });
    expect(list.json.items.map((x: { townshipId: string }) => x.townshipId)).toEqual(
      expect.arrayContaining(['twp-qingshan', 'twp-baishui', 'twp-hongling']),
    );
  });

  it('refuses a taken code or username with 409 and the field, and writes nothing', async () => {
    const before = (await t.api('GET', '/county/townships', { token: county })).json.items.length;
    const dupCode = await t.api('POST', '/county/townships', {
      token: county,
      body: { name: '又一个青山', code: 'qingshan', admin: { name: '某', username: 'someone.new' } },
    });
    expect(dupCode.status).toBe(409);
    expect(dupCode.json.errors[0].field).toBe('body.code');
    const dupUser = await t.api('POST', '/county/townships', {
      token: county,
      body: { name: '新镇', code: 'xinzhen', admin: { name: '某', username: 'qingshan.admin' } },
    });
    expect(dupUser.status).toBe(409);
    expect(dupUser.json.errors[0].field).toBe('body.username');
    expect((await t.api('GET', '/county/townships', { token: county })).json.items.length).toBe(before);
    expect(
      (await t.api('POST', '/dev/token', { body: { username: 'someone.new', password: 'x' } })).status,
    ).toBe(401);
  });

  it('takes applications on a public route, in Chinese, and lets the county approve or reject them', async () => {
    const bad = await t.api('POST', '/public/counties/cty-demo/applications', {
      body: { name: '', code: 'X', contactName: '王', contactPhone: '123' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['body.code', 'body.contactName', 'body.contactPhone', 'body.name'].sort(),
    );
    expect(bad.json.errors.every((e: { reason: string }) => /[\u4e00-\u9fff]/.test(e.reason))).toBe(true);

    const ok = await t.api('POST', '/public/counties/cty-demo/applications', {
      body: { name: '石桥镇', code: 'shiqiao', contactName: '赵书记', contactPhone: '13800001111' },
    });
    expect(ok.status).toBe(201);
    const other = await t.api('POST', '/public/counties/cty-demo/applications', {
      body: { name: '冒名镇', code: 'maoming', contactName: '钱某', contactPhone: '13800002222' },
    });

    const apps = await t.api('GET', '/county/applications', { token: county });
    const mine = apps.json.items.find(
      (a: { applicationId: string }) => a.applicationId === ok.json.applicationId,
    );
    expect(mine).toMatchObject({ status: 'pending', contactPhoneMasked: '138****1111' });
    expect(apps.raw).not.toContain('13800001111');

    const approved = await t.api('POST', `/county/applications/${ok.json.applicationId}/approve`, {
      token: county,
      body: { adminUsername: 'shiqiao.admin' },
    });
    expect(approved.status).toBe(200);
    expect(approved.json.township.townshipId).toBe('twp-shiqiao');
    await t.token('shiqiao.admin', approved.json.admin.temporaryPassword);
    const again = await t.api('POST', `/county/applications/${ok.json.applicationId}/approve`, {
      token: county,
      body: { adminUsername: 'shiqiao.admin2' },
    });
    expect(again.status).toBe(409);

    const rejected = await t.api('POST', `/county/applications/${other.json.applicationId}/reject`, {
      token: county,
      body: { reason: '不属于本县' },
    });
    expect(rejected.json.application).toMatchObject({ status: 'rejected', reason: '不属于本县' });
  });
});

describe('suspension', () => {
  it("stops a suspended township's sign-ins, its existing tokens and its form links, and restores them", async () => {
    const admin = await t.token('baishui.admin');
    const link = demoLinks(TEST_SECRET).find((l) => l.township === '白水镇')!;
    const rate = { ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' } };

    expect(
      (await t.api('POST', '/county/townships/twp-baishui/suspend', { token: county })).json.status,
    ).toBe('suspended');

    const signIn = await t.api('POST', '/dev/token', {
      body: { username: 'baishui.admin', password: 'zuofeng' },
    });
    expect(signIn.status).toBe(403);
    expect(signIn.json.code).toBe('suspended');
    expect((await t.api('GET', '/units', { token: admin })).status).toBe(403);
    // The form cannot even fetch its challenge, and a submission with any payload is refused.
    const challenge = await t.api('GET', `/public/forms/${link.token}/challenge`);
    expect(challenge.status).toBe(410);
    expect(challenge.json.detail).toMatch(/暂停/);
    const form = await t.api('POST', `/public/forms/${link.token}/feedback`, {
      body: { ...rate, altcha: 'eyJ9' },
    });
    expect(form.status).toBe(410);
    expect(form.json.detail).toMatch(/暂停/);
    // Other townships are untouched.
    expect((await t.api('GET', '/units', { token: await t.token('qingshan.admin') })).status).toBe(200);

    county = await t.token('county.admin');
    expect(
      (await t.api('POST', '/county/townships/twp-baishui/activate', { token: county })).json.status,
    ).toBe('active');
    expect((await submitAsResident(t, link.token, rate)).status).toBe(201);
    await t.token('baishui.admin');
  });

  it("refuses another county's or an unknown township with 404", async () => {
    expect((await t.api('POST', '/county/townships/twp-nowhere/suspend', { token: county })).status).toBe(
      404,
    );
    expect(
      (
        await t.api('POST', '/county/townships/twp-qingshan/suspend', {
          token: await t.token('qingshan.admin'),
        })
      ).status,
    ).toBe(403);
  });
});

describe('org structure, accounts and settings', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await t.token('qingshan.admin');
  });

  it('adds a unit with its responsible leader, a person in it, and an account that can sign in and be disabled', async () => {
    const people = await t.api('GET', '/people?limit=200', { token: admin });
    const leader = people.json.items.find((p: { postType: string }) => p.postType === 'leadership_member');
    const unit = await t.api('POST', '/units', {
      token: admin,
      body: { name: '社会事务办', unitType: 'office', responsibleLeaderId: leader.personId },
    });
    expect(unit.status).toBe(201);
    const person = await t.api('POST', '/people', {
      token: admin,
      body: { name: '周小梅', postType: 'office_cadre', unitId: unit.json.unitId, phone: '13912345678' },
    });
    expect(person.status).toBe(201);
    expect(person.json.phoneMasked).toBe('139****5678');
    expect(person.raw).not.toContain('13912345678');

    const inUnit = await t.api('GET', `/people?unitId=${unit.json.unitId}`, { token: admin });
    expect(inUnit.json.items.map((p: { name: string }) => p.name)).toEqual(['周小梅']);

    const invited = await t.api('POST', '/accounts', {
      token: admin,
      body: { username: 'qingshan.zhouxm', personId: person.json.personId, roles: ['cadre'] },
    });
    expect(invited.status).toBe(201);
    const cadre = await t.token('qingshan.zhouxm', invited.json.temporaryPassword);
    expect((await t.api('GET', '/me', { token: cadre })).json.roles).toEqual(['cadre']);
    expect(
      (await t.api('POST', '/units', { token: cadre, body: { name: 'x', unitType: 'office' } })).status,
    ).toBe(403);
    const twice = await t.api('POST', '/accounts', {
      token: admin,
      body: { username: 'qingshan.zhouxm2', personId: person.json.personId, roles: ['cadre'] },
    });
    expect(twice.status).toBe(409);

    expect(
      (await t.api('POST', `/accounts/${invited.json.accountId}/disable`, { token: admin })).json.status,
    ).toBe('disabled');
    const refused = await t.api('POST', '/dev/token', {
      body: { username: 'qingshan.zhouxm', password: invited.json.temporaryPassword },
    });
    expect(refused.json.code).toBe('disabled');
    expect(
      (await t.api('POST', `/accounts/${invited.json.accountId}/enable`, { token: admin })).json.status,
    ).toBe('active');
    await t.token('qingshan.zhouxm', invited.json.temporaryPassword);
  });

  it('refuses a stale update with 409 and loses nothing', async () => {
    const s = (await t.api('GET', '/settings', { token: admin })).json;
    const first = await t.api('PUT', '/settings', { token: admin, body: { ...s, campaignYear: 2027 } });
    expect(first.status).toBe(200);
    const stale = await t.api('PUT', '/settings', { token: admin, body: { ...s, campaignYear: 2028 } });
    expect(stale.status).toBe(409);
    expect((await t.api('GET', '/settings', { token: admin })).json.campaignYear).toBe(2027);
    // The township's own calendar changes, on top of the national holidays and 调休.
    const current = (await t.api('GET', '/settings', { token: admin })).json;
    const overrides = [{ date: '2026-07-15', working: false, note: '防汛调休' }];
    const saved = await t.api('PUT', '/settings', {
      token: admin,
      body: { ...current, calendarOverrides: overrides },
    });
    expect(saved.json.calendarOverrides).toEqual(overrides);
    const badDay = await t.api('PUT', '/settings', {
      token: admin,
      body: { ...saved.json, calendarOverrides: [{ date: '2026/07/15', working: false }] },
    });
    expect(badDay.status).toBe(400);
    expect(badDay.json.errors[0].field).toBe('body.calendarOverrides.0.date');
    // A day that does not exist, and one day ruled twice, are named in Chinese; nothing changes.
    const refused = await t.api('PUT', '/settings', {
      token: admin,
      headers: { 'accept-language': 'zh-CN' },
      body: {
        ...saved.json,
        calendarOverrides: [
          { date: '2027-02-30', working: false },
          { date: '2027-01-04', working: true },
          { date: '2027-01-04', working: false },
        ],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: 'body.calendarOverrides.0.date', reason: '没有这一天' },
      { field: 'body.calendarOverrides.2.date', reason: '与第 2 项调整是同一天' },
    ]);
    expect((await t.api('GET', '/settings', { token: admin })).json.calendarOverrides).toEqual(overrides);
  });

  it('reports every bad roster row with its number and reason, imports nothing, then imports a good sheet', async () => {
    const before = (await t.api('GET', '/people?limit=200', { token: admin })).json.items.length;
    const bad = await xlsx([
      ['姓名', '岗位类型', '单位', '职务', '手机号'],
      ['张三', '村组干部', '东村', '村委委员', '13800000001'],
      ['', '村组干部', '东村', '', ''],
      ['李四', '村长', '东村', '', ''],
      ['王五', '机关干部', '不存在的办', '', '12345'],
    ]);
    const res = await t.api('POST', '/people/import', {
      token: admin,
      body: { format: 'xlsx', content: bad },
    });
    expect(res.status).toBe(400);
    const fields = res.json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(['row 3 · 姓名', 'row 4 · 岗位类型', 'row 5 · 单位', 'row 5 · 手机号']);
    expect((await t.api('GET', '/people?limit=200', { token: admin })).json.items.length).toBe(before);

    const csv = Buffer.from(
      '\uFEFF姓名,岗位类型,单位,职务,手机号\n陈一,村组干部,东村,会计,\n陈二,村党支部书记,西村,书记,13700000002\n',
    ).toString('base64');
    const dry = await t.api('POST', '/people/import', {
      token: admin,
      body: { format: 'csv', content: csv, dryRun: true },
    });
    expect(dry.json).toEqual({ imported: 0, dryRun: true, rows: 2 });
    const done = await t.api('POST', '/people/import', {
      token: admin,
      body: { format: 'csv', content: csv },
    });
    expect(done.json).toEqual({ imported: 2, dryRun: false, rows: 2 });
    expect((await t.api('GET', '/people?limit=200', { token: admin })).json.items.length).toBe(before + 2);
  });
});

describe('audit log', () => {
  it('records every mutation in a hash chain that verifies, and detects a tampered entry', async () => {
    const admin = await t.token('qingshan.admin');
    const log = await t.api('GET', '/audit?limit=200', { token: admin });
    const actions = log.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'unit.create',
        'person.create',
        'account.invite',
        'account.disable',
        'settings.update',
        'person.import',
      ]),
    );
    expect((await t.api('GET', '/audit/verify', { token: admin })).json).toMatchObject({ valid: true });

    // Tamper: rewrite what one entry says it did, directly in the table.
    const victim = log.json.items.find((e: { action: string }) => e.action === 'unit.create');
    const doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()));
    await doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: auditKeys.entry('twp-qingshan', victim.seq),
        UpdateExpression: 'SET #a = :a',
        ExpressionAttributeNames: { '#a': 'action' },
        ExpressionAttributeValues: { ':a': 'unit.read' },
      }),
    );
    const verdict = (await t.api('GET', '/audit/verify', { token: admin })).json;
    expect(verdict).toMatchObject({ valid: false, brokenAt: victim.seq, code: 'changed' });
    // Other tenants' chains are their own, and still hold.
    const other = await t.api('GET', '/audit/verify', { token: await t.token('baishui.admin') });
    expect(other.json.valid).toBe(true);
    expect((await t.api('GET', '/audit', { token: await t.token('qingshan.cadre') })).status).toBe(403);
  });
});

describe('people keep what the console cannot see', () => {
  it('keeps a stored phone number when an update omits it, and clears it only on null', async () => {
    const admin = await t.token('qingshan.admin');
    const unitId = (await t.api('GET', '/units', { token: admin })).json.items[0].unitId;
    const p = (
      await t.api('POST', '/people', {
        token: admin,
        body: { name: '吴电话', postType: 'village_cadre', unitId, phone: '13600001234' },
      })
    ).json;
    const kept = await t.api('PUT', `/people/${p.personId}`, {
      token: admin,
      body: { name: '吴电话', postType: 'village_cadre', unitId, title: '会计', version: p.version },
    });
    expect(kept.json).toMatchObject({ phoneMasked: '136****1234', title: '会计' });
    const cleared = await t.api('PUT', `/people/${p.personId}`, {
      token: admin,
      body: { name: '吴电话', postType: 'village_cadre', unitId, phone: null, version: kept.json.version },
    });
    expect(cleared.json.phoneMasked).toBeUndefined();
  });
});
