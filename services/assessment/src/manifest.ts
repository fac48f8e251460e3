import { feedbackSubmitted, problemReported } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/**
 * Assessment: running tallies per unit and the public's satisfaction figures now; scores, weights and rankings
 * later ("凭实绩论英雄").
 */
export const manifest: ServiceManifest = {
  name: 'assessment',
  http: { entry: 'services/assessment/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'assessment-on-problem-reported',
      events: [problemReported],
      entry: 'services/assessment/src/adapters/on-problem-reported.ts',
    },
    {
      // The satisfaction figures per unit and per township (the three questions' levels and the index),
      // which assessment scores from and the feedback console shows (GET /feedback/figures).
      name: 'assessment-satisfaction',
      events: [feedbackSubmitted],
      entry: 'services/assessment/src/adapters/on-feedback-submitted.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
};
