import { createLogger } from '@zuofeng/core';
import { problemRecurred } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { RECURRED_CONSUMER, recordAccountability } from '../app/accountability';
import { deps } from './deps';

export const handler = buildConsumer({
  name: RECURRED_CONSUMER,
  events: [problemRecurred],
  logger: createLogger('discipline'),
  handle: (envelope) => recordAccountability(deps, problemRecurred.parse(envelope)),
});
