import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The form's folder, its build, and what the build reads (its sources and the questions it prints). */
export const FORM = __dirname;
export const FORM_DIST = join(FORM, 'dist');
const REPO_ROOT = resolve(FORM, '../..');
const INPUTS = [
  join(FORM, 'src'),
  join(FORM, 'build.ts'),
  join(REPO_ROOT, 'services/feedback/src/domain/questions.ts'),
  join(REPO_ROOT, 'services/feedback/src/domain/contact.ts'),
  join(REPO_ROOT, 'services/feedback/src/domain/poster.ts'),
  join(REPO_ROOT, 'services/feedback/src/contract.ts'),
];
const OUTPUT = join(FORM_DIST, 'index.html');
/** Outside the repository, so a killed run leaves nothing in the tree. */
const LOCK = join(tmpdir(), 'zuofeng-form-build.lock');
const LOCK_STALE_MS = 2 * 60_000;

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

const isStale = () =>
  !existsSync(OUTPUT) || statSync(OUTPUT).mtimeMs < Math.max(...INPUTS.filter(existsSync).map(newest));

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Build packages/form into dist when a source is newer than the build (the browser tests and the bench call
 * this; `npm run build:web` always builds it). Two jest workers may ask at once: a lock lets one build.
 */
export function buildFormIfStale(): void {
  if (!isStale()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS)
        rmSync(LOCK, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (!isStale()) return;
    execFileSync('npm', ['run', 'build:form', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
