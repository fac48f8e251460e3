import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { commit } from '@zuofeng/ddb';
import type { RouteDef } from '@zuofeng/http';
import { sealerFromEnv } from '@zuofeng/sealing';
import { DEMO_USERS } from '../../packages/local/src';
import { sealContact } from '../../services/feedback/src/app/contact';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { CAMPAIGN_LINE } from '../../services/feedback/src/domain/poster';
import { pdfText } from '../../services/feedback/test/pdf-inspect';
import { allRoutes, allSubscriptions } from '../../services/registry';
import { submitAsResident } from '../support/feedback';
import { startTestRuntime, until } from '../support/runtime';

/**
 * Form links, receipts, re-rating (回访), call-back numbers and satisfaction figures, over HTTP against the
 * local runtime: the township office creates a link and prints its poster, residents submit and track their
 * case, the resident's 不满意 sends the problem back for rework through intake, and a phone number never
 * leaves the system unmasked except to the call-back role, each time on the record.
 */
const T = 'twp-qingshan';
const PHONE = '13987654321';
const CJK = /[\u4e00-\u9fff]/;
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
});
afterAll(() => t?.stop());

/** A raw answer with its headers (SVG, HTML). */
async function fetchRaw(path: string, token: string) {
  const res = await fetch(`${t.rt.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function newLink(body: Record<string, unknown> = { unitId: 'u-dongcun' }) {
  const res = await t.api('POST', '/form-links', { token: admin, body });
  expect(res.status).toBe(201);
  return res.json as { linkId: string; token: string; path: string; url: string; shortUrl: string };
}

/** A resident submits through the form and gets a receipt; returns its code and the feedback's id. */
async function residentSubmits(token: string, complaint?: string) {
  const res = await submitAsResident(t, token, { ratings, ...(complaint ? { complaint } : {}) });
  expect(res.status).toBe(201);
  const code = res.json.receiptCode as string;
  const receipt = (
    await t.doc.send(new GetCommand({ TableName: t.tableName, Key: feedbackKeys.receipt(T, code) }))
  ).Item!;
  return { code, feedbackId: receipt.feedbackId as string };
}

const problemOf = (description: string) =>
  until('the public problem in intake', async () => {
    const items = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items as {
      problemId: string;
      description: string;
    }[];
    return items.find((p) => p.description === description);
  });

const receipt = (token: string, code: string) => t.api('GET', `/public/forms/${token}/receipts/${code}`);

describe('form links', () => {
  it('creates a link that appears in the list, renders its QR code and A4 poster (HTML and PDF), and answers 410 once revoked', async () => {
    // Act: a link of a unit and one of the whole township
    const link = await newLink({ unitId: 'u-dongcun', label: '村委会公告栏' });
    const township = await newLink({});
    const list = await t.api('GET', '/form-links', { token: admin });

    // Assess: the list
    expect(link.path).toBe(`/f/${link.token}`);
    expect(link.url).toBe(`${t.rt.url}/f/${link.token}`);
    const listed = list.json.items.find((l: { linkId: string }) => l.linkId === link.linkId);
    expect(listed).toMatchObject({
      scope: 'unit',
      unitId: 'u-dongcun',
      unitName: '东村',
      label: '村委会公告栏',
      state: 'active',
      path: `/f/${link.token}`,
      submissions: 0,
    });
    expect(list.json.items.find((l: { linkId: string }) => l.linkId === township.linkId)).toMatchObject({
      scope: 'township',
    });

    // Assess: the QR code and the poster
    const qr = await fetchRaw(`/form-links/${link.linkId}/qr.svg`, admin);
    expect(qr.status).toBe(200);
    expect(qr.type).toMatch(/^image\/svg\+xml/);
    expect(qr.body).toMatch(/<svg[^>]*viewBox/);
    const poster = await fetchRaw(`/form-links/${link.linkId}/poster`, admin);
    expect(poster.status).toBe(200);
    expect(poster.type).toMatch(/^text\/html/);
    for (const s of ['青山镇', '东村', CAMPAIGN_LINE, '村委会公告栏', link.url, '<svg', 'size: A4'])
      expect(poster.body).toContain(s);
    const whole = await fetchRaw(`/form-links/${township.linkId}/poster`, admin);
    expect(whole.body).toContain('<p class="place">青山镇</p>');

    // Assess: the PDF poster, a download under its Chinese name, with the same words as text
    const pdf = await fetch(`${t.rt.url}/form-links/${link.linkId}/poster.pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="form-link-${link.linkId}-poster.pdf"; filename*=UTF-8''${encodeURIComponent('青山镇-东村-村委会公告栏-群众评价海报.pdf')}`,
    );
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(bytes);
    // The URL line is the short URL to type (the QR code keeps the full one: short-links.test.ts).
    for (const s of ['青山镇', '东村', CAMPAIGN_LINE, '村委会公告栏', link.shortUrl])
      expect(text).toContain(s);
    // A character the poster font lacks is refused by name, never printed as a blank box: in a new label as it
    // is typed (400, nothing stored), and in a name stored before (409 when printed)
    const linksBefore = (await t.api('GET', '/form-links', { token: admin })).json.items.length;
    const typed = await t.api('POST', '/form-links', {
      token: admin,
      body: { unitId: 'u-dongcun', label: '公告栏📌' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(typed.status).toBe(400);
    expect(typed.json.errors).toEqual([
      { field: 'body.label', reason: '海报无法打印以下字符，请删除或更换：📌' },
    ]);
    expect((await t.api('GET', '/form-links', { token: admin })).json.items).toHaveLength(linksBefore);
    const emoji = await newLink({ unitId: 'u-dongcun', label: '公告栏' });
    await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: feedbackKeys.link(T, emoji.linkId),
        UpdateExpression: 'SET label = :label',
        ExpressionAttributeValues: { ':label': '公告栏📌' },
      }),
    );
    const refused = await t.api('GET', `/form-links/${emoji.linkId}/poster.pdf`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.json.errors).toEqual([{ field: 'label', reason: 'no glyph in the poster font: 📌' }]);

    // Assess: the form is open, and a resident's submission is counted on the link
    expect((await t.api('GET', `/public/forms/${link.token}`)).json).toMatchObject({
      township: '青山镇',
      unit: '东村',
    });
    await residentSubmits(link.token);
    await until('the submission count', async () => {
      const items = (await t.api('GET', '/form-links', { token: admin })).json.items;
      return items.find(
        (l: { linkId: string; submissions: number }) => l.linkId === link.linkId && l.submissions === 1,
      );
    });

    // Act: revoke
    const revoked = await t.api('POST', `/form-links/${link.linkId}/revoke`, { token: admin });

    // Assess
    expect(revoked.json).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
    const form = await t.api('GET', `/public/forms/${link.token}`);
    expect(form.status).toBe(410);
    expect(form.json.detail).toMatch(CJK);
    const late = await t.api('GET', `/public/forms/${link.token}/challenge`);
    expect(late.status).toBe(410);
  });

  it('is for the township office only', async () => {
    for (const who of ['qingshan.inspection', 'qingshan.discipline', 'qingshan.leader', 'qingshan.cadre']) {
      const token = await t.token(who);
      expect((await t.api('POST', '/form-links', { token, body: {} })).status).toBe(403);
      expect((await t.api('GET', '/form-links', { token })).status).toBe(403);
    }
  });
});

describe('receipts and re-rating', () => {
  let link: { linkId: string; token: string };
  let code: string;
  let feedbackId: string;
  let problemId: string;
  const complaint = `村口的垃圾桶三周没人清运。${Date.now()}`;
  const internal = '内部：环卫站人手不足，协调临时工';

  beforeAll(async () => {
    link = await newLink();
    ({ code, feedbackId } = await residentSubmits(link.token, complaint));
    problemId = (await problemOf(complaint)).problemId;
  });

  const ledger = async () => (await t.api('GET', `/problems/${problemId}/ledger`, { token: admin })).json;
  const move = async (action: string) =>
    t.api('POST', `/problems/${problemId}/transitions`, {
      token: admin,
      body: { action, version: (await ledger()).problem.version },
    });

  it("shows the case's state and the public reply only: no complaint, no internal field, no note", async () => {
    // Prepare: intake works on it with internal notes; the office writes a public reply.
    await until('the case registered', async () => {
      const r = await receipt(link.token, code);
      return r.json?.state?.code === 'registered' ? r : undefined;
    });
    expect((await move('accept')).status).toBe(200);
    const m = await t.api('POST', `/problems/${problemId}/measures`, {
      token: admin,
      body: {
        text: internal,
        ownerId: 'p-qingshan-cadre',
        dueOn: '2026-12-31',
        version: (await ledger()).problem.version,
      },
    });
    expect(m.status).toBe(201);
    const reply = await t.api('PUT', `/feedback/${feedbackId}/reply`, {
      token: admin,
      body: { text: '已安排环卫站本周内清运，并增加清运频次。' },
    });
    expect(reply.status).toBe(200);
    // Staff see it on the feedback's row, with its time.
    const listed = await t.api('GET', '/feedback?limit=100', { token: admin });
    expect(listed.json.items.find((i: { feedbackId: string }) => i.feedbackId === feedbackId)).toMatchObject({
      reply: { text: '已安排环卫站本周内清运，并增加清运频次。', repliedAt: reply.json.repliedAt },
    });

    // Act: the resident types the code as people do
    const r = await until('the case accepted', async () => {
      const a = await receipt(link.token, code.toLowerCase().replace(/-/g, ' '));
      return a.json?.state?.code === 'accepted' ? a : undefined;
    });

    // Assess
    expect(Object.keys(r.json).sort()).toEqual(['receiptCode', 'reply', 'rerating', 'state', 'submittedAt']);
    expect(r.json).toMatchObject({
      receiptCode: code,
      state: { code: 'accepted', label: expect.stringMatching(CJK) },
      reply: { text: '已安排环卫站本周内清运，并增加清运频次。' },
      rerating: { open: false },
    });
    for (const secret of [complaint, internal, problemId, feedbackId, 'u-dongcun', 'p-qingshan', 'usr-'])
      expect(r.raw).not.toContain(secret);
    // Bad and unknown codes are refused in zh-CN.
    const bad = await receipt(link.token, 'ABC');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toEqual({ field: 'path.code', reason: expect.stringMatching(CJK) });
    expect((await receipt(link.token, '0000-0000-0000-0000')).status).toBe(404);
  });

  it('refuses re-rating until the problem is submitted, then 不满意 sends it back for rework', async () => {
    const rerate = (rating: string) =>
      t.api('POST', `/public/forms/${link.token}/receipts/${code}/rerating`, { body: { rating } });

    // Not yet submitted for sign-off: refused, in zh-CN.
    const early = await rerate('dissatisfied');
    expect(early.status).toBe(409);
    expect(early.json.detail).toMatch(CJK);

    // Rectify and submit for sign-off.
    const m = (await ledger()).measures[0];
    expect((await move('start')).status).toBe(200);
    const progress = await t.api('POST', `/problems/${problemId}/measures/${m.measureId}/updates`, {
      token: admin,
      body: {
        text: '已清运',
        evidence: [
          { key: `evidence/${T}/k/after.jpg`, name: 'after.jpg', contentType: 'image/jpeg', size: 2000 },
        ],
        version: (await ledger()).problem.version,
      },
    });
    expect(progress.status).toBe(201);
    expect((await move('submit')).json.state).toBe('submitted');
    await until('re-rating open', async () => {
      const r = await receipt(link.token, code);
      return r.json.rerating.open && r.json.state.code === 'awaiting_rerating' ? r : undefined;
    });

    // Act
    const res = await rerate('dissatisfied');

    // Assess: stored once, and intake sends the problem back (重办).
    expect(res.status).toBe(201);
    expect(res.json.message).toMatch(CJK);
    expect((await rerate('satisfied')).status).toBe(409);
    await until('the rework', async () => ((await ledger()).problem.state === 'rejected' ? true : undefined));
    const timeline = (await ledger()).timeline.map((e: { action: string }) => e.action);
    expect(timeline).toContain('rerate.rework');
    await until('the receipt to say rework', async () =>
      (await receipt(link.token, code)).json.state.code === 'rework' ? true : undefined,
    );
  });
});

describe('call-back numbers', () => {
  let feedbackId: string;
  let namingId: string;
  let walkLink: string;

  beforeAll(async () => {
    const link = await newLink();
    walkLink = (await newLink({ label: '遍历用' })).linkId;
    ({ feedbackId } = await residentSubmits(link.token, '希望回电告知低保办理进度。'));
    ({ feedbackId: namingId } = await residentSubmits(link.token, '反映镇活动办某干部态度差。'));
    // The number, sealed as the submission seals it (the form's phone field is wired by the submission).
    const sealer = sealerFromEnv();
    for (const id of [feedbackId, namingId])
      await commit(
        t.doc,
        t.tableName,
        await sealContact({ sealer, tableName: t.tableName, now: () => new Date() }, T, id, PHONE),
      );
    // The second complaint names the township admin's own person: treated like a report.
    await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: feedbackKeys.feedback(T, namingId),
        UpdateExpression: 'SET personId = :p',
        ExpressionAttributeValues: { ':p': 'p-qingshan-admin' },
      }),
    );
  });

  const auditCount = async () =>
    ((await t.api('GET', '/audit?limit=200', { token: admin })).json.items as { action: string }[]).filter(
      (e) => e.action === 'feedback.contact.open',
    ).length;

  it('is masked in the list, sealed whole when the feedback names a person, and opened only with a reason, audited', async () => {
    // Assess: the list
    const list = await t.api('GET', '/feedback?limit=100', { token: admin });
    expect(list.raw).not.toContain(PHONE);
    const rows = list.json.items as { feedbackId: string; contact?: unknown }[];
    expect(rows.find((r) => r.feedbackId === feedbackId)?.contact).toMatchObject({
      sealed: false,
      masked: '139****4321',
    });
    expect(rows.find((r) => r.feedbackId === namingId)?.contact).toEqual({
      sealed: true,
      expiresAt: expect.any(String),
    });

    // Act: two openings
    const before = await auditCount();
    const first = await t.api('POST', `/feedback/${feedbackId}/contact/open`, {
      token: admin,
      body: { reason: '回电告知办理进度' },
    });
    const second = await t.api('POST', `/feedback/${feedbackId}/contact/open`, {
      token: admin,
      body: { reason: '再次回访' },
    });

    // Assess
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ feedbackId, phone: PHONE });
    expect(second.json.phone).toBe(PHONE);
    expect(await auditCount()).toBe(before + 2);
    // The person the complaint names never opens it, even with the call-back role.
    const own = await t.api('POST', `/feedback/${namingId}/contact/open`, {
      token: admin,
      body: { reason: '查看' },
    });
    expect(own.status).toBe(403);
    expect(own.raw).not.toContain(PHONE);
    expect(await auditCount()).toBe(before + 2);
    // Without a reason, nothing is opened.
    expect(
      (await t.api('POST', `/feedback/${feedbackId}/contact/open`, { token: admin, body: {} })).status,
    ).toBe(400);
  });

  it('never appears unmasked in any staff route’s answer to a role that may not call back', async () => {
    // Every staff route × every staff user of the township and the county office. Ids: the feedback with the
    // number, a link made for the walk; anything else a well-formed id of nothing (no route acts on a record).
    const ids: Record<string, string> = { feedbackId, linkId: walkLink };
    const nothing = (p: string) =>
      /^[a-z]+Id$/.test(p) && p !== 'townshipId' ? '01KAAAAAAAAAAAAAAAAAAAAAAA' : 'nope';
    const bodies: Record<string, unknown> = {
      openFeedbackContact: { reason: '遍历检查' },
      replyToFeedback: { text: '遍历检查的回复' },
      createFormLink: { label: '遍历检查' },
    };
    const users = DEMO_USERS.filter((u) => u.tenantId === T || u.tenantId === 'cty-demo');
    const staff = allRoutes().filter((r): r is RouteDef & { auth: 'staff' } => r.auth === 'staff');
    const failures: string[] = [];
    let tried = 0;
    let opened = 0;
    for (const u of users) {
      const token = await t.token(u.username);
      const mayCallBack = u.roles.includes('township_admin');
      for (const route of staff) {
        const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => ids[p] ?? nothing(p));
        const res = await t.api(route.method, path, {
          token,
          ...(route.body ? { body: bodies[route.operationId] ?? {} } : {}),
        });
        tried++;
        if (res.status >= 500) failures.push(`${route.method} ${route.path} as ${u.username}: ${res.status}`);
        if (!res.raw.includes(PHONE)) continue;
        if (mayCallBack && route.operationId === 'openFeedbackContact') opened++;
        else failures.push(`${route.method} ${route.path} as ${u.username} shows the number`);
      }
    }
    console.log(`phone walk: ${tried} requests (${staff.length} staff routes × ${users.length} users)`);
    expect(failures).toEqual([]);
    expect(opened).toBe(1);
    expect(tried).toBeGreaterThan(100);
  }, 240_000);

  it('is stored nowhere in the clear: not on the case, the event, the audit log or any other item', async () => {
    await until('the queues to drain', async () => {
      for (const q of allSubscriptions().map((s) => s.name))
        if ((await t.rt.store.list(q)).length) return undefined;
      return true;
    });
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await t.doc.send(new ScanCommand({ TableName: t.tableName, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    expect(items.filter((i) => JSON.stringify(i).includes(PHONE)).map((i) => `${i.pk} ${i.sk}`)).toEqual([]);
    const contact = items.find((i) => i.pk === `T#${T}#CONTACT` && i.sk === feedbackId)!;
    expect(contact.expiresAt).toEqual(expect.any(Number));
  });
});

