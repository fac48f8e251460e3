/**
 * The simple form's pages (简易版): server-rendered zh-CN HTML without any script, for a phone whose browser
 * has JavaScript off or cannot run the form's. Mobile first, one small inline stylesheet, large targets, and
 * the same words as the form with scripts (domain/questions.ts, domain/contact.ts, domain/poster.ts).
 *
 * Everything that is not a constant of this file goes through `esc` (text and attribute values) or
 * `encodeURIComponent` and then `esc` (a path segment): a township's name, a unit's, what a resident typed, a
 * township's reply, a token from the address. Nothing anyone typed is ever markup.
 */
import { escapeHtml as esc, htmlDocument, type ProblemPageRenderer } from '@zuofeng/http';
import {
  COMPLAINT_HINT_ZH,
  CONTACT_KEEPING_ZH,
  CONTACT_PURPOSE_ZH,
  CONTACT_RETENTION_ZH,
} from '../../domain/contact';
import { LINK_REFUSAL_ZH, linkRefusalOf } from '../../domain/form-wording';
import { CAMPAIGN_LINE } from '../../domain/poster';
import { QUESTIONS, SCALE } from '../../domain/questions';
import type { ReceiptView } from '../receipts';
import { type Answers, FIELDS, type Field, type FieldErrors } from './answers';

export const COMPLAINT_MAX = 1000;

/** The simple pages' paths, each segment encoded (a token is `[A-Za-z0-9._-]`, but nothing is assumed). */
export const paths = {
  form: (token: string) => `/f/${encodeURIComponent(token)}`,
  basic: (token: string) => `/f/${encodeURIComponent(token)}/basic`,
  /**
   * Where the form posts: an address of its own, not the page's. A POST invalidates what a browser cached for
   * its address, so posting to the page's own address made Back fetch the page anew, with a new ticket, and
   * a second Submit store a second submission; now Back shows the page as it was, and the same ticket gets
   * the first receipt.
   */
  send: (token: string) => `/f/${encodeURIComponent(token)}/basic/send`,
  lookup: (token: string) => `/f/${encodeURIComponent(token)}/basic/r`,
  status: (token: string, code: string) =>
    `/f/${encodeURIComponent(token)}/basic/r/${encodeURIComponent(code)}`,
  receipt: (token: string, code: string) => `/f/${encodeURIComponent(token)}/r/${encodeURIComponent(code)}`,
};

// The form's palette (packages/form/src/form.css), every pair WCAG AA or better; system fonts only.
const CSS = `:root{font:18px/1.6 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1c1c1c;background:#f6f3ee;-webkit-text-size-adjust:100%}
*{box-sizing:border-box}body{margin:0}main{max-width:40rem;margin:0 auto;padding:0 .75rem 2rem}
header{border-top:4px solid #a61b1f;background:#fff;margin:0 -.75rem 1rem;padding:.9rem 1rem .5rem;border-bottom:1px solid #d9d4cc}
h1{font-size:1.5rem;margin:0 0 .4rem}h2{font-size:1.2rem;margin:0 0 .6rem}p{margin:0 0 .6rem}a{color:#1d4f91}
:focus-visible{outline:3px solid #1d4f91;outline-offset:2px}
.place{color:#a61b1f;font-weight:700;margin:0}.campaign{font-weight:700}.muted,.hint,footer{color:#4d4d4d}.hint,footer{font-size:.95rem}
fieldset,.block{background:#fff;border:1px solid #d9d4cc;border-radius:8px;padding:.8rem .9rem .6rem;margin:0 0 1rem;min-width:0}
.invalid{border:2px solid #b42318}legend{font-weight:700;font-size:1.1rem;padding:0 .25rem}
.opt{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.4rem .9rem;margin:.5rem 0;border:2px solid #8a8a8a;border-radius:8px;background:#fff;font-size:1.1rem;cursor:pointer}
.opt input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#1d4f91}.opt:has(input:checked){border-color:#1d4f91;background:#e8eff8;font-weight:700}
.l{display:block;font-weight:700;margin-bottom:.3rem}
textarea,select,input[type=tel],input[type=text]{display:block;width:100%;font:inherit;padding:.6rem .7rem;border:2px solid #8a8a8a;border-radius:6px;background:#fff;color:inherit;margin-bottom:.5rem}
textarea{min-height:7.5rem;resize:vertical}[aria-invalid=true]{border-color:#b42318}
.err{color:#b42318;font-weight:700}.check{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0;cursor:pointer}
.check input{width:1.4rem;height:1.4rem;flex:none;margin:.15rem 0 0;accent-color:#1d4f91}ul{padding-left:1.2rem;margin:0 0 .6rem}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
button,.btn{display:block;width:100%;min-height:3.4rem;padding:.7rem;font:inherit;font-size:1.2rem;font-weight:700;color:#fff;background:#a61b1f;border:0;border-radius:8px;text-align:center;text-decoration:none;cursor:pointer;margin:.25rem 0 .8rem}
.alert{border:2px solid #b42318;background:#fdecea;border-radius:8px;padding:.75rem .9rem;margin:0 0 1rem}.alert a{color:#b42318;font-weight:700}
.done{border:2px solid #1b6b37}.done h2{color:#1b6b37}
.code{font:700 1.9rem/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;letter-spacing:.06em;text-align:center;background:#e7f5ec;border:1px dashed #1b6b37;border-radius:6px;padding:.5rem;margin:.3rem 0 .6rem}
.code span{display:inline-block;white-space:nowrap;margin:0 .2em}.g{white-space:nowrap}
dl{margin:0 0 .6rem}dl div{display:flex;gap:.8rem;padding:.35rem 0;border-bottom:1px solid #d9d4cc}dt{flex:none;width:5.5rem;color:#4d4d4d}dd{margin:0;font-weight:700}
.reply{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f3ee;border-radius:6px;padding:.6rem .7rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

/** The whole document around a page's main content. */
function layout(title: string, main: string): string {
  return htmlDocument({ title, style: CSS, body: `<main>\n${main}\n</main>` });
}

const masthead = (place: string, h1: string, extra = '') =>
  `<header>
