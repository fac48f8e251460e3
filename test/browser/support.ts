import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../packages/local/src';

/**
 * What the browser tests share: the console build (once, even when jest runs two browser files at the same
 * time), Chromium's launch flags, and the failure screenshots.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB = join(REPO_ROOT, 'packages/web');
export const ARTIFACTS = join(__dirname, 'artifacts');
export const PASSWORD = 'zuofeng';
const DIST_INDEX = join(WEB, 'dist/index.html');
/** Outside the repository, so a killed run leaves nothing in the tree. */
const LOCK = join(tmpdir(), 'zuofeng-web-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

/** Newest modification time under the console's sources (what a build reads). */
function newestSource(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newestSource(join(path, n))));
}

const isStale = (): boolean => {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']
    .map((p) => join(WEB, p))
    .filter(existsSync);
  const newest = Math.max(...sources.map(newestSource));
  return !existsSync(DIST_INDEX) || statSync(DIST_INDEX).mtimeMs < newest;
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Build packages/web into dist when a source is newer than the build. Two test files may ask at once (jest
 * runs two workers); a lock directory lets one build while the other waits, then finds the build fresh.
 */
export function buildConsoleIfStale(): void {
  if (!isStale()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else builds; a lock older than any build is left over from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS)
        rmSync(LOCK, { recursive: true, force: true });
      sleep(250);
    }
  }
  try {
    if (!isStale()) return;
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    execFileSync('npm', ['run', 'build:web', '--silent'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install the Debian package "chromium" (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/** Run a step; on failure, keep a screenshot of the page in test/browser/artifacts/ and fail as before. */
export async function step(page: Page | undefined, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '_')}-${Date.now()}.png`);
    await page?.screenshot({ path: file, fullPage: true }).catch(() => {});
    (err as Error).message += `\n(screenshot: ${file})`;
    throw err;
  }
}
