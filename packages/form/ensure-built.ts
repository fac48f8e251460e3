import { join, resolve } from 'node:path';
import { buildIfStale, npmRun } from '../local/src/build-if-stale';

/** The form's folder, its build, and what the build reads (its sources and the questions it prints). */
export const FORM = __dirname;
export const FORM_DIST = join(FORM, 'dist');
const REPO_ROOT = resolve(FORM, '../..');

/**
 * Build packages/form into dist when a source is newer than the build. Jest's global setup calls this once
 * before any worker starts (the feedback service serves the build); so do `cdk synth` and the bench.
 */
export function buildFormIfStale(): void {
  buildIfStale({
    name: 'form',
    inputs: [
      join(FORM, 'src'),
      join(FORM, 'build.ts'),
      join(REPO_ROOT, 'services/feedback/src/domain/questions.ts'),
      join(REPO_ROOT, 'services/feedback/src/domain/contact.ts'),
      join(REPO_ROOT, 'services/feedback/src/domain/form-wording.ts'),
      join(REPO_ROOT, 'services/feedback/src/domain/poster.ts'),
      join(REPO_ROOT, 'services/feedback/src/contract.ts'),
    ],
    output: join(FORM_DIST, 'index.html'),
    run: npmRun(REPO_ROOT, 'build:form'),
  });
}
