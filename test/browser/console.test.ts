import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import type { Runtime } from '../../packages/local/src';
import { startTestRuntime } from '../support/runtime';
import { launchChromium, PASSWORD, step as stepOn } from './support';

/**
 * The staff console in real Chromium against the whole local runtime (DynamoDB Local, the dev identity
 * provider, every handler): sign in, add a unit and a person through the forms, sign out, and check that
 * another township sees neither, then the county overview. Locators are roles and Chinese labels, so the test
 * also checks that every control it touches is labelled.
 */
let rt: Runtime;
let stop: (() => Promise<void>) | undefined;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tag = ulid().slice(-6).toLowerCase();
const unitName = `测试村${tag}`;
const personName = `张测试${tag}`;

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

async function open(menu: string) {
  await nav().getByRole('link', { name: menu, exact: true }).click();
  await page.getByRole('heading', { name: menu, level: 1 }).waitFor();
}

describe('the staff console in Chromium', () => {
  it('shows the sign-in page with the demo users, in Chinese', () =>
    step('sign-in-page', async () => {
      await page.goto(`${rt.url}/console/`);
      await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByRole('button', { name: '填入 qingshan.admin' }).waitFor();
      // A wrong password is refused on the page, not by a crash.
      await page.getByLabel('用户名').fill('qingshan.admin');
      await page.getByLabel('密码').fill('wrong');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
    }));

  it('lets a township admin add a unit and a person, with errors next to the fields', () =>
    step('township-admin', async () => {
      await signIn('qingshan.admin');
      await page.getByText('青山镇', { exact: true }).first().waitFor();
      // The menu follows the permission matrix: a township admin has no county pages.
      await expect(nav().getByRole('link', { name: '全县概览' }).count()).resolves.toBe(0);

      await open('单位');
      await page.getByRole('cell', { name: '东村', exact: true }).waitFor();
      await page.getByRole('button', { name: '新增单位' }).click();
      const unitDialog = page.getByRole('dialog', { name: '新增单位' });
      await unitDialog.waitFor();
      // Empty: the API's problem details land next to the fields they name.
      await unitDialog.getByRole('button', { name: '保存' }).click();
      // Wait for the answer to arrive (the machine may be busy), then check which field it marked.
      await unitDialog.locator('[aria-invalid="true"]').first().waitFor();
      await expect(unitDialog.getByLabel('单位名称').getAttribute('aria-invalid')).resolves.toBe('true');
      await unitDialog.getByLabel('单位名称').fill(unitName);
      await unitDialog.getByLabel('单位类型').selectOption({ label: '村' });
      await unitDialog.getByRole('button', { name: '保存' }).click();
      await unitDialog.waitFor({ state: 'hidden' });
      await page
        .getByRole('status')
        .filter({ hasText: `已新增单位“${unitName}”` })
        .waitFor();
      await page.getByRole('cell', { name: unitName, exact: true }).waitFor();

      await open('人员');
      await page.getByRole('button', { name: '新增人员' }).click();
      const personDialog = page.getByRole('dialog', { name: '新增人员' });
      await personDialog.getByLabel('姓名').fill(personName);
      await personDialog.getByLabel('岗位类型').selectOption({ label: '村组干部' });
      await personDialog.getByLabel('所在单位').selectOption({ label: `${unitName}（村）` });
      await personDialog.getByLabel('职务').fill('村委委员');
      await personDialog.getByRole('button', { name: '保存' }).click();
      await personDialog.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: personName, exact: true }).waitFor();

      // Filtered by the new unit, the new person is all there is.
      await page.getByLabel('按单位筛选').selectOption({ label: unitName });
      await page.getByText('共 1 条').waitFor();
      await page.getByRole('cell', { name: personName, exact: true }).waitFor();
      await page.getByRole('cell', { name: unitName, exact: true }).waitFor();
    }));

  it('keeps the form-links page 360 px wide on a phone, with dialogs that fit and give the focus back', () =>
    step('phone-links', async () => {
      await open('评价链接');
      await page.setViewportSize({ width: 360, height: 640 });
      try {
        const add = page.getByRole('button', { name: '新建评价链接' });
        await add.click();
        const dialog = page.getByRole('dialog', { name: '新建评价链接' });
        await dialog.getByLabel('单位', { exact: true }).selectOption({ label: '东村' });
        await dialog.getByLabel('张贴位置或备注（选填）').fill(`手机${tag}`);
        await dialog.getByRole('button', { name: '新建评价链接' }).click();
        const qr = page.getByRole('dialog', { name: `二维码与海报：东村 · 手机${tag}` });
        await qr.getByRole('img').waitFor();
        const box = await qr.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
        await page.keyboard.press('Escape');
        await qr.waitFor({ state: 'hidden' });
        // Nothing scrolls sideways, the table neither: each link is a card, its link and buttons in view.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        const table = page.getByRole('table', { name: '评价链接列表' });
        expect(await table.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0))).toBe(true);
        const buttons = await page
          .getByRole('row')
          .filter({ hasText: `手机${tag}` })
          .getByRole('button')
          .evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().right));
        expect(buttons.length).toBeGreaterThan(0);
        for (const right of buttons) expect(right).toBeLessThanOrEqual(360);

        // A destructive confirm opens on 取消, and closing it gives the focus back to the button that opened it.
        const row = page.getByRole('row').filter({ hasText: `手机${tag}` });
        const revoke = row.getByRole('button', { name: /^停用/ });
        await revoke.click();
        const confirm = page.getByRole('dialog', { name: '停用' });
        await expect(
          confirm.getByRole('button', { name: '取消' }).evaluate((b) => b === document.activeElement),
        ).resolves.toBe(true);
        await page.keyboard.press('Escape');
        await confirm.waitFor({ state: 'hidden' });
        await expect(revoke.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
        await revoke.click();
        await confirm.getByRole('button', { name: '停用' }).click();
        await row.getByText('已停用', { exact: true }).waitFor();
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      await open('人员');
    }));

  it('switches to English and keeps the choice and the session across a reload', () =>
    step('language', async () => {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('button', { name: '切换到中文' }).click();
      await page.getByRole('heading', { name: '人员', level: 1 }).waitFor();
      await signOut();
    }));

  it('shows another township neither the unit nor the person', () =>
    step('other-township', async () => {
      await signIn('baishui.admin');
      await page.getByText('白水镇', { exact: true }).first().waitFor();
      await open('单位');
      await page.getByRole('cell', { name: '南村', exact: true }).waitFor();
      await expect(page.getByText(unitName).count()).resolves.toBe(0);
      await expect(page.getByRole('cell', { name: '东村', exact: true }).count()).resolves.toBe(0);

      await open('人员');
      await page.getByRole('table', { name: '人员名册' }).waitFor();
      await page.getByRole('cell', { name: '白水镇镇活动办', exact: true }).first().waitFor();
      await expect(page.getByText(personName).count()).resolves.toBe(0);
      await expect(page.getByRole('option', { name: unitName }).count()).resolves.toBe(0);
      await signOut();
    }));

  it('tells a cadre who opens the residents’ feedback by its address that the account may not, not that it is missing', () =>
    step('barred-page', async () => {
      await signIn('qingshan.cadre');
      expect(await nav().getByRole('link', { name: '群众评价', exact: true }).count()).toBe(0);
      await page.goto(`${rt.url}/console/feedback`);
      await page.getByRole('heading', { name: '群众评价', level: 1 }).waitFor();
      await page.getByText(/^您的账号（.+）不能查看“群众评价”/).waitFor();
      expect(await page.getByText('页面不存在').count()).toBe(0);
      // A path that is no page at all is still a missing page.
      await page.goto(`${rt.url}/console/no-such-page`);
      await page.getByRole('heading', { name: '页面不存在', level: 1 }).waitFor();
      await signOut();
    }));

  it('shows the county office both townships side by side', () =>
    step('county', async () => {
      await signIn('county.admin');
      // The county's first page is the overview.
      await page.getByRole('heading', { name: '全县概览', level: 1 }).waitFor();
      const table = page.getByRole('table', { name: '各乡镇汇总' });
      await table.getByRole('cell', { name: '青山镇', exact: true }).waitFor();
      await table.getByRole('cell', { name: '白水镇', exact: true }).waitFor();
      await expect(table.getByRole('row').count()).resolves.toBe(3); // header + two townships
      // No township pages for the county office.
      await expect(nav().getByRole('link', { name: '单位', exact: true }).count()).resolves.toBe(0);
      await signOut();
    }));
});
