/**
 * Writes services/feedback/src/domain/poster-coverage-data.ts: the poster font's character map as runs (see
 * poster-coverage.ts). Run it after the font package changes; services/feedback/test/poster-coverage.test.ts
 * fails until it has been.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRuns } from '../services/feedback/src/domain/poster-coverage';
import { posterFont } from '../services/feedback/src/domain/poster-font';

const out = join(__dirname, '../services/feedback/src/domain/poster-coverage-data.ts');
const runs = encodeRuns(posterFont().font.characterSet);
writeFileSync(
  out,
  `// Written by \`npm run gen:poster-coverage\` from the poster font's character map; do not edit.\n` +
    `export const POSTER_FONT_RUNS =\n  '${runs}';\n`,
);
console.log(`${out}: ${runs.split(',').length} runs, ${runs.length} characters`);
