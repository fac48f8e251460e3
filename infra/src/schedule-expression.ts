import type { ScheduleDef } from '@zuofeng/manifest';

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/**
 * A croner weekday field in EventBridge's terms. croner counts 0-6 from Sunday (7 is Sunday too); EventBridge
 * counts 1-7 from Sunday. Names mean the same in both, so numbers become names: `1-5` → `MON-FRI`.
 */
export function toSchedulerWeekDay(field: string): string {
  return field
    .split(',')
    .map((part) => {
      // Only the value before a step (`/2`) or an nth (`#3`) is a day; the rest is a count.
      const m = /^([^/#]+)([/#].*)?$/.exec(part);
      if (!m) throw new Error(`weekday field "${field}" is not understood`);
      const [, days = '', rest = ''] = m;
      const mapped = days
        .split('-')
        .map((d) => {
          if (d === '*' || d === '?' || /^[A-Za-z]{3}$/.test(d)) return d.toUpperCase();
          if (/^[0-7]L?$/.test(d)) return `${DAY_NAMES[Number(d[0]) % 7]}${d.endsWith('L') ? 'L' : ''}`;
          throw new Error(`weekday "${d}" in "${field}" is not a day`);
        })
        .join('-');
      return mapped + rest;
    })
    .join(',');
}

/**
 * The EventBridge Scheduler expression for a manifest schedule: `cron(min hour day month weekday year)`.
 * EventBridge wants exactly one of day-of-month and day-of-week to be `?`. croner would OR two restricted
 * fields, which EventBridge cannot say, so that is refused rather than silently changed.
 */
export function schedulerCron(def: Pick<ScheduleDef, 'name' | 'cron'>): string {
  const { minute, hour, month = '*' } = def.cron;
  const day = def.cron.day ?? '*';
  const weekDay = def.cron.weekDay ?? '*';
  const restricted = (f: string) => f !== '*' && f !== '?';
  if (restricted(day) && restricted(weekDay)) {
    throw new Error(`schedule ${def.name}: EventBridge cannot restrict both day (${day}) and weekDay (${weekDay})`);
  }
  const [dom, dow] = restricted(weekDay)
    ? ['?', toSchedulerWeekDay(weekDay)]
    : [day === '?' ? '*' : day, '?'];
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}
