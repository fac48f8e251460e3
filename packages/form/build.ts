/**
 * `npm run build:form`: the residents' form into packages/form/dist, with esbuild (no framework, no Vite
 * runtime). Scripts are classic IIFEs for old phone browsers; file names are stable and each URL carries its
 * content hash (`?v=…`), so files are replaced in place one by one (written to a temporary name, then renamed)
 * and a test serving the folder while another build runs never sees one missing. Prints the gzipped sizes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { FeedbackBody, routes } from '../../services/feedback/src/contract';
import { formPage, receiptPage } from './src/pages';

const ROOT = __dirname;
const DIST = join(ROOT, 'dist');
const ASSETS = join(DIST, 'assets');
/** Where the feedback service serves the files (services/feedback/src/adapters/routes-pages.ts), locally and on AWS. */
export const BASE = '/f/assets/';
/**
 * Old Android WebViews and WeChat's browser: esbuild lowers the syntax they lack (?. and ?? included). Safari
 * is named from 15 only because esbuild refuses to lower destructuring for older ones (an edge-case bug it
 * tracks); the ES2019 output runs on iOS 12 and later all the same.
 */
const TARGET = ['es2019', 'chrome64', 'firefox68', 'safari15'];

const hash = (b: Uint8Array | string) => createHash('sha256').update(b).digest('base64url').slice(0, 10);

function writeAtomic(file: string, contents: Uint8Array | string) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

async function bundle(entry: string, define: Record<string, string> = {}): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [join(ROOT, 'src', entry)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: TARGET,
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    define,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.contents;
}

/**
 * What the submission route accepts beyond the ratings and the complaint, read from the feedback service's
 * own contract: the form offers a call-back number only when the route takes `phone` and `consent`, and a
 * photo only when there is a public upload route. The form and the API ship from the same commit, so this
 * is the feature check, without a request on the resident's connection.
 */
export function features() {
  const shape = FeedbackBody.shape as Record<string, unknown>;
  const photo = routes.find(
    (r) =>
      r.auth === 'public' &&
      r.method === 'POST' &&
      /^\/public\/forms\/\{token\}\/(photos|uploads)$/.test(r.path),
  );
  return { contact: 'phone' in shape && 'consent' in shape, photoRoute: photo?.path ?? '' };
}

export async function buildForm(): Promise<Record<string, { bytes: number; gzip: number }>> {
  mkdirSync(ASSETS, { recursive: true });
  const files: Record<string, Uint8Array | string> = {};
  files['pow.js'] = await bundle('pow-worker.ts');
  const powUrl = `${BASE}pow.js?v=${hash(files['pow.js'])}`;
  const f = features();
  files['form.js'] = await bundle('form.ts', {
    __POW_URL__: JSON.stringify(powUrl),
    __CONTACT__: JSON.stringify(f.contact),
    __PHOTO_ROUTE__: JSON.stringify(f.photoRoute),
  });
  files['receipt.js'] = await bundle('receipt.ts');
  const css = await build({
    entryPoints: [join(ROOT, 'src/form.css')],
    bundle: true,
    minify: true,
    target: TARGET,
    write: false,
    charset: 'utf8',
    logLevel: 'warning',
  });
  // Inlined in each page: on Slow 3G a stylesheet of its own costs a 2 s round trip before anything shows.
  const styles = Buffer.from(css.outputFiles[0]!.contents).toString('utf8').trim();
  const url = (name: string) => `${BASE}${name}?v=${hash(files[name]!)}`;
  const assets = { styles, formJs: url('form.js'), receiptJs: url('receipt.js') };
  for (const [name, contents] of Object.entries(files)) writeAtomic(join(ASSETS, name), contents);
  writeAtomic(join(DIST, 'index.html'), formPage(assets));
  writeAtomic(join(DIST, 'receipt.html'), receiptPage(assets));
  // Leftovers of an interrupted build.
  for (const dir of [DIST, ASSETS])
    for (const n of readdirSync(dir)) if (n.endsWith('.tmp')) rmSync(join(dir, n), { force: true });

  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  const all = { ...files, 'index.html': formPage(assets), 'receipt.html': receiptPage(assets) };
  for (const [name, contents] of Object.entries(all)) {
    const buf = typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents);
    sizes[name] = { bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  }
  return sizes;
}

if (require.main === module) {
  buildForm().then(
    (sizes) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      for (const [name, s] of Object.entries(sizes))
        console.log(
          `packages/form/dist/${name.endsWith('.html') ? '' : 'assets/'}${name}  ${kb(s.bytes)} │ gzip ${kb(s.gzip)}`,
        );
      const page = ['index.html', 'form.js', 'pow.js'].reduce((n, f) => n + sizes[f]!.gzip, 0);
      console.log(
        `form page (index.html with its styles + form.js + pow.js): ${kb(page)} gzipped (budget 50 KB)`,
      );
      const f = features();
      console.log(
        `form features from the contract: call-back number ${f.contact ? 'on' : 'off (the submission takes no phone yet)'}, ` +
          `photo ${f.photoRoute ? `on (${f.photoRoute})` : 'off (no public upload route yet)'}`,
      );
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
