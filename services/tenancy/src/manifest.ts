import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';

/** Tenancy: townships as tenants, their org structure (units, people), accounts, settings and audit log. */
export const manifest: ServiceManifest = {
  name: 'tenancy',
  http: { entry: 'services/tenancy/src/adapters/http.ts', routes },
  subscriptions: [],
  schedules: [],
  tableAccess: 'readwrite',
  identityAdmin: true,
};
