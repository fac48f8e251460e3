import { join, resolve } from 'node:path';
import { buildIfStale, npmRun } from '../local/src/build-if-stale';

const WEB = __dirname;
const REPO_ROOT = resolve(WEB, '../..');

/**
 * Build the console (packages/web) into dist when a source is newer than the build. Only the console: the
 * form is built on its own (buildFormIfStale), so this never rewrites the form while a test serves it.
 */
export function buildConsoleIfStale(): void {
  buildIfStale({
    name: 'web',
    inputs: ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p)),
    output: join(WEB, 'dist/index.html'),
    // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
    run: npmRun(REPO_ROOT, 'build:console', { ...process.env, NODE_ENV: 'production' }),
  });
}
