import { feedbackSubmitted } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Intake: the 问题清单. Problems from every source enter here; complaints from the public arrive by event. */
export const manifest: ServiceManifest = {
  name: 'intake',
  http: { entry: 'services/intake/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'intake-on-feedback-submitted',
      events: [feedbackSubmitted],
      entry: 'services/intake/src/adapters/on-feedback-submitted.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
  evidence: 'readwrite',
};
