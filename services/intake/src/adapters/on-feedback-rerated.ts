import { createLogger } from '@zuofeng/core';
import { feedbackRerated } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { applyRerating, RERATE_CONSUMER } from '../app/apply-rerating';
import { deps } from './deps';

export const handler = buildConsumer({
  name: RERATE_CONSUMER,
  events: [feedbackRerated],
  logger: createLogger('intake'),
  handle: (envelope) => applyRerating(deps, feedbackRerated.parse(envelope)),
});
