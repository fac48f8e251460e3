import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { startTestRuntime, TEST_SECRET, until } from '../support/runtime';
import { launchChromium, PASSWORD, step as stepOn } from './support';

/**
 * Public feedback in real Chromium against the whole local runtime (issue 5):
 * (a) a resident opens a form link on a phone, rates the three questions, writes a complaint, submits (the
 *     page solves the ALTCHA challenge itself and sends an Idempotency-Key), gets a receipt code, and tracks
 *     the case on the receipt page while the township works on it, public reply included;
 * (b) once the problem is submitted for sign-off (intake driven through the API, as in test/e2e/ledger.test.ts),
 *     the resident re-rates 不满意 on the receipt page and the problem goes back for rework (`rejected`);
 * (c) a script payload in a complaint stays inert in the staff console: no dialog fires, the text shows as
 *     written.
 * Every route the flows use must be in the runtime's /openapi.json; a missing one fails here by name.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;
let phone: BrowserContext;
let desk: BrowserContext;
let resident: Page;
let staff: Page;
const dialogs: string[] = [];
const tag = ulid().slice(-6);
const complaint = `村口路灯坏了三个月，晚上走路看不见，反映过两次还没人来修。${tag}`;
const reply = `已安排供电所更换路灯，预计本周内修好。${tag}`;
const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(1)</script>';
const QUESTIONS = ['党的温暖送到没有', '群众反映的问题解决没有', '老百姓幸福感和获得感增强没有'];
/** A call-back number as a resident types it, and what staff see of it. */
const PHONE_TYPED = '138 0000 4321';
const PHONE = '13800004321';
const MASKED = '138****4321';
/** The seed's first form link: 青山镇 · 东村. */
const link = () => demoLinks(TEST_SECRET)[0]!;
let receiptUrl = '';
let problemId = '';

const ROUTES = [
  'GET /public/forms/{token}',
  'GET /public/forms/{token}/challenge',
  'POST /public/forms/{token}/feedback',
  'GET /public/forms/{token}/receipts/{code}',
  'POST /public/forms/{token}/receipts/{code}/rerating',
  'PUT /feedback/{feedbackId}/reply',
  'GET /feedback',
];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  const doc = (await (await fetch(`${t.rt.url}/openapi.json`)).json()) as { paths: Record<string, object> };
  const have = new Set(
    Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
  );
  const missing = ROUTES.filter((r) => !have.has(r));
  if (missing.length)
    throw new Error(`routes the public feedback flows need are missing: ${missing.join(', ')}`);
  phone = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  for (const c of [phone, desk]) c.setDefaultTimeout(20_000);
  resident = await phone.newPage();
  staff = await desk.newPage();
  for (const p of [resident, staff]) {
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }
}, 120_000);

afterAll(async () => {
  await phone?.close().catch(() => {});
  await desk?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await t?.stop();
});

const step = (page: Page, name: string, body: () => Promise<void>) => stepOn(page, name, body);

/** Fill the form on the phone and send it; the receipt code it shows. */
async function submitForm(
  text: string,
  ratings: string[],
  opts: { phone?: string; token?: string; place?: string; unit?: string } = {},
): Promise<string> {
  await resident.goto(`${t.rt.url}/f/${opts.token ?? link().token}`);
  await resident.getByText(opts.place ?? `${link().township} · ${link().unit}`, { exact: true }).waitFor();
  if (opts.unit) await resident.getByLabel('您要评价哪个村或单位？').selectOption({ label: opts.unit });
  for (const [i, q] of QUESTIONS.entries())
    await resident.getByRole('group', { name: q }).getByLabel(ratings[i]!, { exact: true }).check();
  await resident.getByLabel('问题或建议').fill(text);
  if (opts.phone) {
    // Anonymous unless the resident asks for a call-back, says so, and agrees to the stated use.
    await resident.getByRole('textbox', { name: '手机号' }).fill(opts.phone);
    await resident.getByRole('button', { name: '提交评价' }).click();
    // The same words as the simple form's and the API's (services/feedback/src/domain/form-wording.ts).
    await resident.getByText('留电话需要您同意：仅用于回电核实和告知办理结果').first().waitFor();
    await resident.getByLabel('我同意镇里按上面说的用途和期限使用这个手机号回电。').check();
  }
  await resident.getByRole('button', { name: '提交评价' }).click();
  await resident.getByRole('heading', { name: '提交成功，谢谢您！' }).waitFor({ timeout: 30_000 });
  return (await resident.locator('#code').textContent()) ?? '';
}

