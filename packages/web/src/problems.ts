import type { ApiClient } from './api';
import { ApiError } from './errors';
import type {
  Ledger,
  LifecycleAction,
  ListProblemsQuery,
  Measure,
  Problem,
  ProblemSource,
  ProblemState,
  ProblemsPage,
  TimelineEntry,
} from './types';
import { PROBLEM_STATES } from './types';

/** What the console knows about the problems: the lifecycle as docs/problem-lifecycle.md draws it. */

export type Tone = 'ok' | 'warn' | 'muted' | 'info' | 'bad';

export const STATE_TONE: Record<ProblemState, Tone> = {
  reported: 'warn',
  accepted: 'info',
  rectifying: 'info',
  submitted: 'info',
  closed: 'ok',
  rejected: 'bad',
  reopened: 'bad',
};

/** Lifecycle order, for sorting by state and for the board's columns. */
export const stateRank = (s: ProblemState): number => {
  const i = (PROBLEM_STATES as readonly string[]).indexOf(s);
  return i < 0 ? PROBLEM_STATES.length : i;
};

/**
 * The moves that exist from each state (TRANSITIONS in services/intake/src/domain/lifecycle.ts, without the
 * resident's re-rating). Who may is the server's call: the console offers the move and shows its answer.
 */
export const MOVES: Record<ProblemState, readonly LifecycleAction[]> = {
  reported: ['accept'],
  accepted: ['start'],
  rectifying: ['submit'],
  submitted: ['signOff', 'reject'],
  closed: ['reopen'],
  rejected: ['resume'],
  reopened: ['resume'],
};

/** Who the caller is to one problem, as the server's lifecycle rule sees them (services/intake … decide). */
export interface MoveActor {
  roles: readonly string[];
  /** The problem's person, or the owner of one of its measures. */
  isOwner: boolean;
  isResponsibleLeader: boolean;
}

const OFFICES = ['township_admin', 'inspection_office', 'discipline_office'];

/**
 * May this caller make this move, by the server's rule of who may (services/intake/src/domain/lifecycle.ts)?
 * The console offers only these: a cadre is not shown 销号 or 退回 that would be refused with a 403. Whether
 * the state allows it now (evidence, the resident's follow-up…) stays the server's call.
 */
export function mayMove(action: LifecycleAction, a: MoveActor): boolean {
  const office = a.roles.some((r) => OFFICES.includes(r));
  switch (action) {
    case 'accept':
      return office || a.isResponsibleLeader;
    case 'start':
    case 'resume':
      return office || a.isOwner || a.isResponsibleLeader;
    case 'submit':
      return a.isOwner || a.isResponsibleLeader || a.roles.includes('township_admin');
    case 'signOff':
    case 'reject':
      return a.roles.includes('inspection_office') || a.isResponsibleLeader;
    case 'reopen':
      return ['inspection_office', 'discipline_office', 'township_admin'].some((r) => a.roles.includes(r));
    default:
      return false;
  }
}

/**
 * Where a submitted problem from the public stands with the resident's follow-up (回访): rated satisfied this
 * round, still waiting (until `endsAt`, when known), or the waiting period is over. Undefined for any other
 * problem.
 */
export type FollowUp =
  | { kind: 'rated' }
  | { kind: 'waiting'; endsAt?: string }
  | { kind: 'over'; endsAt: string };

export function followUpOf(
  p: Pick<Problem, 'source' | 'state'> & { followUpEndsAt?: string | null },
  timeline: readonly Pick<TimelineEntry, 'action' | 'at'>[],
  now = new Date(),
): FollowUp | undefined {
  if (p.source !== 'public' || p.state !== 'submitted') return undefined;
  // ISO times sort as strings: the latest request for sign-off opens this round.
  const lastSubmit =
    timeline
      .filter((e) => e.action === 'submit')
      .map((e) => e.at)
      .sort()
      .pop() ?? '';
  if (timeline.some((e) => e.action === 'rerate.satisfied' && e.at >= lastSubmit)) return { kind: 'rated' };
  const endsAt = p.followUpEndsAt ?? undefined;
  if (endsAt && Date.parse(endsAt) <= now.getTime()) return { kind: 'over', endsAt };
  return endsAt ? { kind: 'waiting', endsAt } : { kind: 'waiting' };
}

/** A moment as a date in China time (YYYY-MM-DD), whatever the browser's zone. */
export const dateInChina = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : todayInChina(d);
};

/** Moves that need a reason (at least 2 characters, or the server answers 409). */
export const NEEDS_REASON: ReadonlySet<LifecycleAction> = new Set(['reject', 'reopen']);

/** States in which measures may be added (the server refuses closed and submitted problems). */
export const takesMeasures = (s: ProblemState): boolean => s !== 'closed' && s !== 'submitted';
/** States in which progress may be reported. */
export const takesProgress = (s: ProblemState): boolean => s === 'accepted' || s === 'rectifying';

/** Sources the console may offer for raising: those the user's actions allow (`problems.raise.self` …). */
export const RAISE_ACTION = {
  self: 'problems.raise.self',
  superior: 'problems.raise.superior',
  peer: 'problems.raise.peer',
  inspection: 'problems.raise.inspection',
} as const;

