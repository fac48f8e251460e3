import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { getProblem, listProblems } from '../app/read-problems';
import { getProblemRoute, listProblemsRoute } from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'intake',
  doc: deps.doc,
  tableName: deps.tableName,
  logger: createLogger('intake'),
  routes: [
    implement(listProblemsRoute, async ({ principal, query }) =>
      listProblems(deps, principal.tenantId, query),
    ),
    implement(getProblemRoute, async ({ principal, params }) =>
      getProblem(deps, principal.tenantId, params.problemId),
    ),
  ],
});