<p class="place">${esc(place)}</p>
<h1>${esc(h1)}</h1>
${extra}</header>`;

const placeOf = (township: string, unit?: string) => (unit ? `${township} · ${unit}` : township);

/** A link's township and unit, where a page knows them. */
export interface Place {
  township: string;
  unit?: string;
}
/** What a page says where the place goes when it does not know the link's: the campaign. */
const CAMPAIGN = '能力作风建设年';
const placeLine = (place: Place | undefined) => (place ? placeOf(place.township, place.unit) : CAMPAIGN);

/** A code as four groups in large type, and spelled out to be read aloud: `7 K 3 Q，9 M 2 D，…`. */
const spelled = (code: string) =>
  code
    .split('-')
    .map((g) => g.split('').join(' '))
    .join('，');

/**
 * A code inline, each group of four kept on one line, with a `<wbr>` after each dash: a narrow screen wraps
 * between groups only (plain text may not break after a dash before a digit; `<wbr>` may).
 */
const inlineCode = (code: string) =>
  code
    .split('-')
    .map((g) => `<span class="g">${esc(g)}`)
    .join('-</span><wbr>')
    .concat('</span>');

function codeBlock(code: string): string {
  const groups = code.split('-').map((g) => `<span>${esc(g)}</span>`);
  // Each group of the spelling stays on one line, as in the code above it.
  const spelling = spelled(code)
    .split('，')
    .map((g) => `<span class="g">${esc(g)}</span>`);
  return `<p class="code" aria-hidden="true">${groups.join('-')}</p>
<p class="hint">读法：<span lang="en">${spelling.join('，')}</span></p>`;
}

// ── the form ─────────────────────────────────────────────────────────────────────────────────────────────

export interface FormView {
  token: string;
  township: string;
  /** The link's unit; none for a township-wide link. */
  unit?: string;
  /** For a township-wide link: the villages and offices to choose from. */
  units: readonly { unitId: string; name: string }[];
}

export interface FormState {
  answers: Answers;
  ticket: string;
  errors?: FieldErrors;
  /** A message about the whole submission (an expired page, a full window), above the form. */
  alert?: string;
}

/** The element an error summary's link leads to: the field, or a group's first choice. */
const anchorOf = (f: Field) => (QUESTIONS.some((q) => q.id === f) ? `${f}-1` : f);

const LABELS: Record<Field, string> = {
  unitId: '村或单位',
  warmth: `第 1 题：${QUESTIONS[0].text}`,
  solved: `第 2 题：${QUESTIONS[1].text}`,
  happiness: `第 3 题：${QUESTIONS[2].text}`,
  complaint: '问题或建议',
  phone: '手机号',
  consent: '同意回电',
};

const fieldError = (f: Field, errors: FieldErrors) =>
  errors[f] ? `<p class="err" id="err-${f}"><span class="sr">错误：</span>${esc(errors[f])}</p>\n` : '';

/** `aria-describedby` of a control: its hint, and its error when it has one. */
const describedBy = (f: Field, errors: FieldErrors, ...hints: string[]) => {
  const ids = [...hints, ...(errors[f] ? [`err-${f}`] : [])];
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
};
const invalid = (f: Field, errors: FieldErrors) => (errors[f] ? ' aria-invalid="true"' : '');

function summary(errors: FieldErrors): string {
  const listed = FIELDS.filter((f) => errors[f]);
  if (!listed.length) return '';
  return `<div class="alert" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">还有 ${listed.length} 处需要修改，请改好后再提交：</h2>
