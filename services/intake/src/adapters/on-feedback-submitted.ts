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
  handle: async (envelope) => {
    const out = await openPublicProblem(deps, feedbackSubmitted.parse(envelope));
    logger.info('feedback handled', { eventId: envelope.metadata.eventId, ...out });
  },
});
