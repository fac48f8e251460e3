import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_DIST } from '../../../packages/form/ensure-built';
import { checkAnswers, EMPTY_ANSWERS } from '../src/app/basic/answers';
import { lookupPage, problemPage, statusPage } from '../src/app/basic/html';
import type { ReceiptView } from '../src/app/receipts';
import { FeedbackContent } from '../src/contract';
import { CODE_EMPTY_ZH, CONSENT_NEEDED_ZH, LINK_REFUSAL_ZH, linkRefusalOf } from '../src/domain/form-wording';

/**
 * What the residents' two forms say when something is wrong, from one module (domain/form-wording.ts): a
 * link that does not open, the consent a call-back number needs, an empty receipt lookup. And the place and
 * the receipt code on the simple pages that follow a case. Pages only, without a table.
 */

const TOKEN = 'twp-qingshan.01JQ7ZC3J8V5W2X4Y6Z8A0B1C2.abcdefghijklmnopqrstuv';
const CODE = '7K3Q-9M2D-X8PA-4TNB';
const token = (reason: string) => [{ field: 'path.token', reason }];
const h1 = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const view: ReceiptView = {
  receiptCode: CODE,
  submittedAt: '2026-03-02T08:00:00.000Z',
  state: { code: 'received', label: '已收到您反映的问题，正在转交办理' },
  rerating: { open: false, reason: '问题还没有整改完成，暂时不能回访评价' },
};

describe('a link that does not open', () => {
  it('is told apart from the refusal the API gives of its token', () => {
    // Prepare: the refusals of app/form-links.ts, app/receipts.ts and the routes' token rule, as sent.
    const cases = [
      [{ status: 410, errors: token('链接已停用') }, 'revoked'],
      [{ status: 410, errors: token('链接已过期') }, 'expired'],
      [{ status: 410, errors: token('该镇暂停受理') }, 'suspended'],
      [{ status: 410, errors: token('别的原因') }, 'gone'],
      [{ status: 404, errors: token('链接无效或不完整') }, 'invalid'],
      [{ status: 400, errors: token('链接无效') }, 'invalid'],
      [{ status: 404, errors: [{ field: 'path.code', reason: '没有这个回执码' }] }, undefined],
      [{ status: 429 }, undefined],
    ] as const;

    // Act / Assess
    for (const [problem, kind] of cases) expect([problem, linkRefusalOf(problem)]).toEqual([problem, kind]);
  });

  it.each([
    ['revoked', 410, '链接已停用', '这个评价二维码已停用'],
    ['expired', 410, '链接已过期', '这个评价二维码已过期'],
  ] as const)(
    '%s: says so in plain words with the next step, and still leads to its receipts',
    (_k, status, reason, title) => {
      // Act: as the HTML routes draw it (the generic title is what describeError gives).
      const html = problemPage(
        { status, title: '该链接已失效', detail: `该${reason}`, errors: token(reason) },
        TOKEN,
      );

      // Assess
      expect(h1(html)).toBe(title);
      expect(titleOf(html)).toBe(title);
      expect(html).toContain('请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。');
      expect(html).not.toContain('该链接已失效');
      expect(html).not.toContain('请就下面三个问题选一选');
      expect(html).toContain(`href="/f/${TOKEN}/basic/r"`);
      expect(html).not.toContain(`href="/f/${TOKEN}/basic"`);
    },
  );

  it('each refusal has its own heading', () => {
    const titles = Object.values(LINK_REFUSAL_ZH).map((w) => w.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(LINK_REFUSAL_ZH.expired.next).not.toBe(LINK_REFUSAL_ZH.revoked.next);
  });

  it('a mistyped link reads as a wrong link, never as "what you submitted is wrong"', () => {
    // Prepare: a token too short for the route's rule (400) and one whose signature fails (404).
    const short = {
      status: 400,
      title: '提交的内容有误，请检查后再试',
      detail: '提交的内容有误',
      errors: token('链接无效'),
    };
    const forged = {
      status: 404,
      title: '没有找到相关内容',
      detail: '链接无效，请重新扫描二维码',
      errors: token('链接无效或不完整'),
    };

    for (const p of [short, forged]) {
      // Act
      const html = problemPage(p, undefined);

      // Assess
      expect(titleOf(html)).toBe('链接不完整或有误，请重新扫描海报上的二维码');
      expect(h1(html)).toBe('链接不完整或有误，请重新扫描海报上的二维码');
      expect(html).toContain('镇便民服务中心');
      expect(html).not.toContain('提交的内容有误');
      expect(html).not.toContain('没有找到相关内容');
    }
  });

  it('other refusals keep their own title and the way back to the form', () => {
    const busy = problemPage(
      { status: 429, title: '提交太频繁，请稍后再试', detail: '请 9 分钟后再试' },
      TOKEN,
    );

    expect(h1(busy)).toBe('提交太频繁，请稍后再试');
    expect(busy).toContain(`href="/f/${TOKEN}/basic"`);
  });
});

describe('the consent a call-back number needs', () => {
  it('is worded once: the contract, the simple form and the full form say the same', () => {
    // Act
    const contract = FeedbackContent.safeParse({
      ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' },
      phone: '13800004321',
    });
    const simple = checkAnswers(
      {
        ...EMPTY_ANSWERS,
        ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' },
        phone: '13800004321',
      },
      [],
    );
    // The full form's script as built (jest's global setup builds it when a source changed).
    const script = readFileSync(join(FORM_DIST, 'assets', 'form.js'), 'utf8');

    // Assess
    expect(CONSENT_NEEDED_ZH).toBe('留电话需要您同意：仅用于回电核实和告知办理结果');
    expect(contract.success ? undefined : contract.error.issues[0]?.message).toBe(CONSENT_NEEDED_ZH);
    expect(simple).toEqual({ errors: { consent: CONSENT_NEEDED_ZH } });
    expect(script).toContain(CONSENT_NEEDED_ZH);
    expect(script).not.toContain('请把号码删掉');
  });
});

describe('the simple pages that follow a case', () => {
  it('name the link’s township and unit where they are known, and the campaign where not', () => {
    // Act
    const lookup = lookupPage(TOKEN, { place: { township: '青山镇', unit: '西村' } });
    const status = statusPage(TOKEN, view, { township: '青山镇', unit: '西村' });
    const township = lookupPage(TOKEN, { place: { township: '青山镇' } });
    const unknown = statusPage(TOKEN, view);

    // Assess
    for (const html of [lookup, status]) {
      expect(html).toContain('<p class="place">青山镇 · 西村</p>');
      expect(html).not.toContain('能力作风建设年');
    }
    expect(township).toContain('<p class="place">青山镇</p>');
    expect(unknown).toContain('<p class="place">能力作风建设年</p>');
  });

  it('keep each group of four of a code on one line', () => {
    const html = statusPage(TOKEN, view);

    // A break is allowed after each group's dash (<wbr>, even before a digit), and nowhere inside a group.
    expect(html).toContain(
      '<span lang="en"><span class="g">7K3Q-</span><wbr><span class="g">9M2D-</span><wbr><span class="g">X8PA-</span><wbr><span class="g">4TNB</span></span>',
    );
    expect(html).toMatch(/\.g\{white-space:nowrap\}/);
  });

  it('ask for a code when none was typed, not for a better one', () => {
    const html = lookupPage(TOKEN, { error: CODE_EMPTY_ZH });

    expect(html).toContain('请输入回执码');
    expect(html).not.toContain('格式不对');
  });
});
