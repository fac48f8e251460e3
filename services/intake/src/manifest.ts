import { feedbackRerated, feedbackSubmitted, reportReceived } from '@zuofeng/events';
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
    {
      name: 'intake-on-feedback-rerated',
      events: [feedbackRerated],
      entry: 'services/intake/src/adapters/on-feedback-rerated.ts',
    },
    {
      name: 'intake-on-report-received',
      events: [reportReceived],
      entry: 'services/intake/src/adapters/on-report-received.ts',
    },
  ],
  schedules: [
    {
      name: 'intake-escalation-sweep',
      cron: { minute: '30', hour: '8' },
      entry: 'services/intake/src/adapters/escalation-sweep.ts',
      description: 'Walk every open measure up the escalation ladder: 预警, 催办, 督办, 通报',
    },
  ],
  tableAccess: 'readwrite',
  evidence: 'readwrite',
};
