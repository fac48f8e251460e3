import { createLogger } from '@zuofeng/core';
import { sweepEscalations } from '../app/escalation-sweep';
import { cstDay, nationalCalendarThrough } from '../domain/working-days';
import { deps } from './deps';

const logger = createLogger('intake');

/** Invoked daily by EventBridge Scheduler on AWS and by croner locally, in China Standard Time. */
export const handler = async () => {
  // For the county's IT office, whose alarms read the logs: past the built-in schedule, every day counted is a
  // Monday–Friday guess unless the townships entered the holidays (活动设置 › 工作日调整) or the data is updated.
  // From November the ladders already reach next year's days (warnings before January deadlines).
  const today = cstDay(deps.now());
  const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 11 ? 1 : 0);
  if (year > nationalCalendarThrough)
    logger.warn('national holiday schedule unknown for the year deadlines reach: update chinese-days', {
      year,
      nationalCalendarThrough,
    });
  const out = await sweepEscalations(deps);
  logger.info('escalation sweep', out);
  return out;
};
