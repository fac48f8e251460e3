import {
  type BulletinSchedule,
  ladder,
  nextBulletinAfter,
  type Step,
  stepsDue,
} from '../src/domain/escalation';
import { isWorkingDay, type Overrides } from '../src/domain/working-days';

/**
 * The 2026 Spring Festival, as chinese-days has it from the State Council's notice
 * (https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm):
 * 春节：2月15日（周日）至23日（周一）放假调休，共9天，2月14日（周六）、2月28日（周六）上班.
 */
const settings = { warnBeforeWorkingDays: 3, superviseAfterWorkingDays: 5 };

describe('the escalation ladder', () => {
  it('walks the escalation ladder across a Spring Festival holiday with its 调休 Saturday; the dates it computes are asserted', () => {
    // Prepare: a measure due on Tuesday 2026-02-24, the first working day after the holiday; N = 3, M = 5.
    const due = '2026-02-24';
    // The calendar it runs on: the make-up Saturdays are worked, the holiday Monday is not.
    expect([isWorkingDay('2026-02-14'), isWorkingDay('2026-02-23'), isWorkingDay('2026-02-28')]).toEqual([
      true,
      false,
      true,
    ]);

    // Act
    const l = ladder(due, settings);

    // Assess
    expect(l).toEqual({
      // 预警: back over the 9 holiday days (02-23 … 02-15): Sat 02-14 (调休, 1), Fri 02-13 (2), Thu 02-12 (3).
      warnOn: '2026-02-12',
      // 催办: the due day itself, a working day.
      chaseOn: '2026-02-24',
      // 督办: Wed 25 (1), Thu 26 (2), Fri 27 (3), Sat 28 (调休, 4), Mon 03-02 (5).
      superviseOn: '2026-03-02',
      // 通报: the next weekly bulletin after Monday 03-02 — the first working day of the next ISO week.
      bulletinOn: '2026-03-09',
    });
  });

  it('rolls a due day inside the holiday forward to the first working day after it', () => {
    // Prepare: due on 正月初四, Friday 2026-02-20, a holiday.
    const due = '2026-02-20';

    // Act
    const l = ladder(due, settings);

    // Assess
    expect(l).toEqual({
      warnOn: '2026-02-12',
      chaseOn: '2026-02-24',
      superviseOn: '2026-03-02',
      bulletinOn: '2026-03-09',
    });
  });

  it('names it in the bulletin of the first working day after the holiday when supervision falls just before it', () => {
    // Prepare: due Wed 2026-02-11, M = 2 → supervision Fri 02-13; the week of 02-09 has had its bulletin (Mon
    // 02-09), the week of 02-16 is all holiday (no bulletin), and the week of 02-23 starts with a holiday Monday.
    const due = '2026-02-11';

    // Act
    const l = ladder(due, { warnBeforeWorkingDays: 3, superviseAfterWorkingDays: 2 });

    // Assess
    expect(l).toEqual({
      warnOn: '2026-02-06',
      chaseOn: '2026-02-11',
      superviseOn: '2026-02-13',
      bulletinOn: '2026-02-24',
    });
  });

  it('counts with the tenant overrides: a closed make-up Saturday pushes warning and supervision a day', () => {
    // Prepare
    const overrides: Overrides = [
      { date: '2026-02-14', working: false, note: '镇里统一安排' },
      { date: '2026-02-28', working: false, note: '镇里统一安排' },
    ];

    // Act
    const l = ladder('2026-02-24', settings, overrides);

    // Assess
    expect(l).toEqual({
      warnOn: '2026-02-11',
      chaseOn: '2026-02-24',
      superviseOn: '2026-03-03',
      bulletinOn: '2026-03-09',
    });
  });

  it('puts warning on the chase day when N = 0, and takes a bulletin schedule as a parameter', () => {
    // Prepare: a monthly bulletin on the 10th.
    const monthly: BulletinSchedule = (day) => day.endsWith('-10');

    // Act
    const l = ladder('2026-02-24', { warnBeforeWorkingDays: 0, superviseAfterWorkingDays: 5 }, [], monthly);

    // Assess
    expect(l).toEqual({
      warnOn: '2026-02-24',
      chaseOn: '2026-02-24',
      superviseOn: '2026-03-02',
      bulletinOn: '2026-03-10',
    });
  });

  it('takes the bulletin strictly after the supervision day, even when that day is a bulletin day', () => {
    // Prepare: Monday 2026-03-02 is itself the week's first working day.
    const supervision = '2026-03-02';

    // Act
    const next = nextBulletinAfter(supervision, []);

    // Assess
    expect(next).toBe('2026-03-09');
  });
});

describe('stepsDue', () => {
  const l = ladder('2026-02-24', settings);

  it('returns nothing before the warning day', () => {
    // Prepare
    const today = '2026-02-11';

    // Act
    const due = stepsDue(l, today, []);

    // Assess
    expect(due).toEqual([]);
  });

  it('returns the warning on its day, and keeps returning it until it is done (a holiday does not skip it)', () => {
    // Prepare
    const days = ['2026-02-12', '2026-02-18'];

    // Act
    const due = days.map((d) => stepsDue(l, d, []));
    const afterDone = stepsDue(l, '2026-02-18', ['warning']);

    // Assess
    expect(due).toEqual([['warning'], ['warning']]);
    expect(afterDone).toEqual([]);
  });

  it('catches up every missed step, in ladder order, when the sweep did not run for weeks', () => {
    // Prepare: the sweep last ran before the warning day and runs next on 2026-03-09.
    const today = '2026-03-09';

    // Act
    const due = stepsDue(l, today, []);

    // Assess
    expect(due).toEqual(['warning', 'chase', 'supervision', 'bulletin']);
  });

  it('is idempotent: a rerun with the steps it just did returns nothing new', () => {
    // Prepare
    const today = '2026-03-03';
    const first = stepsDue(l, today, ['warning']);

    // Act
    const rerun = stepsDue(l, today, ['warning', ...first]);

    // Assess
    expect(first).toEqual(['chase', 'supervision']);
    expect(rerun).toEqual([]);
  });

  it('walks day by day: each step comes exactly once, on its own day', () => {
    // Prepare
    const done: Step[] = [];
    const firstSeen: Record<string, string> = {};

    // Act
    for (let t = Date.UTC(2026, 1, 1); t <= Date.UTC(2026, 2, 31); t += 86_400_000) {
      const today = new Date(t).toISOString().slice(0, 10);
      for (const step of stepsDue(l, today, done)) {
        done.push(step);
        firstSeen[step] = today;
      }
    }

    // Assess
    expect(done).toEqual(['warning', 'chase', 'supervision', 'bulletin']);
    expect(firstSeen).toEqual({
      warning: '2026-02-12',
      chase: '2026-02-24',
      supervision: '2026-03-02',
      bulletin: '2026-03-09',
    });
  });

  it('refuses a today that is not a calendar day', () => {
    // Prepare
    const today = '2026-3-9';

    // Act
    const act = () => stepsDue(l, today, []);

    // Assess
    expect(act).toThrow(RangeError);
  });
});
