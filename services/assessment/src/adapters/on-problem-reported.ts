import { createLogger } from '@zuofeng/core';
import { problemReported } from '@zuofeng/events';
import { buildConsumer } from '@zuofeng/messaging';
import { CONSUMER, tallyProblem } from '../app/tally';
import { deps } from './deps';

const logger = createLogger('assessment');

export const handler = buildConsumer({
  name: CONSUMER,
  events: [problemReported],
  logger,
  handle: (envelope) => tallyProblem(deps, problemReported.parse(envelope)),
});
