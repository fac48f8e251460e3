/**
 * The printable A4 poster of a form link: the township and unit, one line on the campaign in the seed's words,
 * the QR code (the full URL, so a scan costs no redirect) and the short URL to type. This is the HTML one, sized for A4 (`@page`): the console's preview, printed
 * from the browser with its own fonts. The PDF for printers is `poster-pdf.ts`, with the same words.
 *
 * Every stored string (names, the label) is escaped: nothing anyone typed is ever markup. The only markup
 * that is not ours is the QR code's SVG, which the `qrcode` library draws from the URL (rects and a path).
 */

/** The campaign in the seed's own words: "开门搞活动", "主动请群众评判". */
export const CAMPAIGN_LINE = '开门搞活动，请群众评判';

export const POSTER_QUESTIONS = [
  '党的温暖送到没有',
  '群众反映的问题解决没有',
  '老百姓幸福感和获得感增强没有',
];

/**
 * Under the QR code, on the PDF and the web poster alike: what a resident needs to know before scanning, in
 * the form's own words (不用登录，默认匿名).
 */
export const POSTER_SCAN_LINE = '扫码即可评价，不用登录，默认匿名';

/** Over the short URL: for the resident who cannot scan (no camera, an old phone), what to do with it. */
export const POSTER_TYPE_LINE = '不方便扫码？在手机浏览器中输入：';

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PosterInput {
  township: string;
  /** The unit's name, or undefined for a link of the whole township. */
  unit?: string;
  /** The link's label (e.g. 村委会公告栏), printed small if any. */
  label?: string;
  /**
   * The full URL the QR code encodes: a scan opens the form at once, without a redirect's round trip on a
   * slow connection.
   */
  url: string;
  /**
   * The short URL printed under it (`/s/<code>`), for typing; absent, the full URL is printed instead (a
   * poster rendered without a short code).
   */
  shortUrl?: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
  /** ISO time after which the link stops accepting submissions, if any. */
  validUntil?: string;
}

/** The day of an ISO instant in China Standard Time, as 2026年5月1日. */
export function cstDateZh(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function posterHtml(p: PosterInput): string {
  const place = p.unit ? `${p.township} · ${p.unit}` : p.township;
  const svg = p.qrSvg.replace(/^<\?xml[^>]*>\s*/, '');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(`${place} · 群众评价二维码`)}</title>
<style>
@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1a1a1a; background: #eee; }
.sheet { width: 210mm; height: 297mm; margin: 0 auto; padding: 18mm 16mm; background: #fff; display: flex; flex-direction: column; align-items: center; text-align: center; overflow: hidden; }
.banner { width: 100%; background: #a61b1f; color: #fff; padding: 6mm 4mm; border-radius: 3mm; }
.banner p { margin: 0; font-size: 13pt; letter-spacing: 0.1em; }
.banner h1 { margin: 2mm 0 0; font-size: 30pt; letter-spacing: 0.08em; }
.place { margin: 9mm 0 0; font-size: 24pt; font-weight: bold; }
.label { margin: 2mm 0 0; font-size: 12pt; color: #555; }
.lead { margin: 6mm 0 0; font-size: 14pt; line-height: 1.6; }
.qr { width: 105mm; height: 105mm; margin: 6mm 0 0; }
.qr svg { width: 100%; height: 100%; display: block; }
.scan { margin: 3mm 0 0; font-size: 16pt; font-weight: bold; }
.questions { margin: 5mm 0 0; padding: 0; list-style: none; font-size: 13pt; line-height: 1.7; }
.url { margin: 5mm 0 0; font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; color: #333; word-break: break-all; }
.type { margin: 5mm 0 0; font-size: 11pt; color: #555; }
.type + .url { margin: 1mm 0 0; font-size: 18pt; font-weight: bold; color: #1a1a1a; letter-spacing: 0.03em; }
.foot { margin-top: auto; font-size: 10pt; color: #666; line-height: 1.6; }
@media print { body { background: #fff; } .sheet { margin: 0; } }
</style>
</head>
<body>
<main class="sheet">
<header class="banner">
<p>能力作风建设年</p>
<h1>${escapeHtml(CAMPAIGN_LINE)}</h1>
</header>
<p class="place">${escapeHtml(place)}</p>
${p.label ? `<p class="label">${escapeHtml(p.label)}</p>` : ''}
<p class="lead">我们开展“能力作风建设年”活动，主动请群众评判。<br>请用手机扫一扫，评一评，说一说您遇到的问题和建议。</p>
<div class="qr" role="img" aria-label="${escapeHtml(`评价页二维码：${p.url}`)}">${svg}</div>
<p class="scan">${escapeHtml(POSTER_SCAN_LINE)}</p>
<ul class="questions">${POSTER_QUESTIONS.map((q) => `<li>${escapeHtml(q)}？</li>`).join('')}</ul>
${
  p.shortUrl
    ? `<p class="type">${escapeHtml(POSTER_TYPE_LINE)}</p>
`
    : ''
}<p class="url">${escapeHtml(p.shortUrl ?? p.url)}</p>
<footer class="foot">
<p>提交后会得到一个回执码，凭它可以查询办理情况；问题整改后还可以再评一次。</p>
${p.validUntil ? `<p>本二维码有效期至 ${escapeHtml(cstDateZh(p.validUntil))}。</p>` : ''}
</footer>
</main>
</body>
</html>
`;
}
