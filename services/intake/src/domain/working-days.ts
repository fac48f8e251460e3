import schedule from 'chinese-days/dist/chinese-days.json';

/**
 * Working days on the Chinese calendar (工作日), for deadlines and the escalation ladder.
 *
 * Why a library: which days are worked in China is not a rule but a decree. Every year the State Council
 * (国务院办公厅) publishes the holiday schedule, and it moves weekends around: a 调休 make-up working day is a
 * Saturday or Sunday that is worked so that a holiday can be bridged into a longer break. No formula derives
 * it. `chinese-days` ships that yearly schedule (statutory holidays and the 调休 make-up days) as data,
 * updated from the State Council's notices; we ask it only "is this calendar day worked?" (its `isWorkday`
 * rule over its table; see `nationalWorkday` for why we read the table directly).
 *
 * Beyond the years it knows (1.5.x: 2004–2026) the library has no schedule and answers Monday–Friday: a
 * deadline that far ahead is counted without holidays until the package is updated with the new notice
 * (usually published in November for the following year). `calendarCovers(year)` says whether a year
 * is known, so that a screen or the sweep can say so; a tenant override fixes any single day meanwhile.
 *
 * Tenant overrides win over the library both ways: a township may work on a day off (防汛值守, a campaign
 * day) or close on a working day (a local holiday, 泼水节 in some autonomous prefectures).
 *
 * Days are calendar days in China (Asia/Shanghai, UTC+8, no daylight saving since 1991) written
 * `YYYY-MM-DD`. Everything here is pure: no clock, no environment, no I/O.
 */

/** A tenant's own ruling on one day: it wins over the national schedule. */
export interface WorkingDayOverride {
  /** `YYYY-MM-DD`, a calendar day in China. */
  date: string;
  working: boolean;
  note?: string;
}

