import { createFormLinkRoute } from '../src/contract-links';
import {
  coverageOf,
  encodeRuns,
  missingGlyphs,
  posterFontCoverage,
  printableText,
} from '../src/domain/poster-coverage';
import { POSTER_FONT_RUNS } from '../src/domain/poster-coverage-data';
import { posterFont } from '../src/domain/poster-font';

/**
 * The function that creates links checks a label against the poster font's character map without the font:
 * these tests keep that map equal to the font the print function embeds, and the label's check honest.
 */
describe('the poster font coverage', () => {
  it('is the character map of the font shipped (run `npm run gen:poster-coverage` when the font changes)', () => {
    // Act
    const fromFont = encodeRuns(posterFont().font.characterSet);

    // Assess
    expect(POSTER_FONT_RUNS).toBe(fromFont);
  });

  it('answers like the font for every code point of the BMP and the supplementary ideographic planes', () => {
    // Prepare
    const { font } = posterFont();
    const differ: string[] = [];

    // Act
    for (let cp = 0; cp <= 0x323af; cp++) {
      if (cp === 0x10000) cp = 0x20000; // plane 1 (no hanzi) is skipped for time; 2 and 3 hold Extensions B–H
      if (posterFontCoverage.hasGlyphForCodePoint(cp) !== font.hasGlyphForCodePoint(cp))
        differ.push(cp.toString(16));
    }

    // Assess
    expect(differ).toEqual([]);
  });

  it('round-trips any set of code points through its runs', () => {
    // Prepare
    const points = [0, 1, 2, 5, 7, 8, 9, 36, 37, 0x4e00, 0x4e01, 0x20bb7];
    const coverage = coverageOf(encodeRuns([...points].reverse()));

    // Act
    const found = [...Array(0x20bb9).keys()].filter((cp) => coverage.hasGlyphForCodePoint(cp));

    // Assess
    expect(found).toEqual(points);
    expect(encodeRuns(points)).toBe('0-2,5,7-2,10-1,feo-1,2vg7');
  });

  it('names the characters of a label the poster cannot print, as typed, once each, spaces and invisibles aside', () => {
    expect(missingGlyphs(posterFontCoverage, printableText('村口\u200b 📌公告栏📌𠮷'))).toEqual(['📌', '𠮷']);
    expect(missingGlyphs(posterFontCoverage, printableText('青山镇 东村 村委会公告栏（一）'))).toEqual([]);
  });
});

describe('a new link’s label', () => {
  const body = createFormLinkRoute.body!;

  it('is refused when the poster cannot print it, naming the characters in both languages', () => {
    // Act
    const r = body.safeParse({ unitId: 'u-dongcun', label: '公告栏📌' });

    // Assess
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({
        path: ['label'],
        message: 'the poster font has no glyph for: 📌',
        params: { zh: '海报无法打印以下字符，请删除或更换：📌' },
      }),
    ]);
  });

  it('is accepted when it prints, 𬌗 of the 通用规范汉字表 among them', () => {
    expect(body.safeParse({ label: '𬌗村 · 村委会公告栏' }).success).toBe(true);
  });
});