const admin = () => t.token('qingshan.admin');

/** The public problem intake opened from this complaint (by event). */
async function problemOf(text: string) {
  const token = await admin();
  return until(
    'the public problem of the complaint',
    async () => {
      const r = await t.api('GET', '/problems?limit=100&source=public', { token });
      return (
        r.json.items as { problemId: string; description: string; feedbackId: string; state: string }[]
      ).find((p) => p.description === text);
    },
    20_000,
  );
}

/** Reload the receipt page until its state reads `label`. */
async function receiptSays(label: string) {
  await until(
    `the receipt to say ${label}`,
    async () => {
      await resident.goto(receiptUrl);
      await resident.getByText('办理状态').waitFor();
      const state = resident.locator('#state');
      await state.filter({ hasText: /\S/ }).waitFor();
      return (await state.textContent()) === label ? true : undefined;
    },
    20_000,
  );
}

it('(a) a resident rates, complains, gets a receipt code and tracks the case with it', async () => {
  let code = '';
  await step(resident, 'feedback-submit', async () => {
    code = await submitForm(complaint, ['满意', '不满意', '基本满意'], { phone: PHONE_TYPED });
  });
  // 16 symbols in four groups (80 bits), without the letters people confuse with digits.
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  // Screen readers get it one symbol at a time.
  expect(await resident.locator('#code-spelled').textContent()).toContain(
    code.slice(0, 4).split('').join(' '),
  );

  await step(resident, 'feedback-track', async () => {
    await resident.getByRole('link', { name: '查询办理情况', exact: true }).click();
    await resident.getByRole('heading', { name: '办理情况查询', level: 1 }).waitFor();
    await resident.getByText(code, { exact: true }).first().waitFor();
    receiptUrl = resident.url();
    expect(receiptUrl).toBe(`${t.rt.url}/f/${link().token}/r/${code}`);
    const state = await resident.locator('#state').filter({ hasText: /\S/ }).textContent();
    expect(['已收到您反映的问题，正在转交办理', '已登记，等待立项办理']).toContain(state);
    // Nothing to re-rate before the rectification is done.
    expect(await resident.getByRole('button', { name: '提交回访评价' }).isVisible()).toBe(false);
  });

  // The complaint became a 群众提 problem; the township takes it on (立项) and writes a public reply.
  const problem = await problemOf(complaint);
  problemId = problem.problemId;
  const token = await admin();
  const accepted = await t.api('POST', `/problems/${problemId}/transitions`, {
    token,
    body: { action: 'accept', version: 1 },
  });
  expect(accepted.json.state).toBe('accepted');
  const replied = await t.api('PUT', `/feedback/${problem.feedbackId}/reply`, {
    token,
    body: { text: reply },
  });
  expect(replied.status).toBe(200);

  await step(resident, 'feedback-track-accepted', async () => {
    await receiptSays('已立项，正在安排整改');
    await resident.getByText(reply, { exact: true }).waitFor();
  });
}, 90_000);

