import { createLogger } from '@zuofeng/core';
import { reportReceived } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { openReportProblem, REPORT_CONSUMER } from '../app/open-report-problem';
import { deps } from './deps';

export const handler = buildConsumer({
  name: REPORT_CONSUMER,
  events: [reportReceived],
  logger: createLogger('intake'),
  handle: (envelope) => openReportProblem(deps, reportReceived.parse(envelope)),
});
