import { type Bilingual, bilingual, ConflictError } from '@zuofeng/core';
import QRCode from 'qrcode';
import {
  CAMPAIGN_LINE,
  cstDateZh,
  POSTER_QUESTIONS,
  POSTER_SCAN_LINE,
  POSTER_TYPE_LINE,
  type PosterInput,
} from './poster';
import { missingGlyphs, printableText } from './poster-coverage';
import { type PosterFont, posterFont } from './poster-font';

/**
 * The printable A4 poster of a form link as a PDF, for any printer: the township and unit (large), the
 * campaign line, the three questions, the QR code drawn as vector squares (sharp at any size) of the full URL,
 * the short URL to type (`/s/<code>`, when the link has one; else the full URL),
 * the link's label and validity. The font is embedded as a subset of the glyphs used (`poster-font.ts`).
 *
 * Names and the label were typed by staff: they are printed as text (a PDF has no markup to inject), after
 * normalising (NFC, invisible characters dropped), and a character the font cannot draw is refused by name
 * before anything is drawn, so a poster never goes up with a blank box in a name.
 */

// pdfkit's CommonJS build, required on purpose: its ES module build calls createRequire(import.meta.url) as it
// loads, and in the CommonJS bundle that esbuild makes of a function `import.meta.url` is undefined, so the
// whole function would fail to start (poster-bundle.test.ts bundles it to check).
const PDFDocument: typeof import('pdfkit') = require('pdfkit');

/** A4 portrait in PostScript points (pdfkit's 'A4'). */
export const A4 = { width: 595.28, height: 841.89 } as const;
/** 15 mm on every side: inside what office printers leave blank. */
const MARGIN = (15 / 25.4) * 72;
const CONTENT = A4.width - 2 * MARGIN;
const MM = 72 / 25.4;

const RED = '#a61b1f';
const INK = '#1a1a1a';
const GREY = '#555555';

export const POSTER_LEAD = [
  '我们开展“能力作风建设年”活动，主动请群众评判。',
  '请用手机扫一扫，评一评，说一说您遇到的问题和建议。',
];
export const POSTER_FOOT = '提交后会得到一个回执码，凭它可以查询办理情况；问题整改后还可以再评一次。';

/**
 * OpenType ligatures off for every line the poster prints. The font joins "ff" into one glyph by default, and a
 * short code may hold "ff": a resident copying the address letter by letter must see two letters, and a PDF
 * viewer's copy and search must give them back. fontkit takes `{ tag: false }` to remove a default feature;
 * pdfkit's types only declare the list form, hence the cast.
 */
const NO_LIGATURES = { liga: false, clig: false, dlig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];

export type PosterPdfInput = Omit<PosterInput, 'qrSvg'>;

export { printableText };

/**
 * The name a printed file of a link downloads under: township, unit and where it is posted, then what it is
 * (`青山镇-东村-村委会公告栏-群众评价海报.pdf`), so two posters of one village are two files. Characters a
 * file system refuses become spaces.
 */
export function printFileName(
  what: '群众评价海报.pdf' | '评价二维码.svg',
  township: string,
  unit: string | undefined,
  label: string | undefined,
): string {
  const safe = (s: string) =>
    printableText(s)
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const names = [township, unit, label].map((s) => (s ? safe(s) : '')).filter(Boolean);
  return `${names.join('-') || '评价链接'}-${what}`;
}

/** The poster's own words, checked against the font like the names (a test keeps them printable). */
export const POSTER_TEXTS = [
  '能力作风建设年',
  CAMPAIGN_LINE,
  ...POSTER_LEAD,
  POSTER_SCAN_LINE,
  ...POSTER_QUESTIONS.map((q) => `${q}？`),
  POSTER_FOOT,
  POSTER_TYPE_LINE,
  `本二维码有效期至 ${cstDateZh('2026-12-31T00:00:00Z')}。`,
];

/**
 * The stored strings the font has no glyph for, one issue per field, e.g. `{ field: 'unit.name', reason:
 * 'no glyph in the poster font: 𠮷' }`. The reason ends with the characters after ': ' (in Chinese too),
 * which the console shows in its own words.
 */
