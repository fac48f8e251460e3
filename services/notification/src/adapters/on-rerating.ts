import { createLogger } from '@zuofeng/core';
import { feedbackRerated, problemTransitioned } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { noticeRerating, RERATING_CONSUMER } from '../app/rerating';
import { deps } from './deps';

export const handler = buildConsumer({
  name: RERATING_CONSUMER,
  events: [problemTransitioned, feedbackRerated],
  logger: createLogger('notification'),
  handle: (envelope) => noticeRerating(deps, envelope),
});
