import { createLogger } from '@zuofeng/core';
import { feedbackSubmitted, problemReported } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { CONSUMER, rollUp } from '../app/rollup';
import { deps } from './deps';

const logger = createLogger('county');

export const handler = buildConsumer({
  name: CONSUMER,
  events: [problemReported, feedbackSubmitted],
  logger,
  handle: (envelope) => rollUp(deps, envelope),
});