describe('satisfaction figures', () => {
  it('count every level of every question per unit and for the township, with the county’s index', async () => {
    const county = await t.token('county.admin');
    const link = await newLink({ unitId: 'u-xicun' });
    await residentSubmits(link.token);
    const total = async () =>
      ((await t.api('GET', '/feedback?limit=100', { token: admin })).json.items as unknown[]).length;

    // Act: wait for both read models to have seen every feedback of the township
    const n = await total();
    const figures = await until('the township figures', async () => {
      const f = await t.api('GET', '/feedback/figures', { token: admin });
      return f.json.township.feedbacks === n ? f.json : undefined;
    });
    const row = await until('the county counter', async () => {
      const o = await t.api('GET', '/county/overview', { token: county });
      return o.json.townships.find(
        (x: { townshipId: string; feedbacks: number }) => x.townshipId === T && x.feedbacks === n,
      );
    });

    // Assess
    expect(figures.formula).toMatch(/基本满意/);
    const xicun = figures.units.find((u: { unitId: string }) => u.unitId === 'u-xicun');
    expect(xicun).toMatchObject({ unitName: '西村' });
    expect(xicun.questions.solved.counts.dissatisfied).toBeGreaterThanOrEqual(1);
    expect(figures.units.reduce((s: number, u: { feedbacks: number }) => s + u.feedbacks, 0)).toBe(n);
    for (const q of ['warmth', 'solved', 'happiness'])
      expect(
        Object.values(figures.township.questions[q].counts).reduce((s: number, c) => s + (c as number), 0),
      ).toBe(n);
    expect(figures.township.index).toBe(row.satisfactionIndex);
    expect((await t.api('GET', '/feedback/figures', { token: await t.token('qingshan.cadre') })).status).toBe(
      403,
    );
  });
});
