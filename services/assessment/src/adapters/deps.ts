import { tableDepsFromEnv } from '@zuofeng/ddb';
import type { AssessmentDeps } from '../app/tally';

/** The composition root: the table from the environment, checked at cold start. */
export const deps: AssessmentDeps = tableDepsFromEnv();
