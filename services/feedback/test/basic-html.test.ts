import { checkAnswers, EMPTY_ANSWERS, readAnswers } from '../src/app/basic/answers';
import {
  chinaTime,
  type FormView,
  formPage,
  lookupPage,
  problemPage,
  receiptPage,
  statusPage,
} from '../src/app/basic/html';
import type { ReceiptView } from '../src/app/receipts';
import { CONTACT_PURPOSE_ZH, CONTACT_RETENTION_ZH } from '../src/domain/contact';
import { QUESTIONS, SCALE } from '../src/domain/questions';

/** The simple form's pages (app/basic/html.ts) and its answers (app/basic/answers.ts), without a table. */

const TOKEN = 'twp-qingshan.01JQ7ZC3J8V5W2X4Y6Z8A0B1C2.abcdefghijklmnopqrstuv';
const SCRIPT = '<script>alert(1)</script>';
const view: FormView = { token: TOKEN, township: '青山镇', unit: '东村', units: [] };
const townshipWide: FormView = {
  token: TOKEN,
  township: '青山镇',
  units: [
    { unitId: 'u-dongcun', name: '东村' },
    { unitId: 'u-xicun', name: '西村' },
  ],
};
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };
const CODE = '7K3Q-9M2D-X8PA-4TNB';

/** The page's ids, labels and the like, read with regular expressions (the pages are ours and regular). */
const ids = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\bid="([^"]+)"`, 'g'))].map((m) => m[1]!);

describe('the simple form page', () => {
  const html = formPage(view, { answers: EMPTY_ANSWERS, ticket: 'v1.claims.mac' });

  it('is a zh-CN document without a single script, and small', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/<script|\bon[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/<link rel="stylesheet"|<img|<iframe/);
    expect(Buffer.byteLength(html)).toBeLessThan(14 * 1024);
  });

  it('shows the place, the three questions on the five-level scale, each in a fieldset with a legend', () => {
    expect(html).toContain('<p class="place">青山镇 · 东村</p>');
    for (const [i, q] of QUESTIONS.entries()) {
      expect(html).toMatch(new RegExp(`<fieldset id="q-${q.id}">\\n<legend>${i + 1}\\. ${q.text}</legend>`));
      for (const [n, s] of SCALE.entries())
        expect(html).toContain(
          `<label class="opt"><input type="radio" name="${q.id}" value="${s.value}" id="${q.id}-${n + 1}"> ${s.label}</label>`,
        );
    }
    // A unit's own link asks for no unit.
    expect(html).not.toContain('name="unitId"');
  });

  it('labels every control', () => {
    for (const id of [...ids(html, 'textarea'), ...ids(html, 'select')])
      expect(html).toContain(`for="${id}"`);
    for (const m of html.matchAll(/<input\b[^>]*>/g)) {
      const input = m[0];
      if (/type="(hidden)"/.test(input)) continue;
      const id = /\bid="([^"]+)"/.exec(input)?.[1];
      const wrapped =
        html.slice(0, m.index).lastIndexOf('<label') > html.slice(0, m.index).lastIndexOf('</label>');
      expect(wrapped || (id && html.includes(`for="${id}"`))).toBeTruthy();
    }
  });

  it('offers the complaint (1000 characters), the call-back number with its purpose and retention, and no photo', () => {
    expect(html).toMatch(/<textarea id="complaint" name="complaint" rows="5" maxlength="1000"/);
    expect(html).toContain(CONTACT_PURPOSE_ZH);
    expect(html).toContain(CONTACT_RETENTION_ZH);
    expect(html).toMatch(/<input type="tel" id="phone" name="phone"/);
    expect(html).toMatch(/<input type="checkbox" id="consent" name="consent" value="yes">/);
    expect(html).toContain('简易版不能附照片');
    expect(html).not.toContain('type="file"');
  });

  it('hides the honeypot from people and from autofill, as the form with scripts does, and carries the ticket', () => {
    expect(html).toContain(
      '<div class="hp"><label for="hp-website">请勿填写此项（留空）</label><input type="text" id="hp-website" name="website" tabindex="-1" autocomplete="off"></div>',
    );
    expect(html).toMatch(/\.hp\{position:absolute;left:-10000px/);
    expect(html).toContain('<input type="hidden" name="ticket" value="v1.claims.mac">');
  });

  it('posts as a plain form to its sending address, and links the lookup and the full form', () => {
    expect(html).toContain(
      `<form method="post" action="/f/${TOKEN}/basic/send" accept-charset="utf-8" novalidate>`,
    );
    expect(html).toContain(`href="/f/${TOKEN}/basic/r"`);
    expect(html).toContain(`href="/f/${TOKEN}"`);
  });

  it('lets a township-wide link choose the unit', () => {
    const wide = formPage(townshipWide, {
      answers: { ...EMPTY_ANSWERS, unitId: 'u-xicun' },
      ticket: 't',
    });

    expect(wide).toContain('<p class="place">青山镇</p>');
    expect(wide).toContain('<label class="l" for="unitId">您要评价哪个村或单位？</label>');
    expect(wide).toContain(
      '<option value="u-dongcun">东村</option><option value="u-xicun" selected>西村</option>',
    );
  });
});

