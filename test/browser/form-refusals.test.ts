import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoLinks } from '../../packages/local/src';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { type AxeResult, axe } from '../bench/form-budget';
import { RECEIPT_CODE, submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { launchChromium, step as stepOn } from './support';

/**
 * The residents' pages on a cheap phone (360 × 740) when something is off, in real Chromium, with scripts
 * and without: a revoked, an expired or a mistyped link is a page that says what happened and what to do
 * next (no lead, no questions); a receipt code wraps between its groups of four, never inside one; an empty
 * lookup asks for a code. Each state is checked with axe-core.
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let browser: Browser;
let withJs: BrowserContext;
let noJs: BrowserContext;
let page: Page;
let plain: Page;
const audits: AxeResult[] = [];
const QINGSHAN = 'twp-qingshan';
const SMALL_PHONE = {
  viewport: { width: 360, height: 740 },
  locale: 'zh-CN',
  isMobile: true,
  hasTouch: true,
};
/** The seed's first form link: 青山镇 · 东村. */
const live = () => demoLinks(TEST_SECRET)[0]!;
const links = { revoked: '', expired: '' };

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
  // axe-core is a script the pages' CSP refuses: the audit bypasses it (test/e2e/form-pages.test.ts checks it).
  withJs = await browser.newContext({ ...SMALL_PHONE, bypassCSP: true });
  noJs = await browser.newContext({ ...SMALL_PHONE, javaScriptEnabled: false });
  for (const c of [withJs, noJs]) c.setDefaultTimeout(20_000);
  page = await withJs.newPage();
  plain = await noJs.newPage();

  const admin = await t.token('qingshan.admin');
  const create = async () =>
    (await t.api('POST', '/form-links', { token: admin, body: { unitId: 'u-xicun' } })).json as {
      linkId: string;
      token: string;
    };
  const [revoked, expired] = await Promise.all([create(), create()]);
  expect((await t.api('POST', `/form-links/${revoked.linkId}/revoke`, { token: admin })).status).toBe(200);
  // A link past its date (a link cannot be created with one already past).
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: feedbackKeys.link(QINGSHAN, expired.linkId),
      UpdateExpression: 'SET validUntil = :past',
      ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
    }),
  );
  links.revoked = revoked.token;
  links.expired = expired.token;
}, 120_000);

afterAll(async () => {
  await withJs?.close().catch(() => {});
  await noJs?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await t?.stop();
});

/** The text a page shows: hidden elements are not shown, which is the point (textContent would list them). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
const visibleText = (p: Page) => p.locator('body').innerText();

const CASES = [
  {
    name: 'revoked',
    token: () => links.revoked,
    title: '这个评价二维码已停用',
    next: '请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。',
    lookup: true,
  },
  {
    name: 'expired',
    token: () => links.expired,
    title: '这个评价二维码已过期',
    next: '请扫描村里或便民服务中心新张贴的二维码',
    lookup: true,
  },
  {
    name: 'mistyped',
    // The poster's link with its last characters lost or misread.
    token: () => `${live().token.slice(0, -3)}xyz`,
    title: '链接不完整或有误，请重新扫描海报上的二维码',
    next: '镇便民服务中心',
    lookup: false,
  },
] as const;

describe.each(CASES)('a $name link', (c) => {
  it('is, with scripts, a page that says what happened and what to do, with no lead and no questions', async () => {
    await stepOn(page, `refusal-js-${c.name}`, async () => {
      // Act
      await page.goto(`${t.rt.url}/f/${c.token()}`);
      await page.getByRole('heading', { level: 1, name: c.title }).waitFor();

      // Assess
      await page.getByRole('alert').filter({ hasText: c.next }).waitFor();
      expect(await page.title()).toContain(c.title);
      const text = await visibleText(page);
      expect(text).not.toContain('请就下面三个问题选一选');
      expect(text).not.toContain('请您评一评');
      expect(text).not.toContain('提交的内容有误');
      expect(await page.locator('input[type="radio"]:visible').count()).toBe(0);
      expect(await page.getByRole('button', { name: '提交评价' }).isVisible()).toBe(false);
      // A revoked or expired link still answers for its receipts: the way there stays.
      expect(await page.getByRole('link', { name: '已经评价过？用回执码查询办理情况' }).isVisible()).toBe(
        c.lookup,
      );
      audits.push(await axe(page, `full form, ${c.name} link`));
    });
  });

  it('is the same page without scripts', async () => {
    await stepOn(plain, `refusal-basic-${c.name}`, async () => {
      const res = await plain.goto(`${t.rt.url}/f/${c.token()}/basic`);

      expect(res?.status()).toBe(c.name === 'mistyped' ? 404 : 410);
      await plain.getByRole('heading', { level: 1, name: c.title }).waitFor();
      expect(await plain.title()).toBe(c.title);
      const text = await visibleText(plain);
      expect(text).toContain(c.next);
      expect(text).not.toContain('请就下面三个问题选一选');
      expect(text).not.toContain('该链接已失效');
      expect(await plain.getByRole('link', { name: '已经评价过？用回执码查询办理情况' }).count()).toBe(
        c.lookup ? 1 : 0,
      );
      await page.setContent(await plain.content());
      audits.push(await axe(page, `simple form, ${c.name} link`));
    });
  });
});

it('a short, garbled link is a wrong link on both forms, not "what you submitted is wrong"', async () => {
  for (const [p, path] of [
    [page, '/f/abc'],
    [plain, '/f/abc/basic'],
  ] as const) {
    await stepOn(p, 'refusal-short', async () => {
      await p.goto(`${t.rt.url}${path}`);
      expect(await p.title()).toBe('链接不完整或有误，请重新扫描海报上的二维码');
      expect(await visibleText(p)).not.toContain('提交的内容有误');
    });
  }
});

/** How many lines each group of a code takes on the page now: 1 each, or a group was cut in two. */
const linesPerGroup = (p: Page, selector: string) =>
  p.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).getClientRects().length));

