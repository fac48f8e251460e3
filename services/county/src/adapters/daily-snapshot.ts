import { createLogger } from '@zuofeng/core';
import { dailySnapshot } from '../app/rollup';
import { deps } from './deps';

const logger = createLogger('county');

/** Invoked by EventBridge Scheduler on AWS and by croner locally, on the manifest's cron. */
export const handler = async (): Promise<{ counties: number; townships: number }> => {
  const out = await dailySnapshot(deps);
  logger.info('daily snapshot', out);
  return out;
};