<ul>
${listed.map((f) => `<li><a href="#${anchorOf(f)}">${esc(LABELS[f])}：${esc(errors[f]!)}</a></li>`).join('\n')}
</ul>
</div>
`;
}

function unitPicker(view: FormView, s: FormState, errors: FieldErrors): string {
  if (!view.units.length) return '';
  const options = view.units
    .map(
      (u) =>
        `<option value="${esc(u.unitId)}"${u.unitId === s.answers.unitId ? ' selected' : ''}>${esc(u.name)}</option>`,
    )
    .join('');
  return `<div class="block${errors.unitId ? ' invalid' : ''}">
<label class="l" for="unitId">您要评价哪个村或单位？</label>
${fieldError('unitId', errors)}<select id="unitId" name="unitId"${describedBy('unitId', errors)}${invalid('unitId', errors)}><option value="">请选择</option>${options}</select>
</div>
`;
}

function question(q: (typeof QUESTIONS)[number], n: number, s: FormState, errors: FieldErrors): string {
  const chosen = s.answers.ratings[q.id];
  const options = SCALE.map(
    (o, i) =>
      `<label class="opt"><input type="radio" name="${q.id}" value="${esc(o.value)}" id="${q.id}-${i + 1}"${chosen === o.value ? ' checked' : ''}${invalid(q.id, errors)}> ${esc(o.label)}</label>`,
  ).join('\n');
  return `<fieldset id="q-${q.id}"${errors[q.id] ? ' class="invalid"' : ''}${describedBy(q.id, errors)}>
<legend>${n}. ${esc(q.text)}</legend>
${fieldError(q.id, errors)}${options}
</fieldset>
`;
}

/** `/f/{token}/basic`: the form, empty or as the resident sent it with what to fix. */
export function formPage(view: FormView, s: FormState): string {
  const errors = s.errors ?? {};
  const a = s.answers;
  const hasErrors = FIELDS.some((f) => errors[f]);
  const main = `${masthead(
    placeOf(view.township, view.unit),
    '请您评一评',
    `<p class="campaign">${esc(CAMPAIGN_LINE)}</p>
<p class="muted">请就下面三个问题选一选，再说说您遇到的问题或建议。<strong>不用登录，默认匿名。</strong></p>
<p class="hint">这是简易版，不需要 JavaScript。简易版不能附照片；要附照片，请用开启了 JavaScript 的浏览器打开<a href="${esc(paths.form(view.token))}">完整版</a>。</p>
`,
  )}
