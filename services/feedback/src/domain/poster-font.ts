import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Font } from 'fontkit';
import { POSTER_FONT } from '../manifest-files';

// The CommonJS build, which pdfkit requires too: one copy of fontkit in a bundle rather than two.
const fontkit: typeof import('fontkit') = require('fontkit');

/**
 * The PDF poster's typeface: Noto Sans SC Regular (SIL OFL 1.1), the static TrueType file of the npm package
 * `@expo-google-fonts/noto-sans-sc` (MIT for the package's code, OFL 1.1 for the fonts).
 *
 * Why this one, as measured when it was chosen:
 * - Coverage. Names and labels are typed by staff, so the font must print whatever a township is called. This
 *   file maps 30,890 code points: every one of the 6,763 hanzi of GB 2312 and the 20,954 of GBK, the unified
 *   block U+4E00–U+9FEF, Extension A but U+4DB6–U+4DBF, and 215 hanzi of Extensions B–F (among them 𬌗 𬣙 𫖮
 *   of 通用规范汉字表). What it lacks (most of Extension B, such as 𠮷) is refused by name before anything
 *   is drawn (`missingGlyphs`), never printed as a blank box.
 * - Subsetting. pdfkit (through fontkit) embeds only the glyphs a poster uses: a poster of about 160 distinct
 *   characters is 29 KB, 22 KB of it the font (`/FontFile2`). The same text cut from the CFF-based
 *   `NotoSansHans-Regular.otf` of `@embedpdf/fonts-sc` made a PDF three times the size (68 KB against 22 KB
 *   for 110 characters), three times as slowly.
 * - Size. One weight is shipped to the function: this file is 10.6 MB (6.3 MB compressed in the function's
 *   zip, against 7.3 MB for the OTF). Headings are emboldened by stroking the outline rather than by a second
 *   10 MB weight. The package itself holds nine weights: `npm ci` fetches 57 MB and unpacks 92 MB, which is
 *   the price of the TrueType file (`@embedpdf/fonts-sc`, OTF only, is 37 MB and 41 MB).
 * - Not chosen: `@fontsource/noto-sans-sc` and `lxgw-wenkai-lite-webfont` are WOFF2 files split by
 *   unicode-range for browsers, a hundred fonts per weight that a PDF would have to stitch together.
 */
export { POSTER_FONT } from '../manifest-files';

const PACKAGE_PATH = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

/**
 * Where the font file is: beside the bundle on AWS (`dir` is the bundle's folder there: the function's
 * bundling copies `POSTER_FONT.from` to `POSTER_FONT.to`), else in the npm package (tests, `npm start`).
 * Undefined when neither exists, which only a bundle without the copy step can be.
 */
export function posterFontPath(dir: string = __dirname): string | undefined {
  const bundled = join(dir, POSTER_FONT.to);
  if (existsSync(bundled)) return bundled;
  try {
    return require.resolve(PACKAGE_PATH);
  } catch {
    return undefined;
  }
}

export interface PosterFont {
  /** The whole font file, which pdfkit subsets. */
  bytes: Buffer;
  /** The same font, parsed, to ask which characters it has. */
  font: Font;
}

let loaded: PosterFont | undefined;

/**
 * The poster's font, read and parsed once per process (10.6 MB; fontkit parses its tables lazily). Read on the
 * first poster, not at cold start, so that the function's other routes never pay for it; and a bundle that
 * lacks the file fails that route alone, with what is missing, rather than the whole function.
 */
export function posterFont(): PosterFont {
  if (loaded) return loaded;
  const path = posterFontPath();
  if (!path)
    throw new Error(
      `the poster font is missing: neither ${join(__dirname, POSTER_FONT.to)} (copied beside the bundle from ${POSTER_FONT.from}) nor the npm package ${PACKAGE_PATH}`,
    );
  const bytes = readFileSync(path);
  const font = fontkit.create(bytes);
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`${path} is a font collection, not one font`);
  loaded = { bytes, font };
  return loaded;
}

export { missingGlyphs } from './poster-coverage';
