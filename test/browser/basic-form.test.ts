import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { type AxeResult, axe, phone } from '../bench/form-budget';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { launchChromium, step as stepOn } from './support';

/**
 * The simple form (简易版) in real Chromium with JavaScript off: a resident opens `/f/<token>/basic`, sends it
 * empty and is told what to fix, answers, sends it, and reads the receipt code; then follows the receipt to its
 * status page. Each of these pages is also checked with axe-core (in a page with scripts, from the same HTML,
 * since axe is a script).
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;
let noScript: BrowserContext;
let audit: BrowserContext;
let resident: Page;
let auditor: Page;
const QUESTIONS = ['党的温暖送到没有', '群众反映的问题解决没有', '老百姓幸福感和获得感增强没有'];
const PAYLOAD = '<img src=x onerror=alert(1)><script>alert(1)</script>';
const complaint = `小区门口的路灯坏了，晚上看不见。${PAYLOAD} ${ulid().slice(-6)}`;
/** The seed's first form link: 青山镇 · 东村. */
const link = () => demoLinks(TEST_SECRET)[0]!;
const audits: AxeResult[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  noScript = await browser.newContext({ ...phone, javaScriptEnabled: false });
  // axe-core is a script: it runs on a copy of each page's HTML in a page with scripts (and without the CSP).
  audit = await browser.newContext({ ...phone, bypassCSP: true });
  for (const c of [noScript, audit]) c.setDefaultTimeout(20_000);
  resident = await noScript.newPage();
  auditor = await audit.newPage();
}, 120_000);

afterAll(async () => {
  await noScript?.close().catch(() => {});
  await audit?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await t?.stop();
});

const step = (name: string, body: () => Promise<void>) => stepOn(resident, name, body);

/** axe-core on the resident's page as it is now. */
async function check(state: string) {
  await auditor.setContent(await resident.content());
  audits.push(await axe(auditor, state));
}

it('lets a resident with JavaScript off rate, complain, get a receipt code and follow it', async () => {
  let code = '';
  await step('basic-open', async () => {
    const res = await resident.goto(`${t.rt.url}/f/${link().token}/basic`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toMatch(/^default-src 'none'/);
    await resident.getByText(`${link().township} · ${link().unit}`, { exact: true }).waitFor();
    await resident.getByRole('heading', { name: '请您评一评' }).waitFor();
    // The honeypot is there for bots and nowhere for people.
    expect(await resident.locator('#hp-website').isVisible()).toBe(true);
    const box = await resident.locator('#hp-website').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(0);
    await check('form');
  });

  await step('basic-errors', async () => {
    // Sent empty: the page comes back with a summary whose links lead to each question.
    await resident.getByRole('button', { name: '提交评价' }).click();
    await resident.getByRole('heading', { name: '还有 3 处需要修改，请改好后再提交：' }).waitFor();
    expect(await resident.title()).toMatch(/^错误：/);
    await resident.getByRole('link', { name: `第 2 题：${QUESTIONS[1]}：请选择一项` }).click();
    expect(new URL(resident.url()).hash).toBe('#solved-1');
    await check('form with errors');
  });

  await step('basic-answer', async () => {
    const answers = ['满意', '不满意', '基本满意'];
    for (const [i, q] of QUESTIONS.entries())
      await resident
        .getByRole('group', { name: `${i + 1}. ${q}` })
        .getByLabel(answers[i]!, { exact: true })
        .check();
    await resident.getByLabel('问题或建议').fill(complaint);
    // A number without consent: told so, with everything else kept.
    await resident.getByRole('textbox', { name: '手机号' }).fill('138 0000 4321');
    await resident.getByRole('button', { name: '提交评价' }).click();
    await resident.getByRole('link', { name: /^同意回电：留电话需要您同意/ }).waitFor();
    expect(await resident.getByLabel('问题或建议').inputValue()).toBe(complaint);
    expect(
      await resident
        .getByRole('group', { name: `2. ${QUESTIONS[1]}` })
        .getByLabel('不满意', { exact: true })
        .isChecked(),
    ).toBe(true);
    await resident.getByLabel('我同意镇里按上面说的用途和期限使用这个手机号回电。').check();
    await resident.getByRole('button', { name: '提交评价' }).click();
    await resident.getByRole('heading', { name: '提交成功，谢谢您！' }).waitFor({ timeout: 30_000 });
    code = ((await resident.locator('.code').textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    await resident
      .getByText(
        `读法：${code
          .split('-')
          .map((g) => g.split('').join(' '))
          .join('，')}`,
      )
      .waitFor();
    await check('receipt');
  });

  await step('basic-status', async () => {
    await resident.getByRole('link', { name: '查询办理情况（简易版）' }).click();
    await resident.getByRole('heading', { name: `回执码 ${code}` }).waitFor();
    await resident.getByText('办理状态').waitFor();
    expect(new URL(resident.url()).pathname).toBe(`/f/${link().token}/basic/r/${code}`);
    await check('status');
  });

  await step('basic-lookup', async () => {
    // Later, from the form's footer: the code typed in lower case, with spaces.
    await resident.goto(`${t.rt.url}/f/${link().token}/basic`);
    await resident.getByRole('link', { name: '已经评价过？用回执码查询办理情况' }).click();
    await resident.getByLabel('回执码').fill(code.toLowerCase().replace(/-/g, ' '));
    await resident.getByRole('button', { name: '查询' }).click();
    await resident.getByRole('heading', { name: `回执码 ${code}` }).waitFor();
    await check('lookup');
  });

  // The complaint as the township sees it: stored as typed, the script as text.
  const token = await t.token('qingshan.admin');
  const list = await t.api('GET', '/feedback?limit=100', { token });
  expect((list.json.items as { complaint?: string }[]).some((f) => f.complaint === complaint)).toBe(true);

  console.log(
    audits
      .map(
        (r) =>
          `axe ${r.state}: ${r.violations.map((v) => `${v.id} (${v.impact})`).join(', ') || 'no violations'}`,
      )
      .join('\n'),
  );
  expect(
    audits.flatMap((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')),
  ).toEqual([]);
}, 120_000);

it('stores one submission when a resident goes Back and presses Submit again', async () => {
  const context = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await context.newPage();
  const text = `后退再提交 ${ulid().slice(-6)}`;
  await page.goto(`${t.rt.url}/f/${link().token}/basic`);
  for (const q of QUESTIONS)
    await page.getByRole('group', { name: q }).getByLabel('满意', { exact: true }).check();
  await page.getByLabel(/问题或建议/).fill(text);
  const receiptOf = async () =>
    /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/.exec(await page.content())?.[0];
  await page.getByRole('button', { name: '提交评价' }).click();
  const first = await receiptOf();
  expect(first).toBeDefined();
  // Back shows the page as it was (its ticket included), and the second Submit gets the first receipt.
  await page.goBack();
  await page.getByRole('button', { name: '提交评价' }).click();
  expect(await receiptOf()).toBe(first);
  const list = await t.api('GET', '/feedback?limit=100', { token: await t.token('qingshan.admin') });
  expect((list.json.items as { complaint?: string }[]).filter((i) => i.complaint === text)).toHaveLength(1);
  await context.close();
}, 60_000);