${s.alert ? `<div class="alert" role="alert"><p>${esc(s.alert)}</p></div>\n` : ''}${summary(errors)}<form method="post" action="${esc(paths.send(view.token))}" accept-charset="utf-8" novalidate>
${unitPicker(view, s, errors)}${QUESTIONS.map((q, i) => question(q, i + 1, s, errors)).join('')}<div class="block${errors.complaint ? ' invalid' : ''}">
<label class="l" for="complaint">问题或建议<span class="muted">（选填）</span></label>
<p class="hint" id="complaint-hint">${esc(COMPLAINT_HINT_ZH)}最多 ${COMPLAINT_MAX} 字。</p>
${fieldError('complaint', errors)}<textarea id="complaint" name="complaint" rows="5" maxlength="${COMPLAINT_MAX}"${describedBy('complaint', errors, 'complaint-hint')}${invalid('complaint', errors)}>
${esc(a.complaint)}</textarea>
</div>
<fieldset${errors.phone || errors.consent ? ' class="invalid"' : ''}>
<legend>需要工作人员回电吗？<span class="muted">（选填）</span></legend>
<p class="hint">不留电话也能提交，评价是匿名的。如果希望工作人员打电话告诉您办理情况，可以留下手机号：</p>
<ul class="hint">
<li><strong>用途：</strong>${esc(CONTACT_PURPOSE_ZH)}。</li>
<li><strong>保管：</strong>${esc(CONTACT_KEEPING_ZH)}</li>
<li><strong>期限：</strong>${esc(CONTACT_RETENTION_ZH)}。</li>
</ul>
<label class="l" for="phone">手机号</label>
${fieldError('phone', errors)}<input type="tel" id="phone" name="phone" inputmode="tel" autocomplete="tel" maxlength="20" value="${esc(a.phone)}"${describedBy('phone', errors)}${invalid('phone', errors)}>
${fieldError('consent', errors)}<label class="check"><input type="checkbox" id="consent" name="consent" value="yes"${a.consent ? ' checked' : ''}${describedBy('consent', errors)}${invalid('consent', errors)}><span>我同意镇里按上面说的用途和期限使用这个手机号回电。</span></label>
</fieldset>
<div class="hp"><label for="hp-website">请勿填写此项（留空）</label><input type="text" id="hp-website" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="ticket" value="${esc(s.ticket)}">
<button type="submit">提交评价</button>
</form>
<footer>
<p><a href="${esc(paths.lookup(view.token))}">已经评价过？用回执码查询办理情况</a></p>
<p>本页不需要登录，不收集您的位置和通讯录。</p>
</footer>`;
  const title = `群众评价（简易版）· ${placeOf(view.township, view.unit)}`;
  return layout(hasErrors ? `错误：${title}` : title, main);
}

// ── the receipt ──────────────────────────────────────────────────────────────────────────────────────────

/** The answer to a submission: the receipt code, large, and how to follow the case with it. */
export function receiptPage(view: Pick<FormView, 'token' | 'township' | 'unit'>, code: string): string {
  const main = `${masthead(placeOf(view.township, view.unit), '提交成功，谢谢您！')}
<section class="block done" aria-labelledby="done-title">
<h2 id="done-title">您的回执码</h2>
${codeBlock(code)}
<p><strong>请把回执码抄下来或截图保存。</strong>凭它可以查询办理情况，问题整改后还可以再评一次。</p>
</section>
<section class="block" aria-labelledby="later-title">
<h2 id="later-title">以后怎样查询</h2>
<p>再次扫描同一个二维码（或打开同一个链接），点“已经评价过？用回执码查询办理情况”，输入回执码。也可以收藏下面的链接：</p>
<ul>
<li><a href="${esc(paths.status(view.token, code))}">查询办理情况（简易版）</a></li>
<li><a href="${esc(paths.receipt(view.token, code))}">查询办理情况和回访评价（完整版，需要 JavaScript）</a></li>
</ul>
<p class="hint">也可以到镇便民服务中心，报回执码查询。</p>
</section>
<footer><p><a href="${esc(paths.basic(view.token))}">再提一条评价</a></p></footer>`;
  return layout(`提交成功 · 回执码 ${code}`, main);
}

// ── a receipt's state ────────────────────────────────────────────────────────────────────────────────────

const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** An instant as a villager reads it: China time, `2026年3月2日 16:00`. */
export const chinaTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : CHINA_TIME.format(d);
};

function lookupForm(token: string, code: string, error?: string): string {
  return `<form method="get" action="${esc(paths.lookup(token))}" accept-charset="utf-8" class="block${error ? ' invalid' : ''}" novalidate>
<label class="l" for="code">回执码</label>
<p class="hint" id="code-hint">16 位字母和数字，例如 7K3Q-9M2D-X8PA-4TNB，大小写都可以。</p>
${error ? `<p class="err" id="err-code"><span class="sr">错误：</span>${esc(error)}</p>\n` : ''}<input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="24" value="${esc(code)}" aria-describedby="code-hint${error ? ' err-code' : ''}"${error ? ' aria-invalid="true"' : ''}>
<button type="submit">查询</button>
</form>`;
}

/** `/f/{token}/basic/r`: where a receipt code is typed, with what was wrong with the last one. */
export function lookupPage(
  token: string,
  opts: { code?: string; error?: string; place?: Place | undefined } = {},
): string {
  const main = `${masthead(placeLine(opts.place), '办理情况查询', '<p class="muted">输入提交评价时得到的回执码，查看您反映的问题办到哪一步了。</p>\n')}
