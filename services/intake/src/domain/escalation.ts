import {
  addCalendarDays,
  addWorkingDays,
  firstWorkingDayOfIsoWeek,
  type Overrides,
  subtractWorkingDays,
} from './working-days';

/**
 * The escalation ladder (催办 ladder) of a measure or problem that has a due day — 跟踪问效、定期通报:
 *
 *   预警 warning ─ N working days ─▶ 催办 chase (the due day) ─ M working days ─▶ 督办 supervision ─▶ 通报 bulletin
 *
 * - **chase (催办)** is on the due day; a due day that is not a working day rolls forward to the next working
 *   day (`addWorkingDays(due, 0)`), as a statutory period ending on a holiday ends on the day after it
 *   (《民法典》第二百零三条). This rolled day is the ladder's anchor: "effective due".
 * - **warning (预警)** is N working days before the effective due day (`subtractWorkingDays(chase, N)`):
 *   the holiday before it is skipped, a 调休 make-up Saturday counts. With N = 0 it falls on the chase day.
 * - **supervision (督办)** is M working days after the effective due day (`addWorkingDays(chase, M)`).
 * - **bulletin (通报)**: named in the next bulletin strictly after the supervision day. Bulletins are weekly
 *   by default, on the first working day of each ISO week (Monday, or the first day worked after a
 *   holiday Monday; a week with no working day, like a Spring Festival week, has no bulletin). The
 *   schedule is a parameter: a tenant that bulletins monthly passes its own `isBulletinDay`.
 *
 * All days are calendar days in China, `YYYY-MM-DD`. Pure: the sweep supplies today (`cstDay(now)`) and
 * which steps were already done; each step it gets back emits one event.
 */

export type Step = 'warning' | 'chase' | 'supervision' | 'bulletin';
/** The steps in the order they are climbed. */
export const STEPS: readonly Step[] = ['warning', 'chase', 'supervision', 'bulletin'];

/** The tenant's settings (Settings.deadlines in the tenancy contract). */
export interface LadderSettings {
  /** N: 预警 this many working days before the due day (≥ 0). */
  warnBeforeWorkingDays: number;
  /** M: 督办 this many working days after the due day (≥ 1 in the tenant settings; 0 allowed here). */
  superviseAfterWorkingDays: number;
}

export interface Ladder {
  warnOn: string;
  chaseOn: string;
  superviseOn: string;
  bulletinOn: string;
}

/** Whether a bulletin (通报) is issued on `day`. */
export type BulletinSchedule = (day: string, overrides: Overrides) => boolean;

/** The default: weekly, on the first working day of each ISO week. */
export const weeklyBulletin: BulletinSchedule = (day, overrides) =>
  firstWorkingDayOfIsoWeek(day, overrides) === day;

/** Bulletins so rare that none falls in two years means the schedule is broken, not the calendar. */
const MAX_BULLETIN_SEARCH_DAYS = 731;

/** The first bulletin day strictly after `day`. */
export function nextBulletinAfter(
  day: string,
  overrides: Overrides,
  isBulletinDay: BulletinSchedule = weeklyBulletin,
): string {
  for (let i = 1; i <= MAX_BULLETIN_SEARCH_DAYS; i++) {
    const d = addCalendarDays(day, i);
    if (isBulletinDay(d, overrides)) return d;
  }
  throw new RangeError(`no bulletin day within ${MAX_BULLETIN_SEARCH_DAYS} days after ${day}`);
}

/** The ladder's four dates for a due day. */
export function ladder(
  due: string,
  settings: LadderSettings,
  overrides: Overrides = [],
  isBulletinDay: BulletinSchedule = weeklyBulletin,
): Ladder {
  const chaseOn = addWorkingDays(due, 0, overrides);
  const warnOn = subtractWorkingDays(chaseOn, settings.warnBeforeWorkingDays, overrides);
  const superviseOn = addWorkingDays(chaseOn, settings.superviseAfterWorkingDays, overrides);
  const bulletinOn = nextBulletinAfter(superviseOn, overrides, isBulletinDay);
  return { warnOn, chaseOn, superviseOn, bulletinOn };
}

const dayOf = (l: Ladder, step: Step): string =>
  ({ warning: l.warnOn, chase: l.chaseOn, supervision: l.superviseOn, bulletin: l.bulletinOn })[step];

/**
 * The steps whose day has come (on or before `today`) and that were not done yet, in ladder order.
 * A sweep that missed days gets every step it skipped, in order; a rerun after recording them gets none.
 * Whether the measure is still open is the sweep's question, not the ladder's: a finished measure is not
 * swept.
 */
export function stepsDue(l: Ladder, today: string, alreadyDone: readonly Step[]): Step[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new RangeError(`today must be a calendar day (YYYY-MM-DD): ${today}`);
  return STEPS.filter((s) => dayOf(l, s) <= today && !alreadyDone.includes(s));
}
