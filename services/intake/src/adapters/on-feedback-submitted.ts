import { createLogger } from '@zuofeng/core';
import { feedbackSubmitted } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { CONSUMER, openPublicProblem } from '../app/open-public-problem';
import { deps } from './deps';

const logger = createLogger('intake');

export const handler = buildConsumer({
  name: CONSUMER,
  events: [feedbackSubmitted],
  logger,
  handle: (envelope) => openPublicProblem(deps, feedbackSubmitted.parse(envelope)),
});
