import { commit } from '@zuofeng/ddb';
import { sealerFromEnv } from '@zuofeng/sealing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { sealContact } from '../../services/feedback/src/app/contact';
import { submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { launchChromium, PASSWORD, step as stepOn } from './support';

/**
 * The console's forms and lists as a township clerk meets them, in Chromium against the local runtime: a
 * refused form says what to do in plain words under the field it is about (never "数值过小：期望 string >=2
 * 字符", never a raw key such as "reason：" in a banner); the feedback filter checks its dates itself and
 * shows no stale list; the problem list says 已加载 while more can be loaded; the form-links page shows a
 * short URL as soon as the poster made it, names its downloads in Chinese, fits the poster preview to the
 * dialog, mends a link's label in place (same QR code), and offers no poster for a revoked link.
 */
const T = 'twp-qingshan';
const tag = ulid().slice(-6);
const DEVELOPER_TALK = /期望|字符|string|>=|数值过小|Invalid|Too small/;
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problemId = '';

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  // More problems than the list's first load (50), and a complaint with a call-back number.
  const cadre = await t.token('qingshan.cadre');
  for (let i = 0; i < 51; i++) {
    const raised = await t.api('POST', '/problems', {
      token: cadre,
      body: {
        source: 'self',
        aspectId: 'conduct',
        description: `自查问题第 ${i + 1} 条：接待群众不够耐心。${tag}`,
      },
    });
    expect(raised.status).toBe(201);
    problemId = raised.json.problemId as string;
  }
  const link = demoLinks(TEST_SECRET)[0]!;
  const sent = await submitAsResident(t, link.token, {
    ratings: { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' },
    complaint: `希望回电告知路灯维修进度。${tag}`,
  });
  expect(sent.status).toBe(201);
  const items = (await t.api('GET', '/feedback?limit=100', { token: await t.token('qingshan.admin') })).json
    .items as { feedbackId: string; complaint?: string }[];
  const feedbackId = items.find((x) => x.complaint?.endsWith(tag))!.feedbackId;
  await commit(
    t.doc,
    t.tableName,
    await sealContact(
      { sealer: sealerFromEnv(), tableName: t.tableName, now: () => new Date() },
      T,
      feedbackId,
      '13987654321',
    ),
  );
  context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
  await page.goto(`${t.rt.url}/console/`);
  await page.getByLabel('用户名').fill('qingshan.admin');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await nav().waitFor();
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await t?.stop();
});

const step = (name: string, body: () => Promise<void>) => stepOn(page, name, body);
const nav = () => page.getByRole('navigation', { name: '主导航' });
async function open(menu: string) {
  await nav().getByRole('link', { name: menu, exact: true }).click();
  await page.getByRole('heading', { name: menu, level: 1 }).waitFor();
}

/** The error shown under the field labelled `label` (its aria-describedby), once the field is marked invalid. */
async function errorUnder(scope: ReturnType<Page['locator']> | Page, label: string): Promise<string> {
  const field = scope.getByLabel(label, { exact: true });
  await scope.locator(`[aria-invalid="true"]`).first().waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const err = page.locator(`[id="${ids[0]}"]`);
  expect(await err.getAttribute('class')).toContain('field-error');
  return (await err.textContent()) ?? '';
}

it('says 已加载 50 条 over the problem list while more can be loaded, not 共', () =>
  step('forms-problem-count', async () => {
    await open('问题清单');
    const note = page.locator('.table-note');
    await note.filter({ hasText: /已加载/ }).waitFor();
    expect(await note.textContent()).toMatch(/^已加载 50 条/);
    expect(await note.textContent()).not.toMatch(/共/);
  }));

