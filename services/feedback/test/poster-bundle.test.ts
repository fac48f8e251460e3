import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { POSTER_FONT, posterFontPath } from '../src/domain/poster-font';

/**
 * The poster as it runs on AWS: bundled by esbuild the way infra/src/zuofeng-function.ts bundles a function
 * (CommonJS, node24, `module` before `main`, minified), loaded from a folder without node_modules, with the
 * font copied beside the bundle. pdfkit's ES module build would fail to load in such a bundle
 * (createRequire(import.meta.url)); and a bundle without the font must fail the poster alone, saying what
 * is missing.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'poster-bundle-'));
  const result = await build({
    entryPoints: [join(__dirname, '../src/domain/poster-pdf.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    outfile: join(dir, 'index.js'),
    logLevel: 'silent',
  });
  expect(result.warnings.map((w) => w.text)).not.toContainEqual(expect.stringContaining('import.meta'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads the bundle in a fresh node and makes a poster; what it printed, or threw. */
function runBundle(out: string): string {
  const script = `require(${JSON.stringify(join(dir, 'index.js'))})
    .posterPdf({ township: '青山镇', unit: '东村', url: 'https://pj.example.cn/f/x' })
    .then((b) => require('node:fs').writeFileSync(${JSON.stringify(out)}, b), (e) => { console.log(e.message); process.exit(3); });`;
  try {
    execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

it('without the font beside the bundle, refuses the poster and names the file to copy', () => {
  expect(runBundle(join(dir, 'none.pdf'))).toContain(
    `the poster font is missing: neither ${join(dir, POSTER_FONT.to)}`,
  );
});

it('with the font copied beside the bundle, makes the PDF', () => {
  copyFileSync(posterFontPath() ?? '', join(dir, POSTER_FONT.to));
  const out = join(dir, 'poster.pdf');

  expect(runBundle(out)).toBe('');
  const pdf = readFileSync(out);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.toString('latin1')).toMatch(/\/FontFile2 /);
});
