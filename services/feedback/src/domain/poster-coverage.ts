import { POSTER_FONT_RUNS } from './poster-coverage-data';

/**
 * Which characters the poster font can print, without the font. The 10.6 MB font lives only in the print
 * function; the function that creates links checks a label against this instead, so a clerk hears of a
 * character the poster cannot print when typing it, not when the poster is first printed. The data is the
 * font's character map as runs of code points (`npm run gen:poster-coverage` writes it; a test keeps it equal
 * to the font shipped, so an update of the font package cannot leave it stale).
 */
export interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/**
 * Code points as sorted runs, comma-separated, each `start` or `start-more` in base 36: the run's first code
 * point and how many follow it (`feo-k` is U+4E00 and the 20 after it). The whole font is 448 runs, 2.4 KB.
 */
export function encodeRuns(codePoints: Iterable<number>): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const c of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs.map(([a, b]) => a.toString(36) + (b > a ? `-${(b - a).toString(36)}` : '')).join(',');
}

/** The coverage of runs as `encodeRuns` writes them, looked up by binary search. */
export function coverageOf(encoded: string): GlyphCoverage {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const run of encoded.split(',')) {
    const [a = '', n] = run.split('-');
    const start = Number.parseInt(a, 36);
    starts.push(start);
    ends.push(start + (n ? Number.parseInt(n, 36) : 0));
  }
  return {
    hasGlyphForCodePoint(cp) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cp < (starts[mid] ?? 0)) hi = mid - 1;
        else if (cp > (ends[mid] ?? 0)) lo = mid + 1;
        else return true;
      }
      return false;
    },
  };
}

/** The poster font's coverage (Noto Sans SC Regular, see poster-font.ts). */
export const posterFontCoverage: GlyphCoverage = coverageOf(POSTER_FONT_RUNS);

/** A stored name as printed: NFC, no invisible or control characters, runs of spaces as one. */
export function printableText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The distinct characters of `text` that the font has no glyph for, in order of appearance (spaces aside). */
export function missingGlyphs(font: GlyphCoverage, text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    if (!font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0)) missing.add(ch);
  }
  return [...missing];
}
