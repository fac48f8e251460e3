import { tableDepsFromEnv } from '@zuofeng/ddb';
import type { NotificationDeps } from '../app/inbox';

/** The composition root: the table from the environment, checked at cold start. */
export const deps: NotificationDeps = tableDepsFromEnv();
