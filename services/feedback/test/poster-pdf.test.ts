import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '@zuofeng/core';
import QRCode from 'qrcode';
import { CAMPAIGN_LINE, POSTER_QUESTIONS, POSTER_SCAN_LINE } from '../src/domain/poster';
import { missingGlyphs, POSTER_FONT, posterFont, posterFontPath } from '../src/domain/poster-font';
import {
  POSTER_TEXTS,
  type PosterPdfInput,
  posterPdf,
  printableText,
  printFileName,
} from '../src/domain/poster-pdf';
import { pageContents, pdfObjects, pdfText, rectangles } from './pdf-inspect';

const MM = 72 / 25.4;
/** What one poster may weigh: the font's subset is most of it. */
const BUDGET = 150 * 1024;

const input: PosterPdfInput = {
  township: '青山镇',
  unit: '东村',
  label: '村委会公告栏',
  url: 'https://pj.example.cn/f/twp-qingshan.01KAXR3Q5VJ7W3H7Z0K9Y4N2BD.q1w2e3r4t5y6u7i8o9p0aZ',
  validUntil: '2026-12-31T16:30:00.000Z',
};

let pdf: Buffer;
beforeAll(async () => {
  pdf = await posterPdf(input);
});

/** The QR code's dark modules as the PDF draws them, rebuilt from its rectangles. */
function drawnModules(content: string): { n: number; cell: number; dark: Set<string> } {
  const rects = rectangles(content);
  const cell = Math.min(...rects.map((r) => r.h)) - 0.05;
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const dark = new Set<string>();
  for (const r of rects) {
    const row = Math.round((r.y - y0) / cell);
    const col = Math.round((r.x - x0) / cell);
    for (let i = 0; i < Math.round(r.w / cell); i++) dark.add(`${row},${col + i}`);
  }
  const n = Math.round((Math.max(...rects.map((r) => r.x + r.w)) - x0) / cell);
  return { n, cell, dark };
}

function expectedModules(url: string): Set<string> {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const dark = new Set<string>();
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++) if (modules.data[r * modules.size + c]) dark.add(`${r},${c}`);
  return dark;
}

describe('the PDF poster', () => {
  it('is one A4 portrait page within its size budget', () => {
    const objects = pdfObjects(pdf);
    const pages = [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));

    console.log(`A4 poster PDF: ${pdf.length} bytes (budget ${BUDGET})`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.dict).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdf.length).toBeLessThan(BUDGET);
  });

  it('embeds a subset of the CJK font, and no other font', () => {
    const objects = [...pdfObjects(pdf).values()];
    const descriptor = objects.find((o) => /\/Type \/FontDescriptor/.test(o.dict));
    const fontFile = objects.find(
      (o) => o.id === Number(/\/FontFile2 (\d+) 0 R/.exec(descriptor?.dict ?? '')?.[1]),
    );

    expect(descriptor?.dict).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular\b/);
    expect(objects.filter((o) => /\/Type \/Font\b/.test(o.dict)).map((o) => o.dict)).toEqual([
      expect.stringMatching(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular\b/),
      expect.stringMatching(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular\b/),
    ]);
    expect(pdf.toString('latin1')).not.toMatch(/Helvetica|Times|Courier/);
    // The whole TrueType file is 10.6 MB; the poster carries the glyphs it shows.
    const full = statSync(posterFontPath() ?? '').size;
    expect(fontFile?.stream?.length).toBeGreaterThan(1000);
    expect(fontFile?.stream?.length).toBeLessThan(full / 100);
  });

  it('carries the names, the campaign line, the questions, the label, the URL and the expiry as text', () => {
    const text = pdfText(pdf);

    for (const line of [
      '青山镇',
      '东村',
      CAMPAIGN_LINE,
      '能力作风建设年',
      '村委会公告栏',
      POSTER_SCAN_LINE,
      ...POSTER_QUESTIONS.map((q) => `${q}？`),
      input.url,
      '本二维码有效期至 2027年1月1日。',
    ])
      expect(text).toContain(line);
  });

  it('draws the QR code of the URL as vector squares, at least 60 mm wide', () => {
    const [content = ''] = pageContents(pdfObjects(pdf));
    const drawn = drawnModules(content);
    const expected = expectedModules(input.url);

    expect(pdf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    expect(drawn.n).toBe(QRCode.create(input.url, { errorCorrectionLevel: 'M' }).modules.size);
    expect([...drawn.dark].sort()).toEqual([...expected].sort());
    expect(drawn.cell * (drawn.n + 8)).toBeGreaterThanOrEqual(60 * MM - 0.01);
  });

  it('prints a township link with the township alone, and no expiry when the link has none', async () => {
    const text = pdfText(await posterPdf({ township: '白水镇', url: 'https://pj.example.cn/f/x' }));

    expect(text).toContain('白水镇');
    expect(text.join('')).not.toContain(' · ');
    expect(text.join('')).not.toContain('有效期');
  });

  it('keeps the longest names (60 characters each) on one page, wrapped, with the QR code', async () => {
    const long = '青山镇人民政府农业农村综合服务中心暨乡村振兴工作站'.repeat(3).slice(0, 60);
    const big = await posterPdf({ ...input, township: long, unit: `${long.slice(1)}村`, label: long });
    const text = pdfText(big).join('');

    expect([...pdfObjects(big).values()].filter((o) => /\/Type \/Page\b/.test(o.dict))).toHaveLength(1);
    expect(text).toContain(long);
    expect(text).toContain(`${long.slice(1)}村`);
    expect(text).toContain(input.url);
    const [content = ''] = pageContents(pdfObjects(big));
    const drawn = drawnModules(content);
    expect(drawn.cell * (drawn.n + 8)).toBeGreaterThanOrEqual(60 * MM - 0.01);
  });

  it('refuses, by field and character, a name the font cannot draw, rather than print a blank box', async () => {
    // 𠮷 (U+20BB7, a surname) is in CJK Extension B, which Noto Sans SC covers only in part.
    const refused = posterPdf({ ...input, unit: '𠮷家村', label: '公告栏📌' });

    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({
      status: 409,
      issues: [
        { field: 'unit.name', reason: 'no glyph in the poster font: 𠮷' },
        { field: 'label', reason: 'no glyph in the poster font: 📌' },
      ],
    });
  });

  it('prints names after dropping invisible characters, which would otherwise be refused or drawn as boxes', async () => {
    const text = pdfText(await posterPdf({ ...input, unit: '\u200b东村\ufe0f\u0007 ' }));

    expect(printableText('  东\u200b村\ufe0f\t\n ')).toBe('东村');
    expect(printableText('Cafe\u0301  站')).toBe('Café 站');
    expect(text).toContain('东村');
  });
});

