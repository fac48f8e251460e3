import { createLogger } from '@zuofeng/core';
import { sweepEscalations } from '../app/escalation-sweep';
import { cstDay, nationalCalendarThrough } from '../domain/working-days';
import { deps } from './deps';

const logger = createLogger('intake');

/** Invoked daily by EventBridge Scheduler on AWS and by croner locally, in China Standard Time. */
export const handler = async () => {
  // For the county's IT office, whose alarms read the logs: past the built-in schedule, every day counted is a
  // Monday–Friday guess unless the townships entered the holidays (活动设置 › 工作日调整) or the data is updated.
  const year = Number(cstDay(new Date()).slice(0, 4));
  if (year > nationalCalendarThrough)
    logger.warn('national holiday schedule unknown for this year: update chinese-days', {
      year,
      nationalCalendarThrough,
    });
  const out = await sweepEscalations(deps);
  logger.info('escalation sweep', out);
  return out;
};
