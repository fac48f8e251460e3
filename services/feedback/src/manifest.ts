import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Feedback: the residents' form behind a signed link, and the township's view of what came in. */
export const manifest: ServiceManifest = {
  name: 'feedback',
  http: { entry: 'services/feedback/src/adapters/http.ts', routes },
  subscriptions: [],
  schedules: [],
  tableAccess: 'readwrite',
  secrets: ['formLink'],
};
