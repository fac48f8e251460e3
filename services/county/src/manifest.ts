import { feedbackSubmitted, problemReported } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** County: read models for the county office. It sees aggregates per township, never raw records. */
export const manifest: ServiceManifest = {
  name: 'county',
  http: { entry: 'services/county/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'county-rollup',
      events: [problemReported, feedbackSubmitted],
      entry: 'services/county/src/adapters/on-township-event.ts',
    },
  ],
  schedules: [
    {
      name: 'county-daily-snapshot',
      cron: { minute: '30', hour: '0' },
      entry: 'services/county/src/adapters/daily-snapshot.ts',
      description: "Keep each day's township counters, for the county's trend charts",
    },
  ],
  tableAccess: 'readwrite',
};
