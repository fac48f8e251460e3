import type { Role } from '@zuofeng/core';
import fc from 'fast-check';
import {
  type ActorFacts,
  type Decision,
  decide,
  type LifecycleAction,
  type ProblemFacts,
  type ProblemState,
  TRANSITIONS,
} from '../src/domain/lifecycle';

/**
 * Property-based tests of the problem lifecycle (decide in lifecycle.ts). fast-check generates random
 * sequences of (action, actor, facts) — every role combination × responsible leader × owner, evidence and
 * measure counts from zero, re-ratings, follow-up windows that have or have not ended, every source — and a
 * model problem walks each sequence from `reported`, applying only the decisions that are ok. After every
 * decision the properties below must hold; fast-check shrinks any counterexample to a minimal sequence.
 */

const NUM_RUNS = 2000;
/**
 * The tests that must also reach rare paths (a public problem closed by the window) run more batches of fresh
 * random sequences until they have: the rules are checked on every sequence, and a path missed by chance is
 * walked by the next batch instead of failing the suite (five batches all missing it: about 1 in 600,000).
 */
const MAX_BATCHES = 5;

/** A Record so that the compiler fails here if a role is added and not generated. */
const ROLE_SET: Record<Role, true> = {
  county_admin: true,
  township_admin: true,
  discipline_office: true,
  inspection_office: true,
  leader: true,
  cadre: true,
};
const ROLES = Object.keys(ROLE_SET) as Role[];
const OFFICE_ROLES: readonly Role[] = ['township_admin', 'inspection_office', 'discipline_office'];

const STATE_SET: Record<ProblemState, true> = {
  reported: true,
  accepted: true,
  rectifying: true,
  submitted: true,
  closed: true,
  rejected: true,
  reopened: true,
};
const STATES = Object.keys(STATE_SET) as ProblemState[];
const SOURCES: readonly ProblemFacts['source'][] = [
  'self',
  'superior',
  'peer',
  'public',
  'inspection',
  'report',
];

/** Instants within a 60-day window, as the handlers write them (`Date#toISOString`). */
const T0 = Date.UTC(2026, 1, 1);
const instant = fc.integer({ min: T0, max: T0 + 60 * 86_400_000 }).map((ms) => new Date(ms).toISOString());

const reason = fc.constantFrom('', ' ', '补', '  ', '整改不到位，照片与措施不符', '  回访不满意  ');
const action: fc.Arbitrary<LifecycleAction> = fc.oneof(
  fc.constant({ type: 'accept' as const }),
  fc.constant({ type: 'start' as const }),
  fc.constant({ type: 'submit' as const }),
  fc.constant({ type: 'signOff' as const }),
  reason.map((r) => ({ type: 'reject' as const, reason: r })),
  fc.constant({ type: 'resume' as const }),
  reason.map((r) => ({ type: 'reopen' as const, reason: r })),
  fc.boolean().map((satisfied) => ({ type: 'rerate' as const, satisfied })),
);

/** Counts with zero weighted up: zero is the case the rules care about. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }));

const step = fc.record({
  action,
  actor: fc.record({
    roles: fc.subarray(ROLES),
    isResponsibleLeader: fc.boolean(),
    isOwner: fc.boolean(),
    now: instant,
  }),
  facts: fc.record({
    evidenceCount: count,
    measureCount: count,
    rerating: fc.constantFrom(undefined, 'satisfied' as const, 'dissatisfied' as const),
    followUpEndsAt: fc.option(instant, { nil: undefined }),
  }),
});
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const sequence = fc.record({
  source: fc.constantFrom(...SOURCES),
  steps: fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }),
});

const isJudge = (a: ActorFacts) => a.roles.includes('inspection_office') || a.isResponsibleLeader;
const holdsOfficeRole = (a: ActorFacts) => a.roles.some((r) => OFFICE_ROLES.includes(r));
const windowOver = (p: ProblemFacts, now: string) =>
  p.followUpEndsAt !== undefined && Date.parse(p.followUpEndsAt) <= Date.parse(now);

/** What the runs reached, so that a generator too weak to reach the interesting states fails the test. */
interface Reach {
  states: Set<ProblemState>;
  publicClosedBySatisfied: number;
  publicClosedByWindow: number;
  signOffs: number;
  plainCadreAttempts: number;
  denials: number;
}
const newReach = (): Reach => ({
  states: new Set(['reported']),
  publicClosedBySatisfied: 0,
  publicClosedByWindow: 0,
  signOffs: 0,
  plainCadreAttempts: 0,
  denials: 0,
});