it('(b) after sign-off is requested, the resident re-rates 不满意 and the problem goes back for rework', async () => {
  expect(problemId).not.toBe('');
  const token = await admin();
  const v = async () =>
    (await t.api('GET', `/problems/${problemId}/ledger`, { token })).json.problem.version as number;
  const move = async (action: string) =>
    t.api('POST', `/problems/${problemId}/transitions`, { token, body: { action, version: await v() } });
  const measure = await t.api('POST', `/problems/${problemId}/measures`, {
    token,
    body: {
      text: '联系供电所更换路灯',
      ownerId: 'p-qingshan-cadre',
      dueOn: '2026-12-31',
      version: await v(),
    },
  });
  expect(measure.status).toBe(201);
  expect((await move('start')).json.state).toBe('rectifying');
  const progress = await t.api('POST', `/problems/${problemId}/measures/${measure.json.measureId}/updates`, {
    token,
    body: {
      text: '路灯已更换',
      evidence: [
        {
          key: 'evidence/twp-qingshan/k/photo.jpg',
          name: 'photo.jpg',
          contentType: 'image/jpeg',
          size: 2000,
        },
      ],
      done: true,
      version: await v(),
    },
  });
  expect(progress.status).toBe(201);
  expect((await move('submit')).json.state).toBe('submitted');

  await step(resident, 'feedback-rerate', async () => {
    await receiptSays('整改已完成，请您回访评价');
    const group = resident.getByRole('group', { name: '问题已经整改，您对办理结果满意吗？（回访）' });
    await group.getByLabel('不满意', { exact: true }).check();
    await resident.getByRole('button', { name: '提交回访评价' }).click();
    await resident.getByRole('status').filter({ hasText: /\S/ }).waitFor();
  });

  const back = await until(
    'the rework',
    async () => {
      const p = (await t.api('GET', `/problems/${problemId}/ledger`, { token })).json.problem;
      return p.state === 'rejected' ? p : undefined;
    },
    20_000,
  );
  expect(back).toMatchObject({ state: 'rejected', rerating: 'dissatisfied' });
  await step(resident, 'feedback-rework', async () => {
    await receiptSays('已退回重新整改');
    expect(await resident.getByRole('button', { name: '提交回访评价' }).isVisible()).toBe(false);
  });
}, 90_000);

it('(c) a script in a complaint stays inert text in the staff console', async () => {
  const text = `${PAYLOAD}${tag}`;
  await step(resident, 'feedback-payload', async () => {
    await submitForm(text, ['不满意', '不满意', '非常不满意']);
  });
  await step(staff, 'feedback-console', async () => {
    await staff.goto(`${t.rt.url}/console/`);
    await staff.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    await staff.getByLabel('用户名').fill('qingshan.admin');
    await staff.getByLabel('密码').fill(PASSWORD);
    await staff.getByRole('button', { name: '登录', exact: true }).click();
    const nav = staff.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '群众评价', exact: true }).click();
    await staff.getByRole('heading', { name: '群众评价', level: 1 }).waitFor();
    // Only the bad reviews: the payload's row is one of them, shown literally.
    await staff.getByLabel('只看差评（任一项不满意或非常不满意）').check();
    const cell = staff.getByRole('table', { name: '群众评价列表' }).getByText(text, { exact: true });
    await cell.waitFor();
    expect(await cell.textContent()).toBe(text);
    // The reply dialog quotes the complaint: as text there too.
    const row = staff.getByRole('row').filter({ hasText: text });
    await row.getByRole('button', { name: /^回复/ }).click();
    await staff.getByRole('dialog', { name: '办理回复' }).getByText(text, { exact: true }).waitFor();
    await staff.getByRole('dialog', { name: '办理回复' }).getByRole('button', { name: '取消' }).click();
    // (a)'s call-back number: masked in the list; the call-back role opens it with a reason (audited).
    const withPhone = staff.getByRole('row').filter({ hasText: complaint });
    await withPhone.getByText(MASKED).waitFor();
    expect(await staff.locator('main').textContent()).not.toContain(PHONE);
    await withPhone.getByRole('button', { name: `查看号码 ${MASKED}` }).click();
    const open = staff.getByRole('dialog', { name: '查看群众留下的号码' });
    await open.getByLabel('查看事由').fill('回电告知路灯整改进展');
    await open.getByRole('button', { name: '查看', exact: true }).click();
    await open.getByText(PHONE, { exact: true }).waitFor();
    await open.getByRole('button', { name: '关闭' }).click();
    // (a)'s reply stands on its row; its button edits it, starting from what the resident reads now.
    await withPhone.getByText(reply).waitFor();
    await withPhone.getByText(/^已回复 /).waitFor();
    await withPhone.getByRole('button', { name: /^修改回复/ }).click();
    const edit = staff.getByRole('dialog', { name: '办理回复' });
    expect(await edit.getByLabel('回复内容').inputValue()).toBe(reply);
    await edit.getByRole('button', { name: '取消' }).click();
    // The problem list shows it as text as well (the complaint became a 群众提 problem).
    await problemOf(text);
    await nav.getByRole('link', { name: '问题清单', exact: true }).click();
    await staff.getByRole('heading', { name: '问题清单', level: 1 }).waitFor();
    await staff.getByText(text.slice(0, 20)).first().waitFor();
    // Give any injected handler (img onerror) a moment to fire, then check nothing did.
    await staff.waitForTimeout(500);
  });
  expect(dialogs).toEqual([]);
  expect(await staff.locator('img[src="x"]').count()).toBe(0);
  expect(await staff.evaluate(() => document.querySelectorAll('main script').length)).toBe(0);
}, 90_000);

