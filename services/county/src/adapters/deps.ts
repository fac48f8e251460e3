import { tableDepsFromEnv } from '@zuofeng/ddb';
import type { CountyDeps } from '../app/rollup';

/** The composition root: the table from the environment, checked at cold start. */
export const deps: CountyDeps = tableDepsFromEnv();