/** A bare assertion: the inner loop runs some 10⁵ decisions, and `expect` would make it slow. */
function must(ok: boolean, property: string, detail: unknown): void {
  if (!ok) throw new Error(`${property}: ${JSON.stringify(detail)}`);
}

/** One decision, with every property checked; returns the model's next state. Throws on a violation. */
function checkedMove(
  state: ProblemState,
  source: ProblemFacts['source'],
  s: Step,
  reach: Reach,
): ProblemState {
  // Frozen: decide cannot change what it is given (a write would throw in strict mode).
  const facts: ProblemFacts = Object.freeze({ state, source, ...s.facts });
  const actor: ActorFacts = Object.freeze({ ...s.actor, roles: Object.freeze([...s.actor.roles]) });
  const act = Object.freeze({ ...s.action });
  const seen = { state, source, action: act, actor, facts };

  const d: Decision = decide(facts, act, actor);

  const plainCadre = !holdsOfficeRole(actor) && !actor.isOwner && !actor.isResponsibleLeader;
  if (plainCadre && s.action.type !== 'rerate') reach.plainCadreAttempts++;
  if (!d.ok) {
    // (f) a denied action carries no next state and a reason: the problem stays where it is.
    reach.denials++;
    must(!('next' in d) && (d.status === 403 || d.status === 409) && d.reason.length > 0, '(f) denial', seen);
    return state;
  }

  // (a) every reached state is one of the 7, and every move taken is in TRANSITIONS.
  must(STATES.includes(d.next) && TRANSITIONS[state].includes(d.next), '(a) move not in TRANSITIONS', {
    ...seen,
    d,
  });

  // (e) a cadre (any actor holding no office role) who is neither owner nor responsible leader never moves
  // it. `rerate` is excluded: it is the resident's verdict, delivered by the feedback service's event, and
  // decide does not look at the actor for it.
  must(s.action.type === 'rerate' || !plainCadre, '(e) a plain cadre moved it', { ...seen, d });

  if (d.next === 'closed' && state !== 'closed') {
    // Only sign-off closes.
    must(s.action.type === 'signOff', 'only sign-off closes', { ...seen, d });
    if (source === 'public') {
      // (b) a public problem closes only after a satisfied re-rating or the end of the follow-up window.
      const satisfied = facts.rerating === 'satisfied';
      const over = windowOver(facts, actor.now);
      must(satisfied || over, '(b) public problem closed before re-rating or window', { ...seen, d });
      if (satisfied) reach.publicClosedBySatisfied++;
      else reach.publicClosedByWindow++;
    }
  }
  if (s.action.type === 'signOff' || s.action.type === 'reject') {
    // (c) only the inspection office or the responsible leader closes or sends back.
    must(isJudge(actor), '(c) closed or sent back by someone else', { ...seen, d });
  }
  if (s.action.type === 'signOff') {
    // (d) never with zero evidence.
    must(facts.evidenceCount > 0, '(d) signed off without evidence', { ...seen, d });
    reach.signOffs++;
  }
  if (d.next === 'rejected' && state !== 'rejected') {
    must(s.action.type === 'reject' || s.action.type === 'rerate', 'rejected only by reject or rerate', {
      ...seen,
      d,
    });
  }
  reach.states.add(d.next);
  return d.next;
}

