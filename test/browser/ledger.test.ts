import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import type { Runtime } from '../../packages/local/src';
import { startTestRuntime } from '../support/runtime';
import { launchChromium, PASSWORD, step as stepOn } from './support';

/**
 * The rectification ledger (整改台账) in real Chromium against the whole local runtime: a cadre raises a
 * 自己查 problem; the township office accepts it (立项) and sets a measure the cadre owns; the cadre starts,
 * reports progress with a photo uploaded through the presigned URL, and applies for sign-off; the inspection
 * office sends it back with a reason, which the timeline shows; the cadre resumes (and meets a stale version
 * on the way, which reloads and says so) and applies again; the inspection office signs it off. The timeline
 * then lists every step, and the ledger and the board show it 已销号.
 */
let rt: Runtime;
let stop: (() => Promise<void>) | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tag = ulid().slice(-6).toLowerCase();
const description = `工作台账记录不及时，群众来办事要等${tag}`;
const measureText = `每周五下班前补齐当周台账${tag}`;
const rejectReason = `照片看不出整改效果${tag}`;
/** The seed's cadre: a person in 党政办, linked to the account qingshan.cadre. */
const CADRE = '青山镇机关干部';
/** A 1×1 PNG, the evidence photo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
let problemPath = '';

beforeAll(async () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  [t, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  rt = t.rt;
  stop = t.stop;
  context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await stop?.();
});

const step = (name: string, body: () => Promise<void>) => stepOn(page, name, body);
const nav = () => page.getByRole('navigation', { name: '主导航' });
const flash = (text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
const summary = () => page.getByRole('region', { name: '问题概况' });
const timeline = () => page.getByRole('list', { name: '办理记录' });

async function signIn(username: string) {
  await page.goto(`${rt.url}/console/`);
  await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await nav().waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
}

/** Open the problem's page (the token stays in this tab's sessionStorage across the navigation). */
async function openProblem() {
  await page.goto(`${rt.url}/console${problemPath}`);
  await page.getByRole('heading', { name: description, level: 1 }).waitFor();
}

async function expectState(label: string) {
  await summary().getByText(label, { exact: true }).waitFor();
}

/** Press a move's button and wait for the page to say it is done. */
async function move(button: string, done: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await flash(done);
}

