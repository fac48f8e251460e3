import { createLogger } from '@zuofeng/core';
import { assertOwnKey, evidenceKey } from '@zuofeng/evidence';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { exportLedger } from '../app/exports';
import { addMeasure, addProgress, problemDetail, raiseProblem, transition } from '../app/ledger';
import { getProblem, listProblems } from '../app/read-problems';
import {
  addMeasureRoute,
  addProgressRoute,
  createUploadRoute,
  evidenceUrlRoute,
  exportRoute,
  getProblemRoute,
  listProblemsRoute,
  problemDetailRoute,
  raiseProblemRoute,
  transitionRoute,
} from '../contract';
import { deps } from './deps';

const evidenceStore = () => {
  if (!deps.evidence)
    throw new Error('no evidence store is configured (EVIDENCE_BUCKET or LOCAL_EVIDENCE_SECRET)');
  return deps.evidence;
};

export const handler = buildHttpHandler({
  service: 'intake',
  doc: deps.doc,
  tableName: deps.tableName,
  logger: createLogger('intake'),
  routes: [
    implement(listProblemsRoute, async ({ principal, query }) => listProblems(deps, principal, query)),
    implement(getProblemRoute, async ({ principal, params }) =>
      getProblem(deps, principal, params.problemId),
    ),
    implement(raiseProblemRoute, async ({ principal, body }) => raiseProblem(deps, principal, body)),
    implement(problemDetailRoute, async ({ principal, params }) =>
      problemDetail(deps, principal, params.problemId),
    ),
    implement(addMeasureRoute, async ({ principal, params, body }) =>
      addMeasure(deps, principal, params.problemId, body),
    ),
    implement(addProgressRoute, async ({ principal, params, body }) =>
      addProgress(deps, principal, params.problemId, params.measureId, body),
    ),
    implement(createUploadRoute, async ({ principal, body }) => {
      const store = evidenceStore();
      const key = evidenceKey(principal.tenantId, body.name);
      return { key, ...(await store.presignPut(key, body.contentType, body.size)) };
    }),
    implement(evidenceUrlRoute, async ({ principal, query }) => {
      assertOwnKey(principal.tenantId, query.key);
      return { url: await evidenceStore().presignGet(query.key) };
    }),
    implement(exportRoute, async ({ principal, query }) => {
      const file = await exportLedger(deps, principal, {
        kind: query.scope,
        ...(query.id ? { id: query.id } : {}),
      });
      return {
        raw: {
          statusCode: 200,
          isBase64Encoded: true,
          headers: {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
            'cache-control': 'no-store',
          },
          body: file.body.toString('base64'),
        },
      };
    }),
    implement(transitionRoute, async ({ principal, params, body }) =>
      transition(deps, principal, params.problemId, body),
    ),
  ],
});
