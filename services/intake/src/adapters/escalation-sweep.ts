import { createLogger } from '@zuofeng/core';
import { sweepEscalations } from '../app/escalation-sweep';
import { deps } from './deps';

const logger = createLogger('intake');

/** Invoked daily by EventBridge Scheduler on AWS and by croner locally, in China Standard Time. */
export const handler = async () => {
  const out = await sweepEscalations(deps);
  logger.info('escalation sweep', out);
  return out;
};
