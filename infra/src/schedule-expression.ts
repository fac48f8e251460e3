import type { ScheduleDef } from '@zuofeng/manifest';

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/**
 * A croner weekday field in EventBridge's terms. croner counts 0-6 from Sunday (7 is Sunday too); EventBridge
 * counts 1-7 from Sunday. Plain days become names, which mean the same in both (`1-5` → `MON-FRI`); the
 * `L` (last) and `#` (nth) forms, which EventBridge documents with numbers only, are renumbered
 * (`5#3`, croner's third Friday → `6#3`).
 */
export function toSchedulerWeekDay(field: string): string {
  const dayNumber = (d: string): number => {
    if (!/^[0-7]$/.test(d)) throw new Error(`weekday "${d}" in "${field}" is not a day`);
    return Number(d) % 7;
  };
  return field
    .split(',')
    .map((part) => {
      const nth = /^(\d)(#[1-5])$/.exec(part) ?? /^(\d)(L)$/.exec(part);
      if (nth) return `${dayNumber(nth[1]!) + 1}${nth[2]}`;
      // Only what comes before a step (`/2`) is a day; the step is a count.
      const [days = '', step] = part.split('/');
      const named = days
        .split('-')
        .map((d) => (d === '*' || /^[A-Za-z]{3}$/.test(d) ? d.toUpperCase() : DAY_NAMES[dayNumber(d)]))
        .join('-');
      return step === undefined ? named : `${named}/${step}`;
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
    throw new Error(
      `schedule ${def.name}: EventBridge cannot restrict both day (${day}) and weekDay (${weekDay})`,
    );
  }
  const [dom, dow] = restricted(weekDay)
    ? ['?', toSchedulerWeekDay(weekDay)]
    : [day === '?' ? '*' : day, '?'];
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}