describe('problem lifecycle — properties over random sequences of actions by any role', () => {
  it('keeps every rule on every sequence from reported', () => {
    // Prepare
    const reach = newReach();
    const property = fc.property(sequence, ({ source, steps }) => {
      let state: ProblemState = 'reported';
      for (const s of steps) state = checkedMove(state, source, s, reach);
    });

    // Act: random runs until every path below was walked (one batch of 2000 misses the rarest ~7% of times)
    const covered = () =>
      reach.states.size === STATES.length &&
      reach.publicClosedBySatisfied > 0 &&
      reach.publicClosedByWindow > 0 &&
      reach.signOffs > 0 &&
      reach.plainCadreAttempts > 0 &&
      reach.denials > 0;
    const run = () => {
      for (let batch = 0; batch < MAX_BATCHES && (batch === 0 || !covered()); batch++)
        fc.assert(property, { numRuns: NUM_RUNS });
    };

    // Assess
    expect(run).not.toThrow();
    expect([...reach.states].sort()).toEqual([...STATES].sort());
    expect(reach.publicClosedBySatisfied).toBeGreaterThan(0);
    expect(reach.publicClosedByWindow).toBeGreaterThan(0);
    expect(reach.signOffs).toBeGreaterThan(0);
    expect(reach.plainCadreAttempts).toBeGreaterThan(0);
    expect(reach.denials).toBeGreaterThan(0);
  });

  it('keeps every rule from any starting state, whatever the facts', () => {
    // Prepare
    const reach = newReach();
    const property = fc.property(
      fc.constantFrom(...STATES),
      fc.constantFrom(...SOURCES),
      fc.array(step, { minLength: 1, maxLength: 8 }),
      (start, source, steps) => {
        let state = start;
        for (const s of steps) state = checkedMove(state, source, s, reach);
      },
    );

    // Act: as above, until a public problem was closed at least once
    const run = () => {
      for (
        let batch = 0;
        batch < MAX_BATCHES &&
        (batch === 0 || reach.publicClosedBySatisfied + reach.publicClosedByWindow === 0);
        batch++
      )
        fc.assert(property, { numRuns: NUM_RUNS });
    };

    // Assess
    expect(run).not.toThrow();
    expect(reach.publicClosedBySatisfied + reach.publicClosedByWindow).toBeGreaterThan(0);
  });

  it('never closes a submitted public problem before its re-rating or window, for any actor and facts', () => {
    // Prepare
    let closed = 0;
    const property = fc.property(step, ({ actor, facts }) => {
      const p: ProblemFacts = { state: 'submitted', source: 'public', ...facts };
      const d = decide(p, { type: 'signOff' }, actor);
      if (d.ok) {
        closed++;
        expect(p.rerating === 'satisfied' || windowOver(p, actor.now)).toBe(true);
      } else if (
        isJudge(actor) &&
        p.evidenceCount > 0 &&
        p.rerating === undefined &&
        !windowOver(p, actor.now)
      ) {
        expect(d.status).toBe(409);
      }
    });

    // Act
    const run = () => fc.assert(property, { numRuns: NUM_RUNS });

    // Assess
    expect(run).not.toThrow();
    expect(closed).toBeGreaterThan(0);
  });

  it('sends a public problem back for rework on a dissatisfied re-rating, and keeps it on a satisfied one', () => {
    // Prepare
    const property = fc.property(step, fc.boolean(), ({ actor, facts }, satisfied) => {
      const p: ProblemFacts = { state: 'submitted', source: 'public', ...facts };
      const d = decide(p, { type: 'rerate', satisfied }, actor);
      expect(d).toEqual(
        satisfied
          ? { ok: true, next: 'submitted' }
          : { ok: true, next: 'rejected', event: 'rework-requested' },
      );
    });

    // Act
    const run = () => fc.assert(property, { numRuns: NUM_RUNS });

    // Assess
    expect(run).not.toThrow();
  });
});