it('shows an empty measure’s refusal as 必填 under 措施内容, with no banner', () =>
  step('forms-measure', async () => {
    await page.goto(`${t.rt.url}/console/problems/${problemId}`);
    const form = page.getByRole('form', { name: '新增整改措施' });
    if (!(await form.isVisible())) await page.getByRole('button', { name: '新增整改措施' }).click();
    await form.locator('button[type="submit"]').click();

    expect(await errorUnder(form, '措施内容')).toBe('必填');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.textContent()).not.toMatch(DEVELOPER_TALK);
    // The clerk lands on what to fix.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  }));

it('puts the reply’s and the call-back reason’s refusals under their fields, never after a raw key', () =>
  step('forms-feedback-dialogs', async () => {
    await open('群众评价');
    const row = page.getByRole('row').filter({ hasText: tag });
    await row.waitFor();

    await row.getByRole('button', { name: /^回复/ }).click();
    const reply = page.getByRole('dialog', { name: '办理回复' });
    await reply.getByRole('button', { name: '保存' }).click();
    expect(await errorUnder(reply, '回复内容')).toBe('至少 2 个字');
    expect(await reply.getByRole('alert').count()).toBe(0);
    expect(await reply.textContent()).not.toMatch(/\btext：/);
    await reply.getByRole('button', { name: '取消' }).click();

    await row.getByRole('button', { name: /^查看号码/ }).click();
    const contact = page.getByRole('dialog', { name: '查看群众留下的号码' });
    await contact.getByRole('button', { name: '查看', exact: true }).click();
    expect(await errorUnder(contact, '查看事由')).toMatch(/^请写明查看号码的事由/);
    expect(await contact.getByRole('alert').count()).toBe(0);
    expect(await contact.textContent()).not.toMatch(/reason：/);
    await contact.getByRole('button', { name: '取消' }).click();
  }));

it('checks the feedback filter’s dates itself, under 截止日期, and shows no stale list', () =>
  step('forms-feedback-dates', async () => {
    await page.getByRole('table', { name: '群众评价列表' }).waitFor();
    await page.getByLabel('起始日期').fill('2026-11-20');
    await page.getByLabel('截止日期').fill('2026-11-01');

    expect(await errorUnder(page, '截止日期')).toBe('截止日期不能早于起始日期');
    await page.getByRole('table', { name: '群众评价列表' }).waitFor({ state: 'detached' });
    expect(await page.getByText(/符合筛选|已加载/).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    // Corrected, the list comes back.
    await page.getByLabel('截止日期').fill('2099-12-31');
    await page.getByRole('table', { name: '群众评价列表' }).waitFor();
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
  }));

it('shows a short URL as soon as the poster made it, names the downloads in Chinese and fits the preview', () =>
  step('forms-links', async () => {
    await open('评价链接');
    // A seeded link, older than short URLs: its code is made with its first poster.
    const row = page.getByRole('row').filter({ has: page.getByText('东村', { exact: true }) });
    expect(await row.getByText(/\/s\//).count()).toBe(0);
    await row.getByRole('button', { name: /^二维码与海报/ }).click();
    const dialog = page.getByRole('dialog', { name: /^二维码与海报/ });
    await dialog.getByText('首次打印海报时生成').waitFor();
    // The buttons say what they copy.
    await dialog.getByRole('button', { name: '复制完整链接' }).waitFor();
    expect(await dialog.getByRole('button', { name: '复制', exact: true }).count()).toBe(0);

    await dialog.getByRole('img').waitFor();
    const svg = page.waitForEvent('download');
    await dialog.getByRole('button', { name: '下载二维码（SVG）' }).click();
    expect((await svg).suggestedFilename()).toBe('青山镇-东村-评价二维码.svg');
    const pdf = page.waitForEvent('download');
    await dialog.getByRole('button', { name: '下载 A4 海报（PDF）' }).click();
    expect((await pdf).suggestedFilename()).toBe('青山镇-东村-群众评价海报.pdf');

    // Assess: the short URL, in the dialog and in the row, without a reload
    const shortUrl = dialog.locator('strong.mono');
    await shortUrl.waitFor();
    expect(await shortUrl.textContent()).toMatch(
      new RegExp(`^${t.rt.url}/s/[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{3}$`),
    );
    await dialog.getByRole('button', { name: '复制短网址' }).waitFor();
    await row.getByText((await shortUrl.textContent()) ?? '-').waitFor();

    // The A4 poster preview fits the dialog's width.
    await dialog.getByRole('button', { name: '网页版海报预览' }).click();
    const frame = page.locator('iframe.poster-frame');
    await page.frameLocator('iframe.poster-frame').getByText('青山镇 · 东村').waitFor();
    const box = (await page.locator('.poster-frame-box').boundingBox())!;
    const drawn = (await frame.boundingBox())!;
    expect(drawn.width).toBeLessThanOrEqual(box.width + 1);
    expect(drawn.width).toBeGreaterThan(box.width * 0.9);
    // The page inside keeps its A4 width, so what prints is unchanged.
    expect(await frame.evaluate((f) => (f as HTMLIFrameElement).contentDocument?.body.clientWidth)).toBe(794);
    await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
  }));

it('mends where a link is posted in place, keeping its QR code, and refuses a character the poster lacks', () =>
  step('forms-links-edit', async () => {
    await open('评价链接');
    const row = page.getByRole('row').filter({ has: page.getByText('党政办', { exact: true }) });
    const path = await row.locator('a.mono').last().textContent();
    await row.getByRole('button', { name: /^修改/ }).click();
    const dialog = page.getByRole('dialog', { name: /^修改评价链接/ });

    // A character the poster font lacks: refused under the field, naming it
    await dialog.getByLabel('张贴位置或备注（选填）', { exact: true }).fill('党政办门口📌');
    await dialog.getByRole('button', { name: '保存' }).click();
    expect(await errorUnder(dialog, '张贴位置或备注（选填）')).toContain(
      '海报无法打印以下字符，请删除或更换：📌',
    );

    // Mended: the row reads the new place, and the link (its QR code) is the same
    await dialog.getByLabel('张贴位置或备注（选填）', { exact: true }).fill('党政办门口公告栏');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('党政办门口公告栏').waitFor();
    await page.getByText('已修改“党政办 · 党政办门口公告栏”的评价链接，二维码不变').waitFor();
    expect(await row.locator('a.mono').last().textContent()).toBe(path);
  }));

it('offers no QR code, poster or link to copy for a revoked link', () =>
  step('forms-links-revoked', async () => {
    const row = page.getByRole('row').filter({ has: page.getByText('西村', { exact: true }) });
    expect(await row.getByRole('button', { name: /^复制/ }).count()).toBeGreaterThan(0);
    await row.getByRole('button', { name: /^停用/ }).click();
    await page.getByRole('dialog', { name: '停用' }).getByRole('button', { name: '停用' }).click();
    await row.getByText('已停用，不能再打印海报').waitFor();
    expect(await row.getByRole('button', { name: /^二维码与海报/ }).count()).toBe(0);
    // Nothing to paste into a village's group chat: the link is shown struck through, not as a link.
    expect(await row.getByRole('button', { name: /^复制/ }).count()).toBe(0);
    expect(await row.getByRole('link').count()).toBe(0);
  }));

it('keeps the township’s own working days: enters one, warns of a year without national holidays, never drops a day on save', () =>
  step('settings-calendar', async () => {
    // Prepare: a day set through the API, and a campaign year past the built-in national schedule
    const admin = await t.token('qingshan.admin');
    const read = (await t.api('GET', '/settings', { token: admin })).json;
    const { updatedAt: _u, nationalCalendarThrough: through, ...settings } = read;
    const flood = { date: `${through + 1}-07-20`, working: true, note: '防汛值守' };
    const put = await t.api('PUT', '/settings', {
      token: admin,
      body: { ...settings, campaignYear: through + 1, calendarOverrides: [flood] },
    });
    expect(put.status).toBe(200);

    // Act: the office adds the new year's first day off in the console
    await open('活动设置');
    await page.getByText(`系统还没有 ${through + 1} 年的节假日安排`).waitFor();
    await page.getByRole('button', { name: '添加一天' }).click();
    await page.getByLabel('第 2 项调整的日期', { exact: true }).fill(`${through + 1}-01-01`);
    await page.getByLabel('第 2 项调整：放假还是上班', { exact: true }).selectOption({ label: '放假' });
    await page.getByLabel('第 2 项调整的说明（选填）').fill('元旦');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('活动设置已保存').waitFor();

    // Assess: both days stored (the API's day was not dropped by a console that did not know it), and shown
    const stored = (await t.api('GET', '/settings', { token: admin })).json.calendarOverrides;
    expect(stored).toEqual([flood, { date: `${through + 1}-01-01`, working: false, note: '元旦' }]);
    await page.reload();
    await page.getByRole('heading', { name: '活动设置', level: 1 }).waitFor();
    expect(await page.getByLabel('第 1 项调整的日期', { exact: true }).inputValue()).toBe(
      `${through + 1}-01-01`,
    );
    expect(await page.getByLabel('第 2 项调整的说明（选填）').inputValue()).toBe('防汛值守');
  }));
