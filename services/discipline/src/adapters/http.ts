import { can, createLogger } from '@zuofeng/core';
import { buildHttpHandler, implement } from '@zuofeng/http';
import { listAccountability } from '../app/accountability';
import { disciplineQueue } from '../app/queue';
import {
  concludeReport,
  fileReport,
  getReport,
  listClarifications,
  listReports,
  openReporter,
  publishClarification,
} from '../app/reports';
import { applyForTolerance, decideTolerance, listTolerance } from '../app/tolerance';
import * as c from '../contract';
import { deps } from './deps';

export const handler = buildHttpHandler({
  service: 'discipline',
  logger: createLogger('discipline'),
  doc: deps.doc,
  tableName: deps.tableName,
  routes: [
    // reports (信访举报)
    implement(c.fileReportRoute, async ({ principal, body, correlationId }) =>
      fileReport(deps, principal, body, correlationId),
    ),
    implement(c.listReportsRoute, async ({ principal, query }) =>
      listReports(deps, principal.tenantId, query),
    ),
    implement(c.getReportRoute, async ({ principal, params }) =>
      getReport(deps, principal.tenantId, params.reportId),
    ),
    implement(c.openReporterRoute, async ({ principal, params, body }) =>
      openReporter(deps, principal, params.reportId, body.reason),
    ),
    implement(c.concludeReportRoute, async ({ principal, params, body, correlationId }) =>
      concludeReport(deps, principal, params.reportId, body, correlationId),
    ),
    // clarifications (澄清正名)
    implement(c.listClarificationsRoute, async ({ principal, query }) =>
      listClarifications(deps, principal.tenantId, can(principal.roles, 'reports.manage'), query),
    ),
    implement(c.publishClarificationRoute, async ({ principal, params }) =>
      publishClarification(deps, principal, params.clarificationId),
    ),
    // error tolerance (容错纠错)
    implement(c.applyToleranceRoute, async ({ principal, body }) => applyForTolerance(deps, principal, body)),
    implement(c.listToleranceRoute, async ({ principal, query }) => listTolerance(deps, principal, query)),
    implement(c.decideToleranceRoute, async ({ principal, params, body, correlationId }) =>
      decideTolerance(deps, principal, params.toleranceId, body, correlationId),
    ),
    // accountability (一犯再犯) and the office's queue
    implement(c.listAccountabilityRoute, async ({ principal, query }) =>
      listAccountability(deps, principal.tenantId, query),
    ),
    implement(c.disciplineQueueRoute, async ({ principal }) => disciplineQueue(deps, principal.tenantId)),
  ],
});
