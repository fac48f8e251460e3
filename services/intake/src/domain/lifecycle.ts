import type { Role } from '@zuofeng/core';

/**
 * The life of a problem in the 整改台账:
 *
 *   reported ─accept→ accepted ─start→ rectifying ─submit→ submitted ─signOff→ closed
 *                                          ↑                   │                  │
 *                                          └─resume─ rejected ←┘reject            │
 *                                          └─resume─ reopened ←──────────reopen───┘
 *
 * A pure function decides every move, so that the rules can be checked exhaustively (property tests) and
 * stay out of the handlers. See docs/problem-lifecycle.md.
 */
export type ProblemState =
  | 'reported'
  | 'accepted'
  | 'rectifying'
  | 'submitted'
  | 'closed'
  | 'rejected'
  | 'reopened';

export type LifecycleAction =
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'submit' }
  | { type: 'signOff' }
  | { type: 'reject'; reason: string }
  | { type: 'resume' }
  | { type: 'reopen'; reason: string }
  /** The resident's re-rating (回访), arriving by event for a problem from the public. */
  | { type: 'rerate'; satisfied: boolean };

/** What the decision needs to know about the problem. */
export interface ProblemFacts {
  state: ProblemState;
  source: 'self' | 'superior' | 'peer' | 'public' | 'inspection' | 'report';
  /** Evidence attached to the measures' progress updates. */
  evidenceCount: number;
  measureCount: number;
  /** For public problems: the resident's verdict after submission, if any. */
  rerating?: 'satisfied' | 'dissatisfied';
  /** For public problems: when the follow-up window of the current submission ends (ISO). */
  followUpEndsAt?: string;
}

/** Who is acting, relative to this problem. */
export interface ActorFacts {
  roles: readonly Role[];
  /** The unit's responsible leader (一岗双责). */
  isResponsibleLeader: boolean;
  /** The problem's subject person, or a measure's owner. */
  isOwner: boolean;
  now: string;
}

export type Decision =
  | { ok: true; next: ProblemState; event?: 'rework-requested' | 'closed' | 'reopened' | 'rejected' }
  | { ok: false; status: 403 | 409; reason: string };

const deny = (reason: string): Decision => ({ ok: false, status: 403, reason });
const conflict = (reason: string): Decision => ({ ok: false, status: 409, reason });

const isOffice = (a: ActorFacts) =>
  a.roles.includes('township_admin') ||
  a.roles.includes('inspection_office') ||
  a.roles.includes('discipline_office');
/** Only the inspection office or the responsible leader signs off (验收销号) or sends back. */
const mayJudge = (a: ActorFacts) => a.roles.includes('inspection_office') || a.isResponsibleLeader;

export function decide(p: ProblemFacts, action: LifecycleAction, a: ActorFacts): Decision {
  const s = p.state;
  switch (action.type) {
    case 'accept':
      if (s !== 'reported') return conflict(`a ${s} problem cannot be accepted`);
      if (!isOffice(a) && !a.isResponsibleLeader)
        return deny('only the campaign offices or the responsible leader accept (立项)');
      return { ok: true, next: 'accepted' };
    case 'start':
      if (s !== 'accepted') return conflict(`a ${s} problem cannot start rectifying`);
      if (!a.isOwner && !a.isResponsibleLeader && !isOffice(a))
        return deny('only the owner, the leader or the offices start');
      if (p.measureCount === 0) return conflict('add at least one measure (整改措施) first');
      return { ok: true, next: 'rectifying' };
    case 'submit':
      if (s !== 'rectifying') return conflict(`a ${s} problem cannot be submitted for sign-off`);
      if (!a.isOwner && !a.isResponsibleLeader && !a.roles.includes('township_admin'))
        return deny('only the owner or the leader apply for sign-off');
      if (p.evidenceCount === 0)
        return conflict('sign-off needs evidence: add a progress update with a photo or document');
      return { ok: true, next: 'submitted' };
    case 'signOff': {
      if (s !== 'submitted') return conflict(`a ${s} problem cannot be signed off`);
      if (!mayJudge(a)) return deny('only the inspection office or the responsible leader signs off (销号)');
      if (p.evidenceCount === 0) return conflict('sign-off needs evidence');
      if (p.source === 'public') {
        if (p.rerating === 'dissatisfied')
          return conflict('the resident was not satisfied: it goes back for rework');
        const windowOver =
          p.followUpEndsAt !== undefined && Date.parse(p.followUpEndsAt) <= Date.parse(a.now);
        if (p.rerating !== 'satisfied' && !windowOver) {
          return conflict(
            "a problem from the public closes only after the resident's re-rating or the follow-up window",
          );
        }
      }
      return { ok: true, next: 'closed', event: 'closed' };
    }
    case 'reject':
      if (s !== 'submitted') return conflict(`a ${s} problem cannot be sent back`);
      if (!mayJudge(a)) return deny('only the inspection office or the responsible leader sends back (退回)');
      if (action.reason.trim().length < 2) return conflict('give the reason for sending it back');
      return { ok: true, next: 'rejected', event: 'rejected' };
    case 'resume':
      if (s !== 'rejected' && s !== 'reopened') return conflict(`a ${s} problem cannot resume rectifying`);
      if (!a.isOwner && !a.isResponsibleLeader && !isOffice(a))
        return deny('only the owner, the leader or the offices resume');
      return { ok: true, next: 'rectifying' };
    case 'reopen':
      if (s !== 'closed') return conflict(`a ${s} problem cannot be reopened`);
      if (
        !a.roles.includes('inspection_office') &&
        !a.roles.includes('discipline_office') &&
        !a.roles.includes('township_admin')
      ) {
        return deny('only the campaign, inspection or discipline office reopens a closed problem');
      }
      if (action.reason.trim().length < 2) return conflict('give the reason for reopening');
      return { ok: true, next: 'reopened', event: 'reopened' };
    case 'rerate':
      if (p.source !== 'public') return conflict('only problems from the public are re-rated');
      if (s !== 'submitted') return conflict(`a ${s} problem is not awaiting the resident's re-rating`);
      // 不满意 or worse sends it back for rework (重办); satisfied leaves it for sign-off.
      return action.satisfied
        ? { ok: true, next: 'submitted' }
        : { ok: true, next: 'rejected', event: 'rework-requested' };
  }
}

/** The moves that exist at all, for the diagram and the property tests. */
export const TRANSITIONS: Record<ProblemState, ProblemState[]> = {
  reported: ['accepted'],
  accepted: ['rectifying'],
  rectifying: ['submitted'],
  submitted: ['closed', 'rejected', 'submitted'],
  closed: ['reopened'],
  rejected: ['rectifying'],
  reopened: ['rectifying'],
};