it('keeps each group of four of a receipt code on one line at 360 px, with scripts and without', async () => {
  // Prepare: a receipt of the live link.
  const sent = await submitAsResident(t, live().token, {
    ratings: { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' },
    complaint: '路灯坏了',
  });
  const code = sent.json.receiptCode as string;
  expect(code).toMatch(RECEIPT_CODE);
  const groups = code.split('-').map((g, i) => (i < 3 ? `${g}-` : g));

  await stepOn(page, 'code-js-status', async () => {
    // Act
    await page.goto(`${t.rt.url}/f/${live().token}/r/${code}`);
    await page.locator('#state').filter({ hasText: /\S/ }).waitFor();

    // Assess: read aloud as one code, shown in groups that each stay whole.
    await page.getByRole('heading', { name: `回执码 ${code}` }).waitFor();
    expect(await page.locator('#result-code .code-group').allTextContents()).toEqual(groups);
    expect(await linesPerGroup(page, '#result-code .code-group')).toEqual([1, 1, 1, 1]);
    expect(await page.locator('#result-code').evaluate((e) => getComputedStyle(e).wordBreak)).not.toBe(
      'break-all',
    );
    audits.push(await axe(page, 'receipt status'));
  });

  await stepOn(plain, 'code-basic-status', async () => {
    await plain.goto(`${t.rt.url}/f/${live().token}/basic/r/${code}`);
    await plain.getByRole('heading', { name: `回执码 ${code}` }).waitFor();

    expect(await linesPerGroup(plain, '#result-title .g')).toEqual([1, 1, 1, 1]);
    // The place of the link, as the form shows it.
    await plain.getByText(`${live().township} · ${live().unit}`, { exact: true }).waitFor();
  });
}, 60_000);

it('asks for a code when the lookup is sent empty, and for a better one when it is wrong', async () => {
  await stepOn(page, 'lookup-empty', async () => {
    await page.goto(`${t.rt.url}/f/${live().token}/r/`);
    await page.getByText(`${live().township} · ${live().unit}`, { exact: true }).waitFor();

    await page.getByRole('button', { name: '查询' }).click();
    expect(await page.locator('#err-code').textContent()).toBe('请输入回执码');

    await page.getByRole('textbox', { name: '回执码' }).fill('12');
    await page.getByRole('button', { name: '查询' }).click();
    expect(await page.locator('#err-code').textContent()).toMatch(/^回执码格式不对/);
  });

  await stepOn(plain, 'lookup-empty-basic', async () => {
    await plain.goto(`${t.rt.url}/f/${live().token}/basic/r`);
    await plain.getByText(`${live().township} · ${live().unit}`, { exact: true }).waitFor();
    await plain.getByRole('button', { name: '查询' }).click();
    await plain.getByRole('alert').filter({ hasText: '请输入回执码' }).waitFor();
  });
});

afterAll(() => {
  console.log(
    audits
      .map(
        (r) =>
          `axe ${r.state}: ${r.violations.map((v) => `${v.id} (${v.impact})`).join(', ') || 'no violations'}`,
      )
      .join('\n'),
  );
});

it('has no serious or critical axe violation in any of these states', () => {
  expect(audits.length).toBeGreaterThanOrEqual(7);
  expect(
    audits.flatMap((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')),
  ).toEqual([]);
});