${opts.error ? `<div class="alert" role="alert"><p><a href="#code">${esc(opts.error)}</a></p></div>\n` : ''}${lookupForm(token, opts.code ?? '', opts.error)}
<footer><p><a href="${esc(paths.basic(token))}">返回评价页（简易版）</a></p></footer>`;
  return layout(opts.error ? '错误：办理情况查询（简易版）' : '办理情况查询（简易版）', main);
}

/** `/f/{token}/basic/r/{code}`: the state of the case and the township's public reply, nothing else. */
export function statusPage(token: string, r: ReceiptView, place?: Place): string {
  const reply = r.reply
    ? `<h2>办理回复</h2>
<p class="reply">${esc(r.reply.text)}</p>
<p class="hint">回复时间：${esc(chinaTime(r.reply.repliedAt))}</p>
`
    : '';
  const rerate = r.rerating.open
    ? `<p><strong>问题已经整改，请您回访评价：</strong>回访评价需要 JavaScript，请用开启了 JavaScript 的浏览器打开<a href="${esc(paths.receipt(token, r.receiptCode))}">完整版查询页</a>。</p>\n`
    : '';
  const main = `${masthead(placeLine(place), '办理情况查询')}
<section class="block" aria-labelledby="result-title">
<h2 id="result-title">回执码 <span lang="en">${inlineCode(r.receiptCode)}</span></h2>
<dl>
<div><dt>办理状态</dt><dd>${esc(r.state.label)}</dd></div>
<div><dt>提交时间</dt><dd>${esc(chinaTime(r.submittedAt))}</dd></div>
${r.state.since ? `<div><dt>状态更新</dt><dd>${esc(chinaTime(r.state.since))}</dd></div>\n` : ''}</dl>
${reply}${rerate}</section>
<footer>
<p><a href="${esc(paths.lookup(token))}">查询另一个回执码</a></p>
<p><a href="${esc(paths.basic(token))}">返回评价页（简易版）</a></p>
</footer>`;
  return layout(`办理情况 · 回执码 ${r.receiptCode}`, main);
}

// ── refusals ─────────────────────────────────────────────────────────────────────────────────────────────

const NEXT: Record<number, string> = {
  404: '请重新扫描二维码；如果还是打不开，可以到镇便民服务中心当面反映，或拨打镇政府公布的联系电话。',
  410: '可以扫描镇里新贴出的二维码，也可以到镇便民服务中心当面反映，或拨打镇政府公布的联系电话。',
  429: '您填的内容没有保存。请过一会儿再打开评价页提交。',
};

/**
 * An error page of the simple pages: what went wrong in a sentence, what to do next, and the way back to the
 * form when there is one (a dead link has none). A link that does not open says so in the words the full form
 * uses (domain/form-wording.ts): a mistyped link is not "what you submitted is wrong", since nothing was.
 */
export function problemPage(
  p: {
    status: number;
    title: string;
    detail?: string;
    errors?: readonly { field: string; reason: string }[];
  },
  token: string | undefined,
): string {
  const refusal = linkRefusalOf(p);
  if (refusal) {
    const w = LINK_REFUSAL_ZH[refusal];
    const main = `${masthead(CAMPAIGN, w.title)}
<div class="alert" role="alert">
<p>${esc(w.next)}</p>
</div>
${
  token && refusal !== 'invalid' && refusal !== 'suspended'
    ? `<p><a href="${esc(paths.lookup(token))}">已经评价过？用回执码查询办理情况</a></p>
`
    : ''
}`;
    return layout(w.title, main);
  }
  const reasons = (p.errors ?? []).map((e) => e.reason).filter((r) => r && r !== p.detail);
  const back =
    token && p.status !== 404 && p.status !== 410
      ? `<p><a class="btn" href="${esc(paths.basic(token))}">返回评价页</a></p>\n`
      : '';
  const main = `${masthead(CAMPAIGN, p.title)}
<div class="alert" role="alert">
${p.detail ? `<p>${esc(p.detail)}</p>\n` : ''}${reasons.length ? `<ul>${reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>\n` : ''}</div>
${NEXT[p.status] ? `<p>${esc(NEXT[p.status]!)}</p>\n` : ''}${back}`;
  return layout(p.title, main);
}

/**
 * `problemPage` as an HTML route's error page: the token is taken from the address only to lead back to the
 * form, when it has a token's shape (and is escaped like anything else).
 */
export const renderProblemPage: ProblemPageRenderer = (problem, req) => {
  const token = req.params.token;
  return problemPage(problem, token && /^[A-Za-z0-9._~-]{10,200}$/.test(token) ? token : undefined);
};
