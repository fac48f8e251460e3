import { startTestRuntime } from '../support/runtime';

/**
 * Domain errors on staff routes speak the console's language: with `Accept-Language: zh-CN` (the console's
 * default) the problem's detail and every reason are Chinese, in English otherwise; field names, statuses and
 * codes are the same in both.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t?.stop());

const CJK = /[\u4e00-\u9fff]/;
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9' };
const EN = { 'accept-language': 'en' };

/** A self-examination problem of the cadre's, accepted, with one measure, rectifying: no evidence yet. */
async function rectifyingProblem() {
  const cadre = await t.token('qingshan.cadre');
  const admin = await t.token('qingshan.admin');
  const raised = await t.api('POST', '/problems', {
    token: cadre,
    body: { source: 'self', aspectId: 'conduct', description: '接待群众不够耐心，解释政策简单生硬。' },
  });
  expect(raised.status).toBe(201);
  const id = raised.json.problemId as string;
  const version = async () =>
    (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem.version as number;
  const accept = await t.api('POST', `/problems/${id}/transitions`, {
    token: admin,
    body: { action: 'accept', version: await version() },
  });
  expect(accept.status).toBe(200);
  const measure = await t.api('POST', `/problems/${id}/measures`, {
    token: cadre,
    body: {
      text: '每周学习一次政策汇编',
      ownerId: 'p-qingshan-cadre',
      dueOn: '2030-12-31',
      version: await version(),
    },
  });
  expect(measure.status).toBe(201);
  const start = await t.api('POST', `/problems/${id}/transitions`, {
    token: cadre,
    body: { action: 'start', version: await version() },
  });
  expect(start.json.state).toBe('rectifying');
  return { id, cadre, admin, version };
}

it('refuses a sign-off application without evidence (409) in Chinese to the console, in English otherwise', async () => {
  const { id, cadre, version } = await rectifyingProblem();
  const submit = async (headers: Record<string, string>) =>
    t.api('POST', `/problems/${id}/transitions`, {
      token: cadre,
      body: { action: 'submit', version: await version() },
      headers,
    });

  const zh = await submit(ZH);
  const en = await submit(EN);

  expect(zh.status).toBe(409);
  expect(zh.json.type).toBe('https://zuofeng.dev/problems/conflict');
  expect(zh.json.detail).toMatch(CJK);
  expect(zh.json.detail).toMatch(/申请销号需要佐证材料/);
  expect(zh.json.errors).toEqual([{ field: 'body.action', reason: zh.json.detail }]);
  expect(en.status).toBe(409);
  expect(en.json.type).toBe('https://zuofeng.dev/problems/conflict');
  expect(en.json.detail).toBe('sign-off needs evidence: add a progress update with a photo or document');
  expect(en.json.errors).toEqual([{ field: 'body.action', reason: en.json.detail }]);
});

it('answers a stale version (409) in Chinese to the console, naming the same field', async () => {
  const { id, admin, version } = await rectifyingProblem();
  const stale = (headers: Record<string, string>) =>
    version().then((v) =>
      t.api('POST', `/problems/${id}/measures`, {
        token: admin,
        body: { text: '补充一条措施', ownerId: 'p-qingshan-cadre', dueOn: '2030-12-31', version: v - 1 },
        headers,
      }),
    );

  const zh = await stale(ZH);
  const en = await stale(EN);

  expect(zh.status).toBe(409);
  expect(zh.json.detail).toMatch(/该问题刚被他人更新/);
  expect(zh.json.errors).toEqual([{ field: 'body.version', reason: expect.stringMatching(/已被他人修改/) }]);
  expect(en.status).toBe(409);
  expect(en.json.detail).toBe('stale version');
  expect(en.json.errors).toEqual([{ field: 'body.version', reason: 'stale version' }]);
});

it('explains a role refusal (403) and a schema’s own message (400) in Chinese to the console', async () => {
  const cadre = await t.token('qingshan.cadre');
  const raised = await t.api('POST', '/problems', {
    token: cadre,
    body: { source: 'self', aspectId: 'stance', description: '学习停留在表面，没有结合实际。' },
  });
  const accept = (headers: Record<string, string>) =>
    t.api('POST', `/problems/${raised.json.problemId}/transitions`, {
      token: cadre,
      body: { action: 'accept', version: 1 },
      headers,
    });
  const tooShort = (headers: Record<string, string>) =>
    t.api('POST', '/problems', {
      token: cadre,
      body: { source: 'self', aspectId: 'stance', description: '短' },
      headers,
    });

  const refusedZh = await accept(ZH);
  const refusedEn = await accept(EN);
  const shortZh = await tooShort(ZH);
  const shortEn = await tooShort(EN);

  expect(refusedZh.status).toBe(403);
  expect(refusedZh.json.detail).toMatch(/只有镇活动办、督查办、纪委办或负责领导可以立项/);
  expect(refusedEn.json.detail).toBe('only the campaign offices or the responsible leader accept (立项)');
  expect(shortZh.status).toBe(400);
  expect(shortZh.json.errors).toEqual([{ field: 'body.description', reason: '请描述问题（至少 4 个字）' }]);
  expect(shortEn.json.errors).toEqual([{ field: 'body.description', reason: 'describe the problem' }]);
});

it('reports every bad roster row in Chinese to the console and in English otherwise, with the same fields', async () => {
  const admin = await t.token('qingshan.admin');
  const csv = Buffer.from(
    '\uFEFF姓名,岗位类型,单位,职务,手机号\n张三,村长,东村,,\n李四,村组干部,不存在的办,,12345\n',
  ).toString('base64');
  const importSheet = (headers: Record<string, string>) =>
    t.api('POST', '/people/import', {
      token: admin,
      body: { format: 'csv', content: csv, dryRun: true },
      headers,
    });

  const zh = await importSheet(ZH);
  const en = await importSheet(EN);

  const fields = ['row 2 · 岗位类型', 'row 3 · 单位', 'row 3 · 手机号'];
  expect(zh.status).toBe(400);
  expect(zh.json.detail).toMatch(/文件中有 3 处错误/);
  expect(zh.json.errors.map((e: { field: string }) => e.field)).toEqual(fields);
  expect(zh.json.errors.every((e: { reason: string }) => CJK.test(e.reason))).toBe(true);
  expect(zh.json.errors[1].reason).toMatch(/本镇没有“不存在的办”这个单位/);
  expect(en.status).toBe(400);
  expect(en.json.detail).toBe('3 problem(s) in the sheet; nothing was imported');
  expect(en.json.errors.map((e: { field: string }) => e.field)).toEqual(fields);
  expect(en.json.errors.map((e: { reason: string }) => e.reason)).toEqual([
    expect.stringMatching(/is not a post type/),
    expect.stringMatching(/^this township has no unit “不存在的办”/),
    'must be an 11-digit mobile number',
  ]);
});
