import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { listUnitTallies } from '../app/tally';
import { listUnitTalliesRoute } from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'assessment',
  doc: deps.doc,
  tableName: deps.tableName,
  logger: createLogger('assessment'),
  routes: [
    implement(listUnitTalliesRoute, async ({ principal }) => listUnitTallies(deps, principal.tenantId)),
  ],
});
