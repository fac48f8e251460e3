import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { countyOverview } from '../app/rollup';
import { countyOverviewRoute } from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'county',
  doc: deps.doc,
  tableName: deps.tableName,
  logger: createLogger('county'),
  // The county's own tenant id comes from the token; it can only ever read its own read model.
  routes: [implement(countyOverviewRoute, async ({ principal }) => countyOverview(deps, principal.tenantId))],
});