describe('the simple form shown again', () => {
  it('keeps every answer, and escapes what was typed: a script in the complaint comes back as text', () => {
    const answers = readAnswers({
      ...ratings,
      complaint: `路灯坏了${SCRIPT}\r\n"引号" & 'apostrophe'`,
      phone: '138"><b>',
      consent: 'yes',
      website: '',
    });
    const html = formPage(view, {
      answers,
      ticket: 't',
      errors: { phone: '手机号格式不对，请填写 11 位手机号' },
    });

    expect(html).toContain(
      '>\n路灯坏了&#60;script&#62;alert(1)&#60;/script&#62;\n&#34;引号&#34; &#38; &#39;apostrophe&#39;</textarea>',
    );
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('value="138&#34;&#62;&#60;b&#62;"');
    expect(html).not.toContain('<b>');
    expect(html).toContain('value="satisfied" id="warmth-2" checked');
    expect(html).toContain('value="dissatisfied" id="solved-4" checked');
    expect(html).toContain('value="basically_satisfied" id="happiness-3" checked');
    expect(html).toMatch(/name="consent" value="yes" checked/);
  });

  it('escapes a township, a unit and a token like anything else', () => {
    const html = formPage(
      { token: `x"><script>`, township: `<i>镇</i>`, unit: `"村"`, units: [{ unitId: `"u`, name: SCRIPT }] },
      { answers: EMPTY_ANSWERS, ticket: `"><script>` },
    );

    expect(html).not.toMatch(/<script|<i>/);
    expect(html).toContain('&#60;i&#62;镇&#60;/i&#62; · &#34;村&#34;');
    expect(html).toContain('action="/f/x%22%3E%3Cscript%3E/basic/send"');
  });

  it('opens with an error summary whose links lead to each field, in page order, and marks the fields', () => {
    const checked = checkAnswers(
      readAnswers({ warmth: 'satisfied', complaint: '长'.repeat(1001), phone: '12345' }),
      townshipWide.units,
    );
    if (!('errors' in checked)) throw new Error('expected errors');
    const html = formPage(townshipWide, { answers: EMPTY_ANSWERS, ticket: 't', errors: checked.errors });

    expect(html).toMatch(/<title>错误：/);
    const links = [...html.matchAll(/<li><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['unitId', '村或单位：请选择您要评价的村或单位'],
      ['solved-1', `第 2 题：${QUESTIONS[1].text}：请选择一项`],
      ['happiness-1', `第 3 题：${QUESTIONS[2].text}：请选择一项`],
      ['complaint', '问题或建议：问题或建议不能超过 1000 字'],
      ['phone', '手机号：手机号格式不对，请填写 11 位手机号'],
    ]);
    expect(html).toContain('<h2 id="summary-title">还有 5 处需要修改，请改好后再提交：</h2>');
    // Each target exists, and each field points at its message.
    for (const [id] of links) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<fieldset id="q-solved" class="invalid" aria-describedby="err-solved">/);
    expect(html).toContain('<p class="err" id="err-solved"><span class="sr">错误：</span>请选择一项</p>');
    expect(html).toMatch(
      /<textarea [^>]*aria-describedby="complaint-hint err-complaint" aria-invalid="true">/,
    );
    expect(html).not.toMatch(/<fieldset id="q-warmth" class="invalid"/);
  });

  it('shows a message about the whole submission above the form', () => {
    const html = formPage(view, { answers: EMPTY_ANSWERS, ticket: 't', alert: `页面已过期${SCRIPT}` });

    expect(html).toContain('<div class="alert" role="alert"><p>页面已过期&#60;script&#62;');
  });
});