async function token(username: string): Promise<string> {
  const res = await fetch(`${rt.url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('the rectification ledger in Chromium', () => {
  it('lets a cadre raise a 自己查 problem with its causes and directions', () =>
    step('raise', async () => {
      await signIn('qingshan.cadre');
      await nav().getByRole('link', { name: '问题清单', exact: true }).click();
      await page.getByRole('heading', { name: '问题清单', level: 1 }).waitFor();
      await page.getByRole('button', { name: '登记问题' }).click();
      const dialog = page.getByRole('dialog', { name: '登记问题' });
      await dialog.waitFor();
      // A cadre may raise 自己查 and 同级找, nothing else (problems.raise.*).
      await dialog.getByLabel('来源').locator('option').first().waitFor({ state: 'attached' });
      const sources = await dialog.getByLabel('来源').locator('option').allTextContents();
      expect(sources).toEqual(['自己查', '同级找']);
      await dialog.getByLabel('来源').selectOption({ label: '自己查' });
      await dialog.getByText(`本人：${CADRE}（党政办）`).waitFor();
      await dialog.getByLabel('问题方面').selectOption({ label: '能力作风' });
      await dialog.getByLabel('严重程度').selectOption({ label: '一般' });
      await dialog.getByLabel('问题描述').fill(description);
      await dialog.getByRole('button', { name: '添加一条原因' }).click();
      await dialog.getByLabel('原因 1', { exact: true }).fill('对台账工作重视不够');
      await dialog.getByRole('button', { name: '添加一条原因' }).click();
      await dialog.getByLabel('原因 2', { exact: true }).fill('没有固定的记录时间');
      await dialog.getByRole('button', { name: '添加一项努力方向' }).click();
      await dialog.getByLabel('努力方向 1', { exact: true }).fill('当天事当天记');
      await dialog.getByRole('button', { name: '登记', exact: true }).click();

      // The new problem's page: saved, 已登记, about the cadre, with the lists line by line.
      await page.getByRole('heading', { name: description, level: 1 }).waitFor();
      await flash('问题已登记');
      problemPath = new URL(page.url()).pathname.replace(/^\/console/, '');
      expect(problemPath).toMatch(/^\/problems\/[0-9A-Z]{26}$/);
      await expectState('已登记');
      await summary().getByText('自己查', { exact: true }).waitFor();
      await summary().getByText('能力作风', { exact: true }).waitFor();
      await summary().getByText(CADRE, { exact: true }).waitFor();
      const causes = page.getByRole('region', { name: '问题原因' }).getByRole('listitem');
      await causes.nth(1).waitFor();
      expect(await causes.allTextContents()).toEqual(['对台账工作重视不够', '没有固定的记录时间']);
      await page.getByRole('region', { name: '努力方向' }).getByText('当天事当天记').waitFor();

      // A cadre cannot accept (立项) it: the page does not offer what the server would refuse (403).
      await page.getByText('问题已登记，待镇活动办', { exact: false }).waitFor();
      await expect(page.getByRole('button', { name: '立项', exact: true }).count()).resolves.toBe(0);
      await expectState('已登记');
      await signOut();
    }));

  it('lets the township office accept it and set a measure the cadre owns', () =>
    step('accept', async () => {
      await signIn('qingshan.admin');
      await openProblem();
      await move('立项', '已立项');
      await expectState('已立项');
      await page.getByRole('button', { name: '新增整改措施' }).click();
      const form = page.getByRole('form', { name: '新增整改措施' });
      await form.getByLabel('措施内容').fill(measureText);
      await form.getByLabel('责任人').selectOption({ label: `${CADRE}（党政办）` });
      await form.getByLabel('完成时限').fill('2030-06-30');
      await form.getByRole('button', { name: '添加措施' }).click();
      await flash('已新增整改措施');
      const measure = page.getByRole('listitem').filter({ hasText: measureText });
      await measure.getByText(`责任人：${CADRE}`).waitFor();
      await measure.getByText('完成时限：2030-06-30').waitFor();
      await signOut();
    }));

  it('lets the cadre start, report progress with an uploaded photo, and apply for sign-off', () =>
    step('rectify', async () => {
      await signIn('qingshan.cadre');
      await openProblem();
      await move('开始整改', '已开始整改');
      await expectState('整改中');

      await page.getByRole('button', { name: `报告进展：${measureText}` }).click();
      const dialog = page.getByRole('dialog', { name: '报告整改进展' });
      await dialog.getByLabel('进展情况').fill('本周台账已补齐，每周五专人核对。');
      // The photo goes through POST /evidence/uploads and a presigned PUT to the local store.
      await dialog
        .getByLabel(/^佐证材料/)
        .setInputFiles({ name: '台账照片.png', mimeType: 'image/png', buffer: PNG });
      await dialog.getByLabel('该措施已完成').check();
      await dialog.getByRole('button', { name: '提交进展' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await flash('已报告整改进展');
      // The thumbnail comes back through GET /evidence?key=… and the store's presigned GET.
      const thumb = page.getByRole('img', { name: '台账照片.png' });
      await thumb.waitFor();
      await page.waitForFunction(
        () => {
          const img = document.querySelector<HTMLImageElement>('img.evidence-thumb');
          return !!img && img.complete && img.naturalWidth > 0;
        },
        undefined,
        { timeout: 20_000 },
      );
      await page.getByRole('listitem').filter({ hasText: measureText }).getByText('已完成').first().waitFor();

      await move('申请销号', '已申请销号');
      await expectState('申请销号');
      await signOut();
    }));

  it('lets the inspection office send it back with a reason that the timeline shows', () =>
    step('reject', async () => {
      await signIn('qingshan.inspection');
      await openProblem();
      await page.getByRole('button', { name: '退回', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '退回问题' });
      // Without a reason the dialog asks for one and sends nothing.
      await dialog.getByRole('button', { name: '确认退回' }).click();
      await dialog.getByText('请写明理由（至少 2 个字）').waitFor();
      await dialog.getByLabel('退回理由').fill(rejectReason);
      await dialog.getByRole('button', { name: '确认退回' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await flash('已退回');
      await expectState('已退回');
      await timeline().getByText(`理由：${rejectReason}`).waitFor();
      await signOut();
    }));

  it('lets the cadre resume and apply again, reloading when someone else saved first', () =>
    step('resume', async () => {
      await signIn('qingshan.cadre');
      await openProblem();
      await move('恢复整改', '已恢复整改');
      await expectState('整改中');

      // The township office adds a measure meanwhile: the cadre's page now holds a stale version.
      const admin = await token('qingshan.admin');
      const id = problemPath.split('/').pop() ?? '';
      const ledger = (await (
        await fetch(`${rt.url}/problems/${id}/ledger`, { headers: { authorization: `Bearer ${admin}` } })
      ).json()) as { problem: { version: number } };
      const added = await fetch(`${rt.url}/problems/${id}/measures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          text: '党政办每月抽查台账',
          ownerId: 'p-qingshan-cadre',
          dueOn: '2030-07-31',
          version: ledger.problem.version,
        }),
      });
      expect(added.status).toBe(201);

      // 409 stale: nothing saved, the page reloads and says so; the second try goes through.
      await page.getByRole('button', { name: '申请销号', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '该问题刚被他人更新' }).waitFor();
      await page.getByText('党政办每月抽查台账').first().waitFor();
      await expectState('整改中');
      await move('申请销号', '已申请销号');
      await expectState('申请销号');
      await signOut();
    }));

  it('lets the inspection office sign it off; the timeline lists every step', () =>
    step('sign-off', async () => {
      await signIn('qingshan.inspection');
      await openProblem();
      await move('销号', '已销号');
      await expectState('已销号');
      // Closed: the only move left is reopening (with a reason).
      await page.getByRole('button', { name: '重新打开', exact: true }).waitFor();
      await expect(page.getByRole('button', { name: '销号', exact: true }).count()).resolves.toBe(0);

      const steps = timeline().locator('.timeline-head strong');
      await steps.nth(10).waitFor();
      expect(await steps.allTextContents()).toEqual([
        '登记问题',
        '立项',
        '新增整改措施',
        '开始整改',
        '报告整改进展',
        '申请销号',
        '退回',
        '恢复整改',
        '新增整改措施',
        '申请销号',
        '销号',
      ]);
      await timeline().getByText(`理由：${rejectReason}`).waitFor();
    }));

  it('shows it 已销号 in the filtered ledger and on the board', () =>
    step('ledger-and-board', async () => {
      await nav().getByRole('link', { name: '问题清单', exact: true }).click();
      await page.getByRole('heading', { name: '问题清单', level: 1 }).waitFor();
      await page.getByLabel('状态', { exact: true }).selectOption({ label: '已销号' });
      const table = page.getByRole('table', { name: '问题清单' });
      const row = table.getByRole('row').filter({ hasText: description.slice(0, 20) });
      await row.getByText('已销号', { exact: true }).waitFor();
      await row.getByText('自己查', { exact: true }).waitFor();
      // Another state leaves it out (the server filters).
      await page.getByLabel('状态', { exact: true }).selectOption({ label: '整改中' });
      await page.getByText('没有符合筛选条件的问题').waitFor();
      await page.getByRole('button', { name: '清除筛选' }).click();

      await nav().getByRole('link', { name: '问题看板', exact: true }).click();
      const closed = page.getByRole('region', { name: /^已销号/ });
      await closed
        .getByRole('link', { name: description.slice(0, 20) })
        .first()
        .waitFor();
      await signOut();
    }));
});
