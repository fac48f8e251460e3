import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Platform: health and the API's own description. */
export const manifest: ServiceManifest = {
  name: 'platform',
  http: { entry: 'services/platform/src/adapters/http.ts', routes },
  subscriptions: [],
  schedules: [],
  tableAccess: 'read',
};
