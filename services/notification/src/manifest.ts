import { deadlineEscalated, feedbackRerated, problemReported, problemTransitioned } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Notification: the in-app inbox (later also email, SMS and group-chat robots). */
export const manifest: ServiceManifest = {
  name: 'notification',
  http: { entry: 'services/notification/src/adapters/http.ts', routes },
  subscriptions: [
    {
      name: 'notification-on-problem-reported',
      events: [problemReported],
      entry: 'services/notification/src/adapters/on-problem-reported.ts',
    },
    {
      name: 'notification-on-deadline-escalated',
      events: [deadlineEscalated],
      entry: 'services/notification/src/adapters/on-deadline-escalated.ts',
    },
    {
      // The resident's re-rating: 不满意 arrives as intake's rework transition, 满意 as the re-rating itself
      // (intake records it without a transition).
      name: 'notification-on-rerating',
      events: [problemTransitioned, feedbackRerated],
      entry: 'services/notification/src/adapters/on-rerating.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
};
