import { createLogger } from '@zuofeng/core';
import { feedbackSubmitted } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { AUDIT_CONSUMER, auditSubmission } from '../app/public-audit';
import { deps } from './deps';

export const handler = buildConsumer({
  name: AUDIT_CONSUMER,
  events: [feedbackSubmitted],
  logger: createLogger('feedback'),
  handle: (envelope) => auditSubmission(deps, envelope),
});
