import { createLogger } from '@zuofeng/core';
import { deadlineEscalated } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { ESCALATION_CONSUMER, noticeEscalation } from '../app/inbox';
import { deps } from './deps';

export const handler = buildConsumer({
  name: ESCALATION_CONSUMER,
  events: [deadlineEscalated],
  logger: createLogger('notification'),
  handle: (envelope) => noticeEscalation(deps, deadlineEscalated.parse(envelope)),
});
