import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { addMeasure, addProgress, problemDetail, raiseProblem, transition } from '../app/ledger';
import { getProblem, listProblems } from '../app/read-problems';
import {
  addMeasureRoute,
  addProgressRoute,
  getProblemRoute,
  listProblemsRoute,
  problemDetailRoute,
  raiseProblemRoute,
  transitionRoute,
} from '../contract';
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
    implement(raiseProblemRoute, async ({ principal, body }) => raiseProblem(deps, principal, body)),
    implement(problemDetailRoute, async ({ principal, params }) =>
      problemDetail(deps, principal.tenantId, params.problemId),
    ),
    implement(addMeasureRoute, async ({ principal, params, body }) =>
      addMeasure(deps, principal, params.problemId, body),
    ),
    implement(addProgressRoute, async ({ principal, params, body }) =>
      addProgress(deps, principal, params.problemId, params.measureId, body),
    ),
    implement(transitionRoute, async ({ principal, params, body }) =>
      transition(deps, principal, params.problemId, body),
    ),
  ],
});
