import { cronPattern } from '@zuofeng/manifest';
import { Cron } from 'croner';
import { allSchedules } from '../../services/registry';
import { schedulerCron, toSchedulerWeekDay } from '../src/schedule-expression';

describe('schedulerCron', () => {
  it('puts ? in day-of-week when only the day of month is given', () => {
    expect(schedulerCron({ name: 's', cron: { minute: '30', hour: '0' } })).toBe('cron(30 0 * * ? *)');
    expect(schedulerCron({ name: 's', cron: { minute: '0', hour: '8', day: '1', month: '1-6' } })).toBe(
      'cron(0 8 1 1-6 ? *)',
    );
  });

  it('puts ? in day-of-month when a weekday is given, and names the days', () => {
    expect(schedulerCron({ name: 's', cron: { minute: '0', hour: '9', weekDay: '1-5' } })).toBe(
      'cron(0 9 ? * MON-FRI *)',
    );
  });

  it('refuses a day and a weekday together, which EventBridge cannot express', () => {
    expect(() =>
      schedulerCron({ name: 's', cron: { minute: '0', hour: '9', day: '1', weekDay: '1' } }),
    ).toThrow(/cannot restrict both/);
  });

  it('every manifest schedule converts', () => {
    for (const s of allSchedules()) expect(schedulerCron(s)).toMatch(/^cron\(\S+ \S+ \S+ \S+ \S+ \*\)$/);
  });
});

describe('toSchedulerWeekDay', () => {
  it.each([
    ['0', 'SUN'],
    ['7', 'SUN'],
    ['1', 'MON'],
    ['6', 'SAT'],
    ['1-5', 'MON-FRI'],
    ['1,3,5', 'MON,WED,FRI'],
    ['5#3', '6#3'],
    ['0L', '1L'],
    ['1-5/2', 'MON-FRI/2'],
    ['mon', 'MON'],
  ])('%s → %s', (croner, eventBridge) => {
    expect(toSchedulerWeekDay(croner)).toBe(eventBridge);
  });

  it('means the same days as croner does', () => {
    // Prepare: croner's reading of numeric weekdays (0 = Sunday), over two weeks from a Monday.
    const numeric = '1-5';
    const named = toSchedulerWeekDay(numeric);
    const days = (pattern: string) =>
      new Cron(`0 9 * * ${pattern}`, { timezone: 'Asia/Shanghai' })
        .nextRuns(10, new Date('2026-03-01T00:00:00+08:00'))
        .map((d) => d.toISOString());
    // Assess: the named form fires on exactly the same days.
    expect(days(named)).toEqual(days(numeric));
  });

  it('rejects what is not a day', () => {
    expect(() => toSchedulerWeekDay('8')).toThrow(/not a day/);
  });
});

describe('local and AWS read the same fields', () => {
  it('the croner pattern and the scheduler expression agree on minute and hour', () => {
    for (const s of allSchedules()) {
      const [minute, hour] = cronPattern(s).split(' ');
      expect(schedulerCron(s)).toMatch(new RegExp(`^cron\\(${minute} ${hour} `));
    }
  });
});
