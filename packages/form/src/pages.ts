/**
 * The two HTML pages of the residents' form, written at build time (build.ts). The questions and the scale
 * come from the feedback service's own domain module, so the page shows them before any script or request
 * has run (a slow 3G connection draws the whole form from the first response); the script then fills in the
 * township and unit and takes over the submission. Every string here is a constant of ours: nothing a
 * server or a resident wrote is ever put into markup (the scripts set text with textContent only).
 */
import {
  COMPLAINT_HINT_ZH,
  CONTACT_KEEPING_ZH,
  CONTACT_PURPOSE_ZH,
  CONTACT_RETENTION_ZH,
} from '../../../services/feedback/src/domain/contact';
import { CAMPAIGN_LINE } from '../../../services/feedback/src/domain/poster';
import { QUESTIONS, SCALE } from '../../../services/feedback/src/domain/questions';

export interface Assets {
  /** The stylesheet, minified, inlined in each page (one round trip fewer on a slow connection). */
  styles: string;
  formJs: string;
  receiptJs: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const COMPLAINT_MAX = 1000;

function head(title: string, styles: string, js: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="format-detection" content="telephone=no">
<meta name="theme-color" content="#a61b1f">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${styles.replace(/<\//g, '<\\/')}</style>
<script defer src="${esc(js)}"></script>
<noscript><style>.js-only{display:none!important}</style></noscript>
</head>`;
}

/** A scale of five radio buttons inside its fieldset: big targets, the label is the whole row. */
function scale(name: string, describedBy: string): string {
  return SCALE.map(
    (s) =>
      `<label class="opt"><input type="radio" name="${esc(name)}" value="${esc(s.value)}" aria-describedby="${esc(describedBy)}"><span>${esc(s.label)}</span></label>`,
  ).join('');
}

/**
 * Where the simple page of the same link is (`/f/<token>/basic`, server-rendered, no script): the page is
 * built once for every link, so the route that serves it (services/feedback/src/adapters/routes-pages.ts)
 * puts the link's own address in place of this marker.
 */
export const BASIC_HREF = '__ZF_BASIC_HREF__';

/** What a resident sees with scripts off: the simple page that needs none, and the other ways to be heard. */
const noscript = (doing: string, link: string) => `<noscript><div class="notice">
<p class="notice-title">您的浏览器没有开启 JavaScript</p>
<p><a href="${BASIC_HREF}">${link}</a></p>
<p>开启 JavaScript 后刷新本页，可以${doing}。也可以换用微信或手机自带的浏览器扫码打开。</p>
<p>还可以到镇便民服务中心当面反映，或拨打镇政府公布的联系电话。</p>
</div></noscript>`;

/** `/f/<token>`: the form. */
export function formPage(a: Assets): string {
  const questions = QUESTIONS.map(
    (q, i) => `<fieldset class="q" id="q-${esc(q.id)}">
<legend><span class="qn" aria-hidden="true">${i + 1}</span><span class="qt" id="qt-${esc(q.id)}">${esc(q.text)}</span></legend>
<p class="field-error" id="err-${esc(q.id)}" hidden></p>
<div class="scale">${scale(q.id, `err-${q.id}`)}</div>
</fieldset>`,
  ).join('\n');
  return `${head('群众评价 · 能力作风建设年', a.styles, a.formJs)}
<body>
<main class="page" id="main">
<header class="masthead">
<p class="place" id="place">能力作风建设年</p>
<h1 id="title">请您评一评</h1>
<p class="campaign">${esc(CAMPAIGN_LINE)}</p>
<p class="lead" id="lead">我们开展“能力作风建设年”活动，主动请群众评判。请就下面三个问题选一选，再说说您遇到的问题或建议。<strong>不用登录，默认匿名。</strong></p>
</header>
${noscript('使用完整版（可以附照片）', '点这里打开简易版评价表（不需要 JavaScript）')}
<div class="alert" id="alert" role="alert" hidden></div>
<form class="js-only" id="form" method="post" action="${BASIC_HREF}/send" novalidate>
<div class="summary" id="summary" role="alert" tabindex="-1" hidden></div>
<div class="block" id="unit-block" hidden>
<label class="label" for="unitId">您要评价哪个村或单位？</label>
<select id="unitId" name="unitId" aria-describedby="err-unitId"><option value="">请选择</option></select>
<p class="field-error" id="err-unitId" hidden></p>
</div>
${questions}
<div class="block">
<label class="label" for="complaint">问题或建议<span class="optional">（选填）</span></label>
<p class="hint" id="complaint-hint">${esc(COMPLAINT_HINT_ZH)}最多 ${COMPLAINT_MAX} 字。</p>
<textarea id="complaint" name="complaint" rows="5" maxlength="${COMPLAINT_MAX}" aria-describedby="complaint-hint complaint-count err-complaint"></textarea>
<p class="count" id="complaint-count">还可以写 ${COMPLAINT_MAX} 字</p>
<p class="field-error" id="err-complaint" hidden></p>
</div>
<div class="block" id="photo-block" hidden>
<label class="label" for="photo">照片<span class="optional">（选填）</span></label>
<p class="hint" id="photo-hint">可以拍一张现场照片。上传前会在手机上自动压缩，省流量。</p>
<input type="file" id="photo" name="photo" accept="image/*" aria-describedby="photo-hint err-photo">
<p class="photo-state" id="photo-state" role="status"></p>
<p class="field-error" id="err-photo" hidden></p>
</div>
<fieldset class="block" id="contact-block" hidden>
<legend class="label">需要工作人员回电吗？<span class="optional">（选填）</span></legend>
<p class="hint">不留电话也能提交，评价是匿名的。如果希望工作人员打电话告诉您办理情况，可以留下手机号：</p>
<ul class="facts" id="contact-facts">
<li><strong>用途：</strong>${esc(CONTACT_PURPOSE_ZH)}。</li>
<li><strong>保管：</strong>${esc(CONTACT_KEEPING_ZH)}</li>
<li><strong>期限：</strong>${esc(CONTACT_RETENTION_ZH)}。</li>
</ul>
<label class="label" for="phone">手机号</label>
<input type="tel" id="phone" name="phone" inputmode="tel" autocomplete="tel" maxlength="20" aria-describedby="err-phone">
<p class="field-error" id="err-phone" hidden></p>
<label class="check"><input type="checkbox" id="consent" name="consent" value="yes" aria-describedby="err-consent"><span>我同意镇里按上面说的用途和期限使用这个手机号回电。</span></label>
<p class="field-error" id="err-consent" hidden></p>
</fieldset>
<div class="hp"><label for="hp-website">请勿填写此项（留空）</label><input type="text" id="hp-website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit" class="submit" id="submit">提交评价</button>
<p class="status" id="status" role="status" aria-live="polite"></p>
</form>
<section class="done" id="done" tabindex="-1" aria-labelledby="done-title" hidden>
<h2 id="done-title">提交成功，谢谢您！</h2>
<p id="done-message"></p>
<p class="code-label" id="code-label">您的回执码</p>
<p class="code" id="code" aria-hidden="true"></p>
<p class="sr-only" id="code-spelled"></p>
<p class="hint">请把回执码抄下来或截图保存。凭它可以查询办理情况，问题整改后还可以再评一次。</p>
<p class="actions"><button type="button" class="btn" id="copy">复制回执码</button> <a class="btn btn-primary" id="track" href="#">查询办理情况</a></p>
<p class="status" id="copy-status" role="status" aria-live="polite"></p>
</section>
<footer class="foot">
<p><a id="lookup-link" class="js-only" href="#">已经评价过？用回执码查询办理情况</a></p>
<p>本页不需要登录，不收集您的位置和通讯录。</p>
</footer>
</main>
</body>
</html>
`;
}

/** `/f/<token>/r/<code>`: a receipt's state and public reply, and the re-rating (回访) when it is offered. */
export function receiptPage(a: Assets): string {
  return `${head('办理情况查询 · 群众评价', a.styles, a.receiptJs)}
<body>
<main class="page" id="main">
<header class="masthead">
<p class="place" id="place">能力作风建设年</p>
<h1 id="title">办理情况查询</h1>
<p class="lead" id="lead">输入提交评价时得到的回执码，查看您反映的问题办到哪一步了。</p>
</header>
${noscript('使用完整版查询和回访评价', '点这里查看简易版办理情况（不需要 JavaScript）')}
<div class="alert" id="alert" role="alert" hidden></div>
<p class="status" id="status" role="status" aria-live="polite"></p>
<section class="result" id="result" tabindex="-1" aria-labelledby="result-title" hidden>
<h2 id="result-title">回执码 <span class="code code-inline" id="result-code"></span></h2>
<dl class="facts-list">
<div><dt>办理状态</dt><dd id="state"></dd></div>
<div><dt>提交时间</dt><dd id="submitted"></dd></div>
</dl>
<div id="reply-block" hidden>
<h3>办理回复</h3>
<p class="reply" id="reply"></p>
<p class="hint" id="replied"></p>
</div>
<p class="hint" id="rerate-note" hidden></p>
<form id="rerate" method="post" novalidate hidden>
<fieldset class="q" id="q-rerate">
<legend><span class="qt">问题已经整改，您对办理结果满意吗？（回访）</span></legend>
<p class="hint" id="rerate-hint">选“不满意”或“非常不满意”，问题会退回重新办理。</p>
<p class="field-error" id="err-rerate" hidden></p>
<div class="scale">${scale('rating', 'rerate-hint err-rerate')}</div>
</fieldset>
<button type="submit" class="submit" id="rerate-submit">提交回访评价</button>
</form>
</section>
<form class="js-only block" id="lookup" method="get" novalidate>
<label class="label" for="code-input">回执码</label>
<p class="hint" id="code-hint">16 位字母和数字，例如 7K3Q-9M2D-X8PA-4TNB，大小写都可以。</p>
<input type="text" id="code-input" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="24" aria-describedby="code-hint err-code">
<p class="field-error" id="err-code" hidden></p>
<button type="submit" class="submit">查询</button>
</form>
<footer class="foot">
<p><a id="form-link" class="js-only" href="#">返回评价页</a></p>
</footer>
</main>
</body>
</html>
`;
}
