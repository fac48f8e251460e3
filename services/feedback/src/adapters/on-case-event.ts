import { createLogger } from '@zuofeng/core';
import { feedbackSubmitted, problemReported, problemTransitioned } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { applyCaseEvent, CASE_CONSUMER } from '../app/case-status';
import { deps } from './deps';

export const handler = buildConsumer({
  name: CASE_CONSUMER,
  events: [feedbackSubmitted, problemReported, problemTransitioned],
  logger: createLogger('feedback'),
  handle: (envelope) => applyCaseEvent(deps, envelope),
});
