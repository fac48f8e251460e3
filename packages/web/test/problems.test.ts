import { dispositionName } from '../src/download';
import { ApiError } from '../src/errors';
import { asJpegName, fitScale, isEvidenceType } from '../src/evidence';
import { matchPath } from '../src/paths';
import {
  addDays,
  dateInChina,
  followUpOf,
  isOverdue,
  isRecurrence,
  isStale,
  MOVES,
  mayMove,
  NO_FILTERS,
  sortProblems,
  todayInChina,
  toQuery,
} from '../src/problems';
import { PROBLEM_STATES, type Problem } from '../src/types';

const problem = (over: Partial<Problem>): Problem => ({
  problemId: '01J000000000000000000000AA',
  source: 'self',
  state: 'reported',
  unitId: 'u-a',
  title: 't',
  description: 'd',
  reportedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('the console’s problem helpers', () => {
  it('offers the lifecycle’s moves for every state, and the closed problem only a reopening', () => {
    for (const s of PROBLEM_STATES) expect(MOVES[s].length).toBeGreaterThan(0);
    expect(MOVES.submitted).toEqual(['signOff', 'reject']);
    expect(MOVES.closed).toEqual(['reopen']);
  });

  it('counts days in China and adds calendar days', () => {
    expect(todayInChina(new Date('2026-02-14T16:30:00Z'))).toBe('2026-02-15');
    expect(todayInChina(new Date('2026-02-14T15:59:00Z'))).toBe('2026-02-14');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('calls a problem overdue by its flag or an open measure past its day, never once closed', () => {
    const late = [{ status: 'open', dueOn: '2026-11-01' }];
    expect(isOverdue(problem({ state: 'rectifying' }), late, '2026-11-02')).toBe(true);
    expect(isOverdue(problem({ state: 'rectifying' }), late, '2026-11-01')).toBe(false);
    expect(
      isOverdue(problem({ state: 'rectifying' }), [{ status: 'done', dueOn: '2026-10-01' }], '2026-11-02'),
    ).toBe(false);
    expect(isOverdue(problem({ state: 'accepted', overdue: true }), [], '2026-11-02')).toBe(true);
    expect(isOverdue(problem({ state: 'closed', overdue: true }), late, '2026-11-02')).toBe(false);
  });

  it('calls a problem a recurrence by its flags or a reopening', () => {
    expect(isRecurrence(problem({}))).toBe(false);
    expect(isRecurrence(problem({ recurred: true }))).toBe(true);
    expect(isRecurrence(problem({ recurrenceOf: '01J…' }))).toBe(true);
    expect(isRecurrence(problem({ state: 'reopened' }))).toBe(true);
    expect(isRecurrence(problem({ state: 'rectifying' }), [{ action: 'reopen' }])).toBe(true);
  });

  it('sends every filter to the server in the contract’s shape', () => {
    expect(toQuery(NO_FILTERS)).toEqual({});
    expect(
      toQuery({
        source: 'peer',
        aspectId: 'stance',
        unitId: 'u-a',
        personId: 'p-a',
        state: 'closed',
        overdue: 'yes',
        recurrence: 'no',
      }),
    ).toEqual({
      source: 'peer',
      aspectId: 'stance',
      unitId: 'u-a',
      personId: 'p-a',
      state: 'closed',
      overdue: 'true',
      recurrence: 'false',
    });
  });

  it('sorts by date either way, and by state in lifecycle order with the newest first within one', () => {
    const a = problem({ problemId: 'a', state: 'closed', reportedAt: '2026-01-01' });
    const b = problem({ problemId: 'b', state: 'reported', reportedAt: '2026-01-02' });
    const c = problem({ problemId: 'c', state: 'reported', reportedAt: '2026-01-03' });
    const ids = (xs: Problem[]) => xs.map((x) => x.problemId);
    expect(ids(sortProblems([a, b, c], { key: 'reportedAt', dir: -1 }))).toEqual(['c', 'b', 'a']);
    expect(ids(sortProblems([a, b, c], { key: 'reportedAt', dir: 1 }))).toEqual(['a', 'b', 'c']);
    expect(ids(sortProblems([a, b, c], { key: 'state', dir: 1 }))).toEqual(['c', 'b', 'a']);
    expect(ids(sortProblems([a, b, c], { key: 'state', dir: -1 }))).toEqual(['a', 'c', 'b']);
  });

  it('tells a stale version from a refusal by the state', () => {
    expect(isStale(new ApiError(409, 'x', 'stale', [{ field: 'version', reason: 'stale version' }]))).toBe(
      true,
    );
    expect(isStale(new ApiError(409, 'x', 'no', [{ field: 'action', reason: 'a closed problem…' }]))).toBe(
      false,
    );
    expect(isStale(new ApiError(409, 'x', 'no'))).toBe(false);
    expect(isStale(new ApiError(403, 'x', 'no', [{ field: 'version', reason: 'x' }]))).toBe(false);
  });
});

describe('evidence and downloads', () => {
  it('scales photos to 1600 px on the longest side, never up', () => {
    expect(fitScale(4000, 3000)).toBeCloseTo(0.4);
    expect(fitScale(1200, 3200)).toBeCloseTo(0.5);
    expect(fitScale(1600, 900)).toBe(1);
    expect(fitScale(10, 10)).toBe(1);
  });

  it('names a re-encoded photo .jpg and takes only the contract’s types', () => {
    expect(asJpegName('现场.PNG')).toBe('现场.jpg');
    expect(asJpegName('a.b.webp')).toBe('a.b.jpg');
    expect(asJpegName('photo')).toBe('photo.jpg');
    expect(isEvidenceType('image/png')).toBe(true);
    expect(isEvidenceType('application/pdf')).toBe(true);
    expect(isEvidenceType('image/gif')).toBe(false);
  });

  it('reads the file name of a content-disposition header', () => {
    expect(dispositionName(`attachment; filename*=UTF-8''${encodeURIComponent('整改台账.xlsx')}`)).toBe(
      '整改台账.xlsx',
    );
    expect(dispositionName('attachment; filename="ledger.xlsx"')).toBe('ledger.xlsx');
    expect(dispositionName(null)).toBeUndefined();
  });
});

describe('route paths', () => {
  it('match one segment per parameter', () => {
    expect(matchPath('/problems/:problemId', '/problems/01J0')).toEqual({ problemId: '01J0' });
    expect(matchPath('/problems/:problemId', '/problems/%E4%B8%80')).toEqual({ problemId: '一' });
    expect(matchPath('/problems/:problemId', '/problems/')).toBeUndefined();
    expect(matchPath('/problems/:problemId', '/problems/a/b')).toBeUndefined();
    expect(matchPath('/problems', '/problems')).toEqual({});
    expect(matchPath('/board', '/problems')).toBeUndefined();
  });
});

describe('mayMove and followUpOf', () => {
  const cadre = { roles: ['cadre'], isOwner: true, isResponsibleLeader: false };
  it('offers a cadre owner submit but not sign-off or send-back', () => {
    expect(mayMove('submit', cadre)).toBe(true);
    expect(mayMove('signOff', cadre)).toBe(false);
    expect(mayMove('reject', cadre)).toBe(false);
    expect(
      mayMove('signOff', { roles: ['inspection_office'], isOwner: false, isResponsibleLeader: false }),
    ).toBe(true);
  });
  it('says where a submitted public problem stands with the follow-up', () => {
    const p = { source: 'public', state: 'submitted', followUpEndsAt: '2025-01-10T00:00:00.000Z' } as const;
    const submit = { action: 'submit', at: '2025-01-01T00:00:00.000Z' };
    const now = new Date('2025-01-05T00:00:00.000Z');
    expect(followUpOf(p, [submit], now)).toEqual({ kind: 'waiting', endsAt: p.followUpEndsAt });
    expect(followUpOf(p, [submit], new Date('2025-01-11T00:00:00.000Z'))?.kind).toBe('over');
    expect(
      followUpOf(p, [submit, { action: 'rerate.satisfied', at: '2025-01-02T00:00:00.000Z' }], now)?.kind,
    ).toBe('rated');
    expect(followUpOf({ ...p, source: 'self' }, [submit], now)).toBeUndefined();
    expect(dateInChina('2025-01-09T18:00:00.000Z')).toBe('2025-01-10');
  });
});
