import { commit } from '@zuofeng/ddb';
import { feedbackRerated } from '@zuofeng/events';
import { startTestRuntime, until } from '../support/runtime';

/**
 * The rectification ledger over HTTP: raise → accept (立项) → measures → rectifying → progress with
 * evidence → submit (申请销号) → sent back (退回) with a reason → resubmit → sign-off (销号), with the
 * timeline, optimistic concurrency and the roles the state machine admits.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t?.stop());

it('walks a self-examination problem from 自己查 to 销号, and keeps every step on its timeline', async () => {
  const cadre = await t.token('qingshan.cadre');
  const admin = await t.token('qingshan.admin');
  const inspection = await t.token('qingshan.inspection');

  const raised = await t.api('POST', '/problems', {
    token: cadre,
    body: {
      source: 'self',
      aspectId: 'conduct',
      description: '群众来办事时解释政策不耐心，存在“门难进、脸难看”的情况。',
      causes: ['服务意识不强', '政策不熟'],
      directions: ['学习政策汇编', '每月接受群众评议'],
    },
  });
  expect(raised.status).toBe(201);
  expect(raised.json).toMatchObject({
    source: 'self',
    state: 'reported',
    personId: 'p-qingshan-cadre',
    version: 1,
  });
  const id = raised.json.problemId as string;
  const v = async () =>
    (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem.version as number;
  const move = (token: string, action: string, extra: Record<string, unknown> = {}) =>
    v().then((version) =>
      t.api('POST', `/problems/${id}/transitions`, { token, body: { action, version, ...extra } }),
    );

  // A cadre cannot 立项 their own problem; the campaign office does.
  expect((await move(cadre, 'accept')).status).toBe(403);
  expect((await move(admin, 'accept')).json.state).toBe('accepted');
  // No measure yet: it cannot start.
  expect((await move(cadre, 'start')).status).toBe(409);
  const measure = await t.api('POST', `/problems/${id}/measures`, {
    token: cadre,
    body: {
      text: '每周参加一次政策学习',
      ownerId: 'p-qingshan-cadre',
      dueOn: '2026-12-31',
      version: await v(),
    },
  });
  expect(measure.status).toBe(201);
  expect((await move(cadre, 'start')).json.state).toBe('rectifying');
  // No evidence yet: it cannot be submitted for sign-off.
  expect((await move(cadre, 'submit')).status).toBe(409);
  // Evidence goes straight to the store through a short-lived URL, then the update references it.
  const file = Buffer.from('%PDF-1.4 签到表');
  const upload = await t.api('POST', '/evidence/uploads', {
    token: cadre,
    body: { name: '签到表.pdf', contentType: 'application/pdf', size: file.length },
  });
  expect(upload.status).toBe(201);
  expect(upload.json.key).toMatch(/^evidence\/twp-qingshan\/[0-9A-Z]{26}\/签到表\.pdf$/);
  const put = await fetch(new URL(upload.json.url, t.rt.url), {
    method: 'PUT',
    headers: upload.json.headers,
    body: file,
  });
  expect(put.status).toBe(200);
  const tooBig = await t.api('POST', '/evidence/uploads', {
    token: cadre,
    body: { name: 'big.pdf', contentType: 'application/pdf', size: 11 * 1024 * 1024 },
  });
  expect(tooBig.status).toBe(400);
  const exe = await t.api('POST', '/evidence/uploads', {
    token: cadre,
    body: { name: 'a.exe', contentType: 'application/x-msdownload', size: 10 },
  });
  expect(exe.status).toBe(400);
  const progress = await t.api('POST', `/problems/${id}/measures/${measure.json.measureId}/updates`, {
    token: cadre,
    body: {
      text: '已参加三次学习，附签到表。',
      evidence: [
        { key: upload.json.key, name: '签到表.pdf', contentType: 'application/pdf', size: file.length },
      ],
      done: true,
      version: await v(),
    },
  });
  expect(progress.status).toBe(201);
  const foreignKey = await t.api('POST', `/problems/${id}/measures/${measure.json.measureId}/updates`, {
    token: cadre,
    body: {
      text: '别人的文件',
      evidence: [
        { key: 'evidence/twp-baishui/x/a.pdf', name: 'a.pdf', contentType: 'application/pdf', size: 10 },
      ],
      version: await v(),
    },
  });
  expect(foreignKey.status).toBe(400);
  expect((await move(cadre, 'submit')).json.state).toBe('submitted');

  // Only the inspection office or the responsible leader signs off or sends back; a reason is required.
  expect((await move(cadre, 'signOff')).status).toBe(403);
  expect((await move(inspection, 'reject')).status).toBe(409);
  expect((await move(inspection, 'reject', { reason: '签到表缺少日期，请补充。' })).json.state).toBe(
    'rejected',
  );
  expect((await move(cadre, 'resume')).json.state).toBe('rectifying');
  expect((await move(cadre, 'submit')).json.state).toBe('submitted');
  expect((await move(inspection, 'signOff')).json.state).toBe('closed');

  const ledger = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json;
  expect(ledger.timeline.map((e: { action: string }) => e.action)).toEqual([
    'report',
    'accept',
    'measure.add',
    'start',
    'progress',
    'submit',
    'reject',
    'resume',
    'submit',
    'signOff',
  ]);
  expect(ledger.timeline.find((e: { action: string }) => e.action === 'reject').reason).toBe(
    '签到表缺少日期，请补充。',
  );
  expect(ledger.updates[0].evidence[0].name).toBe('签到表.pdf');
  const read = await t.api('GET', `/evidence?key=${encodeURIComponent(ledger.updates[0].evidence[0].key)}`, {
    token: admin,
  });
  expect(Buffer.from(await (await fetch(new URL(read.json.url, t.rt.url))).arrayBuffer()).equals(file)).toBe(
    true,
  );
  const other = await t.api('GET', `/evidence?key=${encodeURIComponent(ledger.updates[0].evidence[0].key)}`, {
    token: await t.token('baishui.admin'),
  });
  expect(other.status).toBe(400);
  expect(ledger.measures[0].status).toBe('done');
});

it('answers a stale write with 409 and loses nothing', async () => {
  const admin = await t.token('qingshan.admin');
  const raised = await t.api('POST', '/problems', {
    token: await t.token('qingshan.cadre'),
    body: { source: 'self', aspectId: 'methods', description: '工作方法简单，遇事推诿。' },
  });
  const id = raised.json.problemId;
  expect(
    (
      await t.api('POST', `/problems/${id}/transitions`, {
        token: admin,
        body: { action: 'accept', version: 1 },
      })
    ).status,
  ).toBe(200);
  const stale = await t.api('POST', `/problems/${id}/measures`, {
    token: admin,
    body: { text: '整改', ownerId: 'p-qingshan-cadre', dueOn: '2026-12-31', version: 1 },
  });
  expect(stale.status).toBe(409);
  const ledger = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json;
  expect(ledger.problem).toMatchObject({ state: 'accepted', version: 2, measureCount: 0 });
});

it('enforces who may raise which source', async () => {
  const cadre = await t.token('qingshan.cadre');
  const inspection = await t.token('qingshan.inspection');
  const body = { aspectId: 'stance', description: '学习不深入，停留在表面。', unitId: 'u-dongcun' };
  expect(
    (await t.api('POST', '/problems', { token: cadre, body: { ...body, source: 'inspection' } })).status,
  ).toBe(403);
  expect(
    (await t.api('POST', '/problems', { token: cadre, body: { ...body, source: 'superior' } })).status,
  ).toBe(403);
  expect(
    (await t.api('POST', '/problems', { token: inspection, body: { ...body, source: 'inspection' } })).status,
  ).toBe(201);
  const peerSelf = await t.api('POST', '/problems', {
    token: cadre,
    body: { ...body, source: 'peer', personId: 'p-qingshan-cadre', unitId: undefined },
  });
  expect(peerSelf.status).toBe(400);
  const wrongAspect = await t.api('POST', '/problems', {
    token: inspection,
    body: { ...body, source: 'inspection', aspectId: 'nope' },
  });
  expect(wrongAspect.json.errors[0].field).toBe('body.aspectId');
});

it('keeps a problem from the public open until the resident has re-rated it or the window has passed', async () => {
  const admin = await t.token('qingshan.admin');
  const inspection = await t.token('qingshan.inspection');
  const pub = await until('a public problem from the seed', async () => {
    const items = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items as {
      source: string;
      problemId: string;
    }[];
    return items.find((p) => p.source === 'public');
  });
  const id = pub.problemId;
  const v = async () =>
    (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem.version as number;
  const move = async (token: string, action: string) =>
    t.api('POST', `/problems/${id}/transitions`, { token, body: { action, version: await v() } });
  await move(admin, 'accept');
  const m = await t.api('POST', `/problems/${id}/measures`, {
    token: admin,
    body: { text: '更换路灯', ownerId: 'p-qingshan-cadre', dueOn: '2026-12-31', version: await v() },
  });
  await move(admin, 'start');
  await t.api('POST', `/problems/${id}/measures/${m.json.measureId}/updates`, {
    token: admin,
    body: {
      text: '已更换',
      evidence: [
        {
          key: 'evidence/twp-qingshan/k/photo.jpg',
          name: 'photo.jpg',
          contentType: 'image/jpeg',
          size: 2000,
        },
      ],
      version: await v(),
    },
  });
  expect((await move(admin, 'submit')).json.state).toBe('submitted');
  const early = await move(inspection, 'signOff');
  expect(early.status).toBe(409);
  expect(early.json.detail).toMatch(/re-rating|window/);

  // The resident re-rates 不满意 (by event from the feedback service): back for rework (重办).
  const { problem } = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json;
  const rerate = (rating: string) =>
    commit(
      t.doc,
      t.tableName,
      [],
      [
        feedbackRerated.create(
          {
            tenantId: 'twp-qingshan',
            actor: { type: 'public', id: 'receipt:test' },
            correlationId: `rerate-${rating}`,
          },
          { feedbackId: problem.feedbackId, problemId: id, rating: rating as 'satisfied' },
        ),
      ],
    );
  await rerate('dissatisfied');
  await until('the rework', async () => {
    const p = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem;
    return p.state === 'rejected' ? p : undefined;
  });
  expect((await move(admin, 'resume')).json.state).toBe('rectifying');
  expect((await move(admin, 'submit')).json.state).toBe('submitted');
  // The old 不满意 does not block the new round; a satisfied re-rating lets the inspection office close it.
  await rerate('satisfied');
  await until('the satisfied re-rating', async () => {
    const p = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem;
    return p.rerating === 'satisfied' ? p : undefined;
  });
  expect((await move(inspection, 'signOff')).json.state).toBe('closed');
  const timeline = (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.timeline.map(
    (e: { action: string }) => e.action,
  );
  expect(timeline).toEqual(expect.arrayContaining(['rerate.rework', 'rerate.satisfied', 'signOff']));
});
