import { deadlineEscalated, problemReported } from '@zuofeng/events';
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
  ],
  schedules: [],
  tableAccess: 'readwrite',
};
