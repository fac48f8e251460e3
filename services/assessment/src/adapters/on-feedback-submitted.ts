import { createLogger } from '@zuofeng/core';
import { feedbackSubmitted } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { countSatisfaction, SATISFACTION_CONSUMER } from '../app/satisfaction';
import { deps } from './deps';

export const handler = buildConsumer({
  name: SATISFACTION_CONSUMER,
  events: [feedbackSubmitted],
  logger: createLogger('assessment'),
  handle: (envelope) => countSatisfaction(deps, feedbackSubmitted.parse(envelope)),
});
