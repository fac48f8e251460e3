import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../packages/local/src';

/**
 * What the browser tests share: Chromium's launch flags and the failure screenshots. The console and form
 * builds are made once by jest's global setup (test/support/global-setup.ts).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB = join(REPO_ROOT, 'packages/web');
export const ARTIFACTS = join(__dirname, 'artifacts');
export const PASSWORD = 'zuofeng';
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
