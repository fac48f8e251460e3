import { execFileSync } from 'node:child_process';
import {
  addWorkingDays,
  calendarCovers,
  cstDay,
  firstWorkingDayOfIsoWeek,
  isWorkingDay,
  type Overrides,
  subtractWorkingDays,
  workingDaysBetween,
} from '../src/domain/working-days';

/** Every calendar day from `from` to `to`, both included. */
const daysFrom = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

describe('isWorkingDay on the State Council schedule (chinese-days)', () => {
  it('keeps the whole 2026 National Day Golden Week (10-01 to 10-07) off, weekdays included', () => {
    // Prepare
    const goldenWeek = daysFrom('2026-10-01', '2026-10-07');

    // Act
    const worked = goldenWeek.filter((d) => isWorkingDay(d));

    // Assess
    expect(goldenWeek).toHaveLength(7);
    expect(worked).toEqual([]);
  });

  it('counts the 调休 make-up weekend days as working: Sun 2026-09-20, Sat 2026-10-10, Sat 2026-02-14, Sat 2026-02-28', () => {
    // Prepare
    const makeUpDays = ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28'];

    // Act
    const answers = makeUpDays.map((d) => isWorkingDay(d));

    // Assess
    expect(answers).toEqual([true, true, true, true]);
  });

  it('keeps an ordinary weekend off and an ordinary weekday on', () => {
    // Prepare
    const saturday = '2026-03-07';
    const sunday = '2026-03-08';
    const monday = '2026-03-09';

    // Act
    const answers = [isWorkingDay(saturday), isWorkingDay(sunday), isWorkingDay(monday)];

    // Assess
    expect(answers).toEqual([false, false, true]);
  });

  it('knows the 2026 Spring Festival: 02-15 to 02-23 off, the Monday 02-23 included', () => {
    // Prepare
    const festival = daysFrom('2026-02-15', '2026-02-23');

    // Act
    const worked = festival.filter((d) => isWorkingDay(d));

    // Assess
    expect(festival).toHaveLength(9);
    expect(worked).toEqual([]);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('rejects a string that is not a calendar day', () => {
    // Prepare
    const bad = ['2026-02-30', '2026-2-3', '20260203', ''];

    // Act
    const thrown = bad.filter((d) => {
      try {
        isWorkingDay(d);
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(thrown).toEqual(bad);
  });
});

describe('tenant overrides', () => {
  it('win over the schedule both ways: a holiday worked, a weekday closed', () => {
    // Prepare
    const overrides: Overrides = [
      { date: '2026-10-02', working: true, note: '防汛值守' },
      { date: '2026-03-09', working: false, note: '本地节日' },
    ];

    // Act
    const holidayWorked = isWorkingDay('2026-10-02', overrides);
    const mondayClosed = isWorkingDay('2026-03-09', overrides);

    // Assess
    expect(isWorkingDay('2026-10-02')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(true);
    expect(holidayWorked).toBe(true);
    expect(mondayClosed).toBe(false);
  });

  it('also override a 调休 make-up day, and the last entry for a day wins', () => {
    // Prepare
    const overrides: Overrides = [
      { date: '2026-02-14', working: true },
      { date: '2026-02-14', working: false, note: '镇里统一安排休息' },
    ];

    // Act
    const worked = isWorkingDay('2026-02-14', overrides);

    // Assess
    expect(worked).toBe(false);
  });

  it('move the counts: a closed Monday pushes addWorkingDays a day further', () => {
    // Prepare
    const overrides: Overrides = [{ date: '2026-03-09', working: false }];

    // Act
    const plain = addWorkingDays('2026-03-06', 1);
    const overridden = addWorkingDays('2026-03-06', 1, overrides);

    // Assess
    expect(plain).toBe('2026-03-09');
    expect(overridden).toBe('2026-03-10');
  });
});

describe('addWorkingDays and subtractWorkingDays', () => {
  it('jump the Golden Week: from Wed 09-30, 1 → 10-08, 2 → 10-09, 3 → the make-up Sat 10-10, 4 → Mon 10-12', () => {
    // Prepare
    const from = '2026-09-30';

    // Act
    const days = [1, 2, 3, 4].map((n) => addWorkingDays(from, n));

    // Assess
    expect(days).toEqual(['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
  });

  it('n = 0 keeps a working day and rolls a day off forward (add) or back (subtract)', () => {
    // Prepare
    const working = '2026-09-30';
    const holiday = '2026-10-03';

    // Act
    const out = [
      addWorkingDays(working, 0),
      subtractWorkingDays(working, 0),
      addWorkingDays(holiday, 0),
      subtractWorkingDays(holiday, 0),
    ];

    // Assess
    expect(out).toEqual(['2026-09-30', '2026-09-30', '2026-10-08', '2026-09-30']);
  });

  it('subtract back across the holiday, counting the make-up Sunday 09-20', () => {
    // Prepare
    const from = '2026-10-08';

    // Act
    const days = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => subtractWorkingDays(from, n));

    // Assess: 09-30 Wed, 29 Tue, 28 Mon, 25–27 中秋 off, 24 Thu, 23 Wed, 22 Tue, 21 Mon, 20 the make-up Sunday.
    expect(days).toEqual([
      '2026-09-30',
      '2026-09-29',
      '2026-09-28',
      '2026-09-24',
      '2026-09-23',
      '2026-09-22',
      '2026-09-21',
      '2026-09-20',
    ]);
  });

  it('are inverse on working days, and count n working days between', () => {
    // Prepare
    const starts = ['2026-02-13', '2026-02-14', '2026-09-30', '2026-12-31'];
    const ns = [0, 1, 3, 5, 12];

    // Act
    const roundTrips = starts.flatMap((d) => ns.map((n) => subtractWorkingDays(addWorkingDays(d, n), n)));
    const counts = starts.flatMap((d) => ns.map((n) => workingDaysBetween(d, addWorkingDays(d, n))));

    // Assess
    expect(roundTrips).toEqual(starts.flatMap((d) => ns.map(() => d)));
    expect(counts).toEqual(starts.flatMap(() => ns));
  });

  it('refuse a negative or fractional count', () => {
    // Prepare
    const day = '2026-03-02';

    // Act
    const attempts = [() => addWorkingDays(day, -1), () => subtractWorkingDays(day, 1.5)];

    // Assess
    for (const attempt of attempts) expect(attempt).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after from, up to and including to, across the Golden Week', () => {
    // Prepare: 09-30 → 10-12: 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    const from = '2026-09-30';
    const to = '2026-10-12';

    // Act
    const count = workingDaysBetween(from, to);

    // Assess
    expect(count).toBe(4);
  });

  it('is antisymmetric: the same count, negative, when to is before from', () => {
    // Prepare
    const pairs: [string, string][] = [
      ['2026-09-30', '2026-10-12'],
      ['2026-02-10', '2026-03-02'],
      ['2026-03-07', '2026-03-08'],
      ['2026-05-01', '2026-05-01'],
    ];

    // Act
    const forward = pairs.map(([a, b]) => workingDaysBetween(a, b));
    const backward = pairs.map(([a, b]) => workingDaysBetween(b, a));

    // Assess
    expect(forward).toEqual([4, 10, 0, 0]);
    expect(backward).toEqual(forward.map((n) => (n === 0 ? 0 : -n)));
  });
});

describe('firstWorkingDayOfIsoWeek', () => {
  it('is Monday in an ordinary week, Tuesday after a holiday Monday, and none in the Spring Festival week', () => {
    // Prepare
    const days = ['2026-03-11', '2026-02-26', '2026-02-18'];

    // Act
    const firsts = days.map((d) => firstWorkingDayOfIsoWeek(d));

    // Assess
    expect(firsts).toEqual(['2026-03-09', '2026-02-24', undefined]);
  });
});

describe('years the library does not know', () => {
  it('knows 2004 to 2026 and falls back to Monday–Friday beyond: 2099-10-01, a Thursday, is worked', () => {
    // Prepare
    const nationalDay2099 = '2099-10-01';

    // Act
    const worked = isWorkingDay(nationalDay2099);

    // Assess
    expect([calendarCovers(2003), calendarCovers(2004), calendarCovers(2026), calendarCovers(2099)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(worked).toBe(true);
    expect(isWorkingDay('2099-10-03')).toBe(false);
  });
});

describe('cstDay', () => {
  it('takes the calendar day in China (UTC+8) of an instant', () => {
    // Prepare
    const beforeMidnightCst = new Date('2026-02-13T15:59:59.999Z');
    const atMidnightCst = new Date('2026-02-13T16:00:00.000Z');

    // Act
    const days = [cstDay(beforeMidnightCst), cstDay(atMidnightCst)];

    // Assess
    expect(days).toEqual(['2026-02-13', '2026-02-14']);
  });
});

describe('time zone of the process', () => {
  /** Run a snippet in a fresh Node with TZ set (a jest worker cannot change its own zone) and parse its JSON. */
  const inZone = (tz: string, body: string): unknown => {
    const code = `const ours = require(${JSON.stringify(require.resolve('../src/domain/working-days'))});
const theirs = require('chinese-days');
process.stdout.write(JSON.stringify((${body})()));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', code], {
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    });
    return JSON.parse(out);
  };

  it('gives the same answers west of Greenwich, where the library itself reads the day before', () => {
    // Prepare: an ordinary Saturday, a make-up Saturday, a holiday Monday, a working Tuesday.
    const body = `() => ['2026-03-07', '2026-02-14', '2026-02-23', '2026-02-24'].map((d) => [ours.isWorkingDay(d), theirs.isWorkday(d)])`;

    // Act
    const answers = inZone('America/Los_Angeles', body);

    // Assess: ours are right; the library's own call takes the Saturday 03-07 for a Friday.
    expect(answers).toEqual([
      [false, true],
      [true, true],
      [false, false],
      [true, true],
    ]);
  });

  it('agrees with chinese-days isWorkday on every day from 2004 to 2026, read in China', () => {
    // Prepare
    const body = `() => {
      const off = [];
      let n = 0;
      for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000) {
        const d = new Date(t).toISOString().slice(0, 10);
        n++;
        if (ours.isWorkingDay(d) !== theirs.isWorkday(d)) off.push(d);
      }
      return { n, off };
    }`;

    // Act
    const result = inZone('Asia/Shanghai', body);

    // Assess
    expect(result).toEqual({ n: 8401, off: [] });
  });
});
