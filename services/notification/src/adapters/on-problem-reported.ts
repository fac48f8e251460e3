import { createLogger } from '@zuofeng/core';
import { problemReported } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { CONSUMER, noticeProblemReported } from '../app/inbox';
import { deps } from './deps';

const logger = createLogger('notification');

export const handler = buildConsumer({
  name: CONSUMER,
  events: [problemReported],
  logger,
  handle: (envelope) => noticeProblemReported(deps, problemReported.parse(envelope)),
});