/** Today as a calendar day in China (UTC+8), YYYY-MM-DD: deadlines are days there. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A day n calendar days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const isOpenMeasure = (m: Pick<Measure, 'status'>): boolean => m.status !== 'done';

/** A measure is overdue when it is still open after its due day (and the problem is not closed). */
export const measureOverdue = (m: Pick<Measure, 'status' | 'dueOn'>, today: string): boolean =>
  isOpenMeasure(m) && m.dueOn < today;

/**
 * 一犯再犯: the intake service flags a recurrence on both problems (`recurred`, `recurrenceOf`); a problem
 * reopened after closure is one by definition, flagged or not yet.
 */
export function isRecurrence(
  p: Pick<Problem, 'state' | 'recurred' | 'recurrenceOf'>,
  timeline: readonly Pick<TimelineEntry, 'action'>[] = [],
): boolean {
  return (
    !!p.recurred || !!p.recurrenceOf || p.state === 'reopened' || timeline.some((e) => e.action === 'reopen')
  );
}

/** Overdue: the intake service's flag, or an open measure past its due day (the sweep may not have run yet). */
export const isOverdue = (
  p: Pick<Problem, 'state' | 'overdue'>,
  measures: readonly Pick<Measure, 'status' | 'dueOn'>[] = [],
  today = todayInChina(),
): boolean => p.state !== 'closed' && (!!p.overdue || measures.some((m) => measureOverdue(m, today)));

export const ledgerPath = (problemId: string) => `/problems/${encodeURIComponent(problemId)}/ledger`;

export const loadLedger = (api: ApiClient, problemId: string): Promise<Ledger> =>
  api.get<Ledger>(ledgerPath(problemId));

/**
 * Problems, newest first, read page after page from `cursor` until `want` rows are in, there are no more,
 * or `maxPages` were read. The server filters within each page it reads, so a filtered page can be short
 * (even empty) while more follow: one page is not enough to fill the table.
 */
export async function loadProblems(
  api: ApiClient,
  query: ListQuery,
  opts: { cursor?: string; want?: number; limit?: number; maxPages?: number } = {},
): Promise<{ items: Problem[]; nextCursor?: string }> {
  const items: Problem[] = [];
  let cursor = opts.cursor;
  const want = opts.want ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < (opts.maxPages ?? 10); i++) {
    const page = await api.get<ProblemsPage>('/problems', { ...query, limit: opts.limit ?? 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor || items.length >= want) break;
  }
  return { items, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** A 409 about a stale version (not about the state): reload, and the write can be tried again. */
export const isStale = (e: unknown): boolean =>
  e instanceof ApiError && e.status === 409 && e.errors.some((x) => /(^|\.)version$/.test(x.field));

// ── filters and sorting of the ledger table ──────────────────────────────────────────────────────────

export interface ProblemFilters {
  source: ProblemSource | '';
  aspectId: string;
  unitId: string;
  personId: string;
  state: ProblemState | '';
  overdue: '' | 'yes' | 'no';
  recurrence: '' | 'yes' | 'no';
}

export const NO_FILTERS: ProblemFilters = {
  source: '',
  aspectId: '',
  unitId: '',
  personId: '',
  state: '',
  overdue: '',
  recurrence: '',
};

/** The query of `GET /problems` for these filters: every filter is in the contract, so the server applies it. */
export type ListQuery = Omit<ListProblemsQuery, 'limit' | 'cursor'>;
export function toQuery(f: ProblemFilters): ListQuery {
  return {
    ...(f.source ? { source: f.source } : {}),
    ...(f.state ? { state: f.state } : {}),
    ...(f.aspectId ? { aspectId: f.aspectId } : {}),
    ...(f.unitId ? { unitId: f.unitId } : {}),
    ...(f.personId ? { personId: f.personId } : {}),
    ...(f.overdue ? { overdue: f.overdue === 'yes' ? 'true' : 'false' } : {}),
    ...(f.recurrence ? { recurrence: f.recurrence === 'yes' ? 'true' : 'false' } : {}),
  };
}

export type SortKey = 'reportedAt' | 'state';
export interface Sort {
  key: SortKey;
  dir: 1 | -1;
}

export function sortProblems(rows: readonly Problem[], sort: Sort): Problem[] {
  return [...rows].sort((a, b) => {
    const byDate = a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0;
    if (sort.key === 'reportedAt') return sort.dir * byDate;
    // By state in lifecycle order; within a state the newest first.
    return sort.dir * (stateRank(a.state) - stateRank(b.state)) || -byDate;
  });
}

/**
 * The line over the problem list: a total ("共 59 条") only when the list is whole; while more can be loaded,
 * what is loaded so far ("已加载 50 条"), for 共 would read as the total.
 */
export const countLineKey = (
  filtered: boolean,
  more: boolean,
): 'ledger.loaded' | 'ledger.filtered' | 'ledger.loadedSoFar' | 'ledger.filteredSoFar' =>
  more
    ? filtered
      ? 'ledger.filteredSoFar'
      : 'ledger.loadedSoFar'
    : filtered
      ? 'ledger.filtered'
      : 'ledger.loaded';
