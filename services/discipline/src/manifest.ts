import { problemRecurred } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/**
 * Discipline (纪检): reports against cadres (信访举报) with their sealed reporters and clarifications,
 * error tolerance (容错纠错), and the accountability records of recurrences (一犯再犯).
 */
export const manifest: ServiceManifest = {
  name: 'discipline',
  http: { entry: 'services/discipline/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'discipline-on-problem-recurred',
      events: [problemRecurred],
      entry: 'services/discipline/src/adapters/on-problem-recurred.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
  // Reporters' identities: sealed when a report is recorded, opened by the discipline office alone.
  sealing: 'seal-and-open',
};