it('(d) the township office creates a link in the console, gets its QR code and poster, and revokes it', async () => {
  const nav = staff.getByRole('navigation', { name: '主导航' });
  let url = '';
  await step(staff, 'links-create', async () => {
    // Signed in by (c).
    await nav.getByRole('link', { name: '评价链接', exact: true }).click();
    await staff.getByRole('heading', { name: '评价链接', level: 1 }).waitFor();
    await staff.getByRole('button', { name: '新建评价链接' }).click();
    const dialog = staff.getByRole('dialog', { name: '新建评价链接' });
    await dialog.getByLabel('单位', { exact: true }).selectOption({ label: '西村' });
    await dialog.getByLabel('张贴位置或备注（选填）').fill(`村委会公告栏${tag}`);
    await dialog.getByRole('button', { name: '新建评价链接' }).click();
    // The new link opens with its QR code (an SVG from the API, shown as an image) and its URL.
    const qr = staff.getByRole('dialog', { name: `二维码与海报：西村 · 村委会公告栏${tag}` });
    await qr.getByRole('img').waitFor();
    expect(
      await qr.getByRole('img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);
    url = (await qr.locator('.qr-box .mono').textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${t.rt.url}/f/twp-qingshan\\.[0-9A-Z]{26}\\.[\\w-]{22}$`));
    // The short URL the poster prints for typing.
    const shortUrl = (await qr.locator('strong.mono').textContent()) ?? '';
    expect(shortUrl).toMatch(new RegExp(`^${t.rt.url}/s/[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{3}$`));
    const download = staff.waitForEvent('download');
    await qr.getByRole('button', { name: '下载二维码（SVG）' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.svg$/);
    // The A4 poster as a PDF, downloaded under its Chinese name.
    const pdf = staff.waitForEvent('download');
    await qr.getByRole('button', { name: '下载 A4 海报（PDF）' }).click();
    expect((await pdf).suggestedFilename()).toBe(`青山镇-西村-村委会公告栏${tag}-群众评价海报.pdf`);
    // The web page poster, in a frame that runs no script, with the township, the unit and the short URL.
    await qr.getByRole('button', { name: '网页版海报预览' }).click();
    const poster = staff.frameLocator('iframe.poster-frame');
    await poster.getByText('青山镇 · 西村').waitFor();
    await poster.getByText(shortUrl).waitFor();
    await staff.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
  });
  await step(resident, 'links-open', async () => {
    await resident.goto(url);
    await resident.getByText('青山镇 · 西村').waitFor();
  });
  await step(staff, 'links-revoke', async () => {
    const row = staff.getByRole('row').filter({ hasText: `村委会公告栏${tag}` });
    await row.getByRole('button', { name: /^停用/ }).click();
    await staff.getByRole('dialog', { name: '停用' }).getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用', { exact: true }).waitFor();
  });
  await step(resident, 'links-revoked', async () => {
    await resident.goto(url);
    await resident.getByRole('heading', { name: '这个评价二维码已停用', level: 1 }).waitFor();
    await resident.getByRole('alert').filter({ hasText: '新张贴的二维码' }).waitFor();
    expect(await resident.getByRole('button', { name: '提交评价' }).isVisible()).toBe(false);
    expect(await resident.getByText('请就下面三个问题选一选', { exact: false }).isVisible()).toBe(false);
  });
  // A link of the whole township: the resident picks the village, and the feedback is that village's.
  const township = await t.api('POST', '/form-links', {
    token: await admin(),
    body: { label: `全镇${tag}` },
  });
  expect(township.json.scope).toBe('township');
  const text = `西村的垃圾三天没人清运。${tag}`;
  await step(resident, 'links-township', async () => {
    await submitForm(text, ['满意', '满意', '满意'], {
      token: township.json.token,
      place: '青山镇',
      unit: '西村',
    });
  });
  const problem = await problemOf(text);
  expect(problem).toMatchObject({ unitId: 'u-xicun' });
}, 90_000);

/** A plain PNG of a size, made here (zlib only): a photo as big as a phone camera's, for the form to shrink. */
function pngOf(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([40 + (x % 200), 120, 200 - (x % 150)], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

it('(e) a resident attaches a photo, the phone shrinks it before upload, and staff see it with the feedback', async () => {
  const text = `垃圾收集点满了没人清运，附上照片。${tag}`;
  const photo = pngOf(2400, 1800);
  await step(resident, 'feedback-photo', async () => {
    await resident.goto(`${t.rt.url}/f/${link().token}`);
    await resident.getByText(`${link().township} · ${link().unit}`, { exact: true }).waitFor();
    for (const [i, q] of QUESTIONS.entries())
      await resident
        .getByRole('group', { name: q })
        .getByLabel(['满意', '不满意', '基本满意'][i]!, { exact: true })
        .check();
    await resident.getByLabel('问题或建议').fill(text);
    await resident
      .getByLabel(/^照片/)
      .setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: photo });
    // Shrunk on the phone: the state line says from how much to how much.
    await resident.getByText(/^已压缩：/).waitFor();
    await resident.getByRole('button', { name: '提交评价' }).click();
    await resident.getByRole('heading', { name: '提交成功，谢谢您！' }).waitFor({ timeout: 30_000 });
  });
  // What reached the store is the redrawn JPEG, not the camera's file.
  const token = await admin();
  const row = await until('the feedback with its photo', async () => {
    const items = (await t.api('GET', '/feedback?limit=100', { token })).json.items as {
      complaint?: string;
      photoKey?: string;
    }[];
    return items.find((i) => i.complaint === text && i.photoKey);
  });
  expect(row.photoKey).toMatch(/\/photo\.jpg$/);
  const url = (await t.api('GET', `/evidence?key=${encodeURIComponent(row.photoKey!)}`, { token })).json.url;
  const stored = Buffer.from(await (await fetch(`${t.rt.url}${url}`)).arrayBuffer());
  expect([...stored.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  // Its frame header (SOF0/SOF2) says 1280 × 960: the 2400 × 1800 photo redrawn to 1280 px on its longer side.
  const sof = stored.findIndex((b, i) => b === 0xff && (stored[i + 1] === 0xc0 || stored[i + 1] === 0xc2));
  expect(sof).toBeGreaterThan(0);
  expect([stored.readUInt16BE(sof + 7), stored.readUInt16BE(sof + 5)]).toEqual([1280, 960]);

  await step(staff, 'feedback-photo-console', async () => {
    await staff.goto(`${t.rt.url}/console/`);
    const nav = staff.getByRole('navigation', { name: '主导航' });
    const login = staff.getByRole('heading', { name: '登录', level: 1 });
    await nav.or(login).waitFor();
    if (await login.isVisible()) {
      await staff.getByLabel('用户名').fill('qingshan.admin');
      await staff.getByLabel('密码').fill(PASSWORD);
      await staff.getByRole('button', { name: '登录', exact: true }).click();
    }
    await nav.getByRole('link', { name: '群众评价', exact: true }).click();
    await staff.getByRole('heading', { name: '群众评价', level: 1 }).waitFor();
    const img = staff.getByRole('row').filter({ hasText: text }).getByRole('img', { name: '群众上传的照片' });
    await img.waitFor();
    // The thumbnail is the photo as stored: 1280 px on its longer side, drawn by the browser.
    const width = await until('the thumbnail to load', async () => {
      const w = await img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
      return w > 0 ? w : undefined;
    });
    expect(width).toBe(1280);
    // And on the public problem the complaint became, beside its description.
    const problem = await problemOf(text);
    await staff.goto(`${t.rt.url}/console/problems/${problem.problemId}`);
    await staff.getByText(text).first().waitFor();
    await staff.getByRole('img', { name: '群众上传的照片' }).waitFor();
  });
}, 90_000);