describe('the answers', () => {
  it('are checked with the JSON route schema: the same rules and messages', () => {
    const ok = checkAnswers(
      readAnswers({ ...ratings, complaint: ' 路灯坏了\r\n第二行 ', phone: '138 0000 4321', consent: 'yes' }),
      [],
    );

    expect(ok).toEqual({
      content: {
        ratings,
        complaint: '路灯坏了\n第二行',
        phone: '13800004321',
        consent: true,
      },
    });
  });

  it('count a line break as one character, as the page does', () => {
    const text = `${'长'.repeat(499)}\r\n${'长'.repeat(500)}`;

    expect('content' in checkAnswers(readAnswers({ ...ratings, complaint: text }), [])).toBe(true);
  });

  it('need consent for a number, and a unit of the township for a township-wide link', () => {
    const noConsent = checkAnswers(readAnswers({ ...ratings, phone: '13800004321' }), []);
    const noUnit = checkAnswers(readAnswers(ratings), townshipWide.units);
    const strangeUnit = checkAnswers(readAnswers({ ...ratings, unitId: 'u-elsewhere' }), townshipWide.units);
    const unitLink = checkAnswers(readAnswers({ ...ratings, unitId: '' }), []);

    expect(noConsent).toEqual({ errors: { consent: '留电话需要您同意：仅用于回电核实和告知办理结果' } });
    expect(noUnit).toEqual({ errors: { unitId: '请选择您要评价的村或单位' } });
    expect(strangeUnit).toEqual({ errors: { unitId: '没有这个村或单位，请重新选择' } });
    expect('content' in unitLink).toBe(true);
  });

  it('refuse a value that is not on the scale', () => {
    expect(checkAnswers(readAnswers({ ...ratings, warmth: 'great' }), [])).toEqual({
      errors: { warmth: '请选择一项' },
    });
  });
});

describe('the receipt and status pages', () => {
  it('show the code large and spelled out to be read aloud, and how to check it later', () => {
    const html = receiptPage(view, CODE);

    expect(html).toContain(
      '<p class="code" aria-hidden="true"><span>7K3Q</span>-<span>9M2D</span>-<span>X8PA</span>-<span>4TNB</span></p>',
    );
    expect(html.replace(/<\/?span[^>]*>/g, '')).toContain('读法：7 K 3 Q，9 M 2 D，X 8 P A，4 T N B');
    expect(html).toContain(`href="/f/${TOKEN}/basic/r/${CODE}"`);
    expect(html).toContain(`href="/f/${TOKEN}/r/${CODE}"`);
    expect(html).toContain('以后怎样查询');
    expect(html).not.toMatch(/<script/);
  });

  it("show a receipt's state and the public reply, escaped, in China time", () => {
    const r: ReceiptView = {
      receiptCode: CODE,
      submittedAt: '2026-03-02T08:00:00.000Z',
      state: { code: 'rectifying', label: '正在整改', since: '2026-03-03T01:30:00.000Z' },
      reply: { text: `已安排维修。\n${SCRIPT}`, repliedAt: '2026-03-03T02:00:00.000Z' },
      rerating: { open: false, reason: '问题还没有整改完成，暂时不能回访评价' },
    };
    const html = statusPage(TOKEN, r);

    expect(html).toContain('<dd>正在整改</dd>');
    expect(html).toContain(`<dd>${chinaTime(r.submittedAt)}</dd>`);
    expect(chinaTime(r.submittedAt)).toBe('2026年3月2日 16:00');
    expect(html).toContain('<p class="reply">已安排维修。\n&#60;script&#62;alert(1)&#60;/script&#62;</p>');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('回访评价需要 JavaScript');
    expect(statusPage(TOKEN, { ...r, rerating: { open: true } })).toContain('回访评价需要 JavaScript');
  });

  it('let a code be typed, with what was wrong with the last one', () => {
    const html = lookupPage(TOKEN, { code: `"${SCRIPT}`, error: '回执码格式不对' });

    expect(html).toContain(`<form method="get" action="/f/${TOKEN}/basic/r"`);
    expect(html).toContain('value="&#34;&#60;script&#62;');
    expect(html).toMatch(/aria-describedby="code-hint err-code" aria-invalid="true"/);
  });

  it('draw a refusal as a page, with the way back only when the link still works', () => {
    const gone = problemPage({ status: 410, title: '该链接已失效', detail: '该链接已停用' }, TOKEN);
    const busy = problemPage(
      { status: 429, title: '提交太频繁，请稍后再试', detail: '请 9 分钟后再试' },
      TOKEN,
    );

    expect(gone).toContain('<h1>该链接已失效</h1>');
    expect(gone).toContain('便民服务中心');
    expect(gone).not.toContain(`/f/${TOKEN}/basic`);
    expect(busy).toContain(`href="/f/${TOKEN}/basic"`);
  });
});