export function posterGlyphIssues(
  font: PosterFont['font'],
  p: PosterPdfInput,
): { field: string; reason: Bilingual }[] {
  const fields: [string, string | undefined][] = [
    ['township.name', p.township],
    ['unit.name', p.unit],
    ['label', p.label],
    ['url', p.url],
    ['shortUrl', p.shortUrl],
  ];
  return fields.flatMap(([field, value]) => {
    const missing = value ? missingGlyphs(font, printableText(value)) : [];
    const chars = missing.join(' ');
    // The ASCII ': ' stays in the Chinese too: the console reads the characters after it.
    return missing.length
      ? [
          {
            field,
            reason: bilingual(`no glyph in the poster font: ${chars}`, `海报字体中没有这些字: ${chars}`),
          },
        ]
      : [];
  });
}

interface Style {
  size: number;
  color?: string;
  /** Emboldened by stroking the outline with the fill colour (one weight is shipped, see poster-font.ts). */
  bold?: boolean;
  spacing?: number;
}

/**
 * The PDF of a poster. Throws a ConflictError (409) naming the fields and characters when a stored name has a
 * character the font lacks: the fix is a different character in that name, or the HTML poster, printed by a
 * browser with its own fonts.
 */
export async function posterPdf(p: PosterPdfInput, font: PosterFont = posterFont()): Promise<Buffer> {
  const issues = posterGlyphIssues(font.font, p);
  if (issues.length)
    throw new ConflictError(
      bilingual(
        `the poster font cannot print: ${issues.map((i) => `${i.field} (${i.reason.en.split(': ').pop()})`).join(', ')}; rename, or print the HTML poster`,
        `海报字体无法打印${issues.map((i) => `“${i.reason.zh.split(': ').pop()}”`).join('、')}：请修改名称或张贴位置中的这些字，或用网页版海报打印`,
      ),
      issues,
    );
  const township = printableText(p.township);
  const unit = p.unit ? printableText(p.unit) : undefined;
  const label = p.label ? printableText(p.label) : undefined;
  const place = unit ? `${township} · ${unit}` : township;

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    // No margins for pdfkit: the layout below keeps its own, and text never flows onto a second page.
    margin: 0,
    // No default font: pdfkit's default, Helvetica, would be loaded from pdfkit's own data files, and has
    // no hanzi anyway.
    font: '',
    autoFirstPage: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `${place} · 群众评价二维码`,
      Subject: CAMPAIGN_LINE,
      Author: township,
      Creator: 'zuofeng 作风',
      Producer: 'zuofeng 作风',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('poster', font.bytes);
  doc.font('poster');

  const opts = (s: Style, width: number) => ({
    width,
    align: 'center' as const,
    characterSpacing: s.spacing ?? 0,
    lineBreak: true,
    features: NO_LIGATURES,
  });
  const height = (text: string, s: Style, width = CONTENT) => {
    doc.fontSize(s.size);
    return doc.heightOfString(text, opts(s, width));
  };
  const draw = (text: string, y: number, s: Style, width = CONTENT, x = MARGIN) => {
    const color = s.color ?? INK;
    doc.fontSize(s.size).fillColor(color);
    if (s.bold) doc.lineWidth(s.size * 0.035).strokeColor(color);
    doc.text(text, x, y, { ...opts(s, width), fill: true, stroke: !!s.bold });
    return height(text, s, width);
  };
  /** The largest size from max down to min at which the text fits one line, else min (and it wraps). */
  const fit = (text: string, s: Style, min: number, width = CONTENT): Style => {
    for (let size = s.size; size > min; size -= 1) {
      doc.fontSize(size);
      if (doc.widthOfString(text, { characterSpacing: s.spacing ?? 0, features: NO_LIGATURES }) <= width)
        return { ...s, size };
    }
    return { ...s, size: min };
  };

  // ── top, downwards: the banner, the names, the label, the lead ─────────────────────────────────────────
  const bannerPad = 5 * MM;
  const kicker: Style = { size: 14, color: '#ffffff', spacing: 4 };
  const slogan = fit(
    CAMPAIGN_LINE,
    { size: 30, color: '#ffffff', bold: true, spacing: 2 },
    18,
    CONTENT - 8 * MM,
  );
  const bannerH =
    bannerPad + height('能力作风建设年', kicker) + 2 * MM + height(CAMPAIGN_LINE, slogan) + bannerPad;
  doc.roundedRect(MARGIN, MARGIN, CONTENT, bannerH, 3 * MM).fill(RED);
  let y = MARGIN + bannerPad;
  y += draw('能力作风建设年', y, kicker, CONTENT - 8 * MM, MARGIN + 4 * MM) + 2 * MM;
  draw(CAMPAIGN_LINE, y, slogan, CONTENT - 8 * MM, MARGIN + 4 * MM);
  y = MARGIN + bannerH + 8 * MM;

  if (unit) {
    y += draw(township, y, fit(township, { size: 22, color: GREY, spacing: 1 }, 14), CONTENT) + 1 * MM;
    y += draw(unit, y, fit(unit, { size: 34, bold: true, spacing: 1 }, 20));
  } else {
    y += draw(township, y, fit(township, { size: 34, bold: true, spacing: 1 }, 20));
  }
  if (label) y += 1.5 * MM + draw(label, y + 1.5 * MM, fit(label, { size: 13, color: GREY }, 10));
  y += 5 * MM;
  const lead: Style = { size: 13, color: '#333333' };
  for (const line of POSTER_LEAD) y += draw(line, y, fit(line, lead, 10));
  const qrTop = y + 4 * MM;

  // ── bottom, upwards: the foot, the URL, the questions, the scan line ──────────────────────────────────
  const foot: Style = { size: 10, color: '#666666' };
  const footLines = [POSTER_FOOT, ...(p.validUntil ? [`本二维码有效期至 ${cstDateZh(p.validUntil)}。`] : [])];
  const footH = footLines.reduce((h, l) => h + height(l, fit(l, foot, 8)), 0);
  let bottom = A4.height - MARGIN - footH;
  doc
    .moveTo(MARGIN + 20 * MM, bottom - 3 * MM)
    .lineTo(A4.width - MARGIN - 20 * MM, bottom - 3 * MM)
    .lineWidth(0.5)
    .strokeColor('#cccccc')
    .stroke();
  let fy = bottom;
  for (const l of footLines) fy += draw(l, fy, fit(l, foot, 8));

  // The URL to type: the short one when the link has it (large, spaced: it is read off a wall), else the
  // full one. The QR code always carries the full URL.
  if (p.shortUrl) {
    const shortStyle = fit(p.shortUrl, { size: 20, bold: true, spacing: 0.5 }, 10);
    const hint: Style = { size: 11, color: GREY };
    bottom -= 5 * MM + height(p.shortUrl, shortStyle);
    draw(p.shortUrl, bottom, shortStyle);
    bottom -= 1 * MM + height(POSTER_TYPE_LINE, hint);
    draw(POSTER_TYPE_LINE, bottom, hint);
  } else {
    const urlStyle = fit(p.url, { size: 12, color: '#333333' }, 8);
    bottom -= 6 * MM + height(p.url, urlStyle);
    draw(p.url, bottom, urlStyle);
  }

  const question: Style = { size: 14 };
  const questions = POSTER_QUESTIONS.map((q) => `${q}？`);
  const questionsH = questions.reduce((h, q) => h + height(q, question), 0);
  bottom -= 4 * MM + questionsH;
  let qy = bottom;
  for (const q of questions) qy += draw(q, qy, question);

  const scan: Style = { size: 17, color: RED, bold: true, spacing: 1 };
  bottom -= 3 * MM + height(POSTER_SCAN_LINE, scan);
  draw(POSTER_SCAN_LINE, bottom, scan);

  // ── the QR code in what is left between, 60 to 100 mm square ──────────────────────────────────────────
  const room = bottom - 3 * MM - qrTop;
  const size = Math.max(60 * MM, Math.min(100 * MM, room));
  drawQr(doc, p.url, A4.width / 2 - size / 2, qrTop + Math.max(0, (room - size) / 2), size);

  doc.end();
  return done;
}

/**
 * The QR code as vector squares (error correction M, the standard quiet zone of 4 modules inside `size`):
 * each row's runs of dark modules as one rectangle, all filled at once.
 */
function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  const dark = (r: number, c: number) => modules.data[r * n + c] === 1;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && dark(r, c)) c++;
      // A hair taller than a module, so that no renderer shows seams between rows.
      doc.rect(x + (quiet + start) * cell, y + (quiet + r) * cell, (c - start) * cell, cell + 0.05);
    }
  }
  doc.fill('#000000');
}
