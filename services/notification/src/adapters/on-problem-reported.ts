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
  handle: async (envelope) => {
    const outcome = await noticeProblemReported(deps, problemReported.parse(envelope));
    logger.info('notice', { eventId: envelope.metadata.eventId, outcome });
  },
});
