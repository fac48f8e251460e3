import type { RouteDef } from '@zuofeng/http';
import { httpFunctions, type ServiceManifest } from '@zuofeng/manifest';
import { manifest as assessment } from './assessment/src/manifest';
import { manifest as county } from './county/src/manifest';
import { manifest as discipline } from './discipline/src/manifest';
import { manifest as feedback } from './feedback/src/manifest';
import { manifest as intake } from './intake/src/manifest';
import { manifest as notification } from './notification/src/manifest';
import { manifest as platform } from './platform/src/manifest';
import { manifest as tenancy } from './tenancy/src/manifest';

/** Every service of the platform. CDK and the local runtime both walk this list. */
export const manifests: readonly ServiceManifest[] = [
  platform,
  tenancy,
  feedback,
  intake,
  notification,
  assessment,
  county,
  discipline,
];

export const allRoutes = (): RouteDef[] =>
  manifests.flatMap((m) => httpFunctions(m).flatMap((h) => h.routes));
export const allSubscriptions = () => manifests.flatMap((m) => m.subscriptions);
export const allSchedules = () => manifests.flatMap((m) => m.schedules);