export type Overrides = readonly WorkingDayOverride[];

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;
/** No real calendar has this many non-working days in a row; passing it means the input is broken. */
const MAX_GAP_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day; throws on anything that is not a real calendar day. */
function toEpochDay(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a calendar day: ${day}`);
  }
  return ms / DAY_MS;
}

/** Whether `day` is a real calendar day written `YYYY-MM-DD` (not 2027-02-30, not 0099-01-01). */
export function isCalendarDay(day: string): boolean {
  try {
    const year = Number(day.slice(0, 4));
    return toEpochDay(day) !== undefined && year >= 1970 && year <= 2200;
  } catch {
    return false;
  }
}

const fromEpochDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The calendar day in China (CST, UTC+8) of an instant. */
export const cstDay = (instant: Date): string => {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
};

/** The State Council's schedule as the library ships it: `YYYY-MM-DD` → "Spring Festival,春节,4". */
const holidays: Readonly<Record<string, string>> = schedule.holidays;
/** 调休 make-up working days: weekend days that are worked. */
const makeUpDays: Readonly<Record<string, string>> = schedule.workdays;
const knownYears = new Set(Object.keys(holidays).map((d) => Number(d.slice(0, 4))));

/**
 * The national answer for one day: the library's own rule (`isWorkday` in chinese-days: a make-up day, or
 * Monday–Friday and not a holiday) over the library's own table. We read the table the package ships
 * (`dist/chinese-days.json`) rather than call `isWorkday`, because its date parser reads `YYYY-MM-DD` as
 * UTC midnight but takes the weekday (and formats its table's keys) in the process's local time zone: in
 * any zone west of Greenwich it answers for the day before, so an ordinary Saturday (2026-03-07) comes
 * out as a working Friday. Keyed by the `YYYY-MM-DD` string, our answer is the same in every zone; the
 * tests check it agrees with `isWorkday` on every known day when read in China's zone.
 */
function nationalWorkday(epochDay: number): boolean {
  const day = fromEpochDay(epochDay);
  if (makeUpDays[day] !== undefined) return true;
  const weekday = new Date(epochDay * DAY_MS).getUTCDay();
  return weekday >= 1 && weekday <= 5 && holidays[day] === undefined;
}

/**
 * Whether the library knows the State Council's schedule for this year. A known year always lists at least
 * 元旦 and 春节; for an unknown one the library lists nothing, and its days are counted Monday–Friday.
 */
export const calendarCovers = (year: number): boolean => knownYears.has(year);

/** The last year whose State Council schedule the library ships: after it, only overrides know the holidays. */
export const nationalCalendarThrough: number = Math.max(...knownYears);

/** A day → worked? function with the overrides indexed once (the last entry for a day wins). */
function calendar(overrides: Overrides): (epochDay: number) => boolean {
  const own = new Map<number, boolean>();
  for (const o of overrides) own.set(toEpochDay(o.date), o.working);
  return (epochDay) => own.get(epochDay) ?? nationalWorkday(epochDay);
}

/** Whether `day` is a working day: the tenant's override if it has one, else the national schedule. */
export function isWorkingDay(day: string, overrides: Overrides = []): boolean {
  return calendar(overrides)(toEpochDay(day));
}

/** Step from `start` (exclusive) in direction `dir` until `count` working days have been passed. */
function walk(start: number, count: number, dir: 1 | -1, worked: (d: number) => boolean): number {
  let d = start;
  let left = count;
  let gap = 0;
  while (left > 0) {
    d += dir;
    if (worked(d)) {
      left -= 1;
      gap = 0;
    } else if (++gap > MAX_GAP_DAYS) {
      throw new RangeError(`no working day within ${MAX_GAP_DAYS} days of ${fromEpochDay(start)}`);
    }
  }
  return d;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`a count of working days must be a whole number ≥ 0: ${n}`);
}

/**
 * The n-th working day after `day`.
 *
 * - n ≥ 1: counting starts the day after `day`, whatever `day` is: the first working day strictly after it
 *   is 1. So `workingDaysBetween(day, addWorkingDays(day, n)) === n`.
 * - n = 0: `day` itself if it is a working day, else the next working day. This is the rule for a due date
 *   that falls on a day off: like 《民法典》第二百零三条 (a period whose last day is a statutory holiday ends on
 *   the day after the holiday), it rolls forward to the next working day.
 */
export function addWorkingDays(day: string, n: number, overrides: Overrides = []): string {
  checkCount(n);
  const worked = calendar(overrides);
  const start = toEpochDay(day);
  if (n === 0) return fromEpochDay(worked(start) ? start : walk(start, 1, 1, worked));
  return fromEpochDay(walk(start, n, 1, worked));
}

/**
 * The n-th working day before `day`, the mirror of `addWorkingDays`:
 *
 * - n ≥ 1: the first working day strictly before `day` is 1.
 * - n = 0: `day` itself if it is a working day, else the previous working day.
 *
 * For a working day d: `subtractWorkingDays(addWorkingDays(d, n), n) === d`.
 */
export function subtractWorkingDays(day: string, n: number, overrides: Overrides = []): string {
  checkCount(n);
  const worked = calendar(overrides);
  const start = toEpochDay(day);
  if (n === 0) return fromEpochDay(worked(start) ? start : walk(start, 1, -1, worked));
  return fromEpochDay(walk(start, n, -1, worked));
}

/**
 * Working days after `from` up to and including `to`; negative (the same count, signed) when `to` is
 * before `from`, so `workingDaysBetween(a, b) === -workingDaysBetween(b, a)`. Counts "how many working
 * days late" (due → today) and "how many left" (today → due).
 */
export function workingDaysBetween(from: string, to: string, overrides: Overrides = []): number {
  const worked = calendar(overrides);
  const a = toEpochDay(from);
  const b = toEpochDay(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d++) if (worked(d)) count++;
  return count === 0 ? 0 : sign * count; // never -0
}

/** The ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (day: string): number => {
  const w = new Date(toEpochDay(day) * DAY_MS).getUTCDay();
  return w === 0 ? 7 : w;
};

/** The first working day of the ISO week (Monday–Sunday) that holds `day`; undefined if none is worked. */
export function firstWorkingDayOfIsoWeek(day: string, overrides: Overrides = []): string | undefined {
  const worked = calendar(overrides);
  const monday = toEpochDay(day) - (isoWeekday(day) - 1);
  for (let d = monday; d < monday + 7; d++) if (worked(d)) return fromEpochDay(d);
  return undefined;
}

/** `day` moved by whole calendar days (not working days). */
export const addCalendarDays = (day: string, n: number): string => fromEpochDay(toEpochDay(day) + n);