describe('the poster font', () => {
  it('has every hanzi of GB 2312, common rare ones used in names, and every word the poster prints', () => {
    const gbk = new TextDecoder('gbk');
    let gb2312 = '';
    for (let row = 0xb0; row <= 0xf7; row++)
      for (let col = 0xa1; col <= 0xfe; col++)
        if (!(row === 0xd7 && col >= 0xfa)) gb2312 += gbk.decode(Uint8Array.of(row, col));
    const { font } = posterFont();

    expect([...gb2312]).toHaveLength(6763);
    expect(missingGlyphs(font, gb2312)).toEqual([]);
    expect(missingGlyphs(font, '堃喆犇淼垚燊曌彧䶮𬌗𬣙𫖮·“”，。；？')).toEqual([]);
    expect(missingGlyphs(font, POSTER_TEXTS.join(''))).toEqual([]);
    expect(missingGlyphs(font, '𠮷村📌𠮷')).toEqual(['𠮷', '📌']);
  });

  it('is read beside the bundle when it was copied there, else from the npm package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poster-font-'));
    try {
      const fromPackage = posterFontPath(dir);
      expect(fromPackage).toMatch(
        /node_modules\/@expo-google-fonts\/noto-sans-sc\/400Regular\/NotoSansSC_400Regular\.ttf$/,
      );
      expect(fromPackage?.endsWith(POSTER_FONT.from)).toBe(true);

      copyFileSync(fromPackage ?? '', join(dir, POSTER_FONT.to));
      expect(posterFontPath(dir)).toBe(join(dir, POSTER_FONT.to));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the file names of a poster and a QR code', () => {
  it.each([
    ['青山镇', '东村', undefined, '青山镇-东村-群众评价海报.pdf'],
    // Two posters of one village are two files: where each is posted is in its name.
    ['青山镇', '东村', '村委会公告栏', '青山镇-东村-村委会公告栏-群众评价海报.pdf'],
    ['青山镇', undefined, undefined, '青山镇-群众评价海报.pdf'],
    ['青山镇', 'a/b:c*"d"', undefined, '青山镇-a b c d-群众评价海报.pdf'],
    ['', undefined, undefined, '评价链接-群众评价海报.pdf'],
  ])('of %s, %s and %s is %s', (township, unit, label, name) => {
    expect(printFileName('群众评价海报.pdf', township, unit, label)).toBe(name);
  });

  it('names the QR code like its poster', () => {
    expect(printFileName('评价二维码.svg', '青山镇', '东村', '村委会公告栏')).toBe(
      '青山镇-东村-村委会公告栏-评价二维码.svg',
    );
  });
});
