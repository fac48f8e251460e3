import { problemReported } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Assessment: running tallies per unit now; scores, weights and rankings later ("凭实绩论英雄"). */
export const manifest: ServiceManifest = {
  name: 'assessment',
  http: { entry: 'services/assessment/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'assessment-on-problem-reported',
      events: [problemReported],
      entry: 'services/assessment/src/adapters/on-problem-reported.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
};
