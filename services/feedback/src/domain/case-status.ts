import { isSatisfied, type Rating } from '@zuofeng/events';

/** Intake's lifecycle states, as `problem.transitioned` carries them. */
export type ProblemState =
  | 'reported'
  | 'accepted'
  | 'rectifying'
  | 'submitted'
  | 'closed'
  | 'rejected'
  | 'reopened';

/**
 * What a resident's receipt says about the case: a small public vocabulary, never intake's internals. Every
 * state reads as one sentence to a villager.
 */
export type PublicState =
  | 'rated'
  | 'received'
  | 'registered'
  | 'accepted'
  | 'rectifying'
  | 'awaiting_rerating'
  | 'awaiting_signoff'
  | 'rework'
  | 'closed';

export const PUBLIC_STATE_ZH: Record<PublicState, string> = {
  rated: '已收到您的评价，谢谢',
  received: '已收到您反映的问题，正在转交办理',
  registered: '已登记，等待立项办理',
  accepted: '已立项，正在安排整改',
  rectifying: '正在整改',
  awaiting_rerating: '整改已完成，请您回访评价',
  awaiting_signoff: '您已评价，等待验收销号',
  rework: '已退回重新整改',
  closed: '已办结',
};

/** Rework the resident asked for, before intake's rework transition has reached this projection. */
export const REWORK_REQUESTED_ZH = '您的评价为不满意，问题将退回重新整改';

/** The state's sentence: rework the resident has just asked for says so, until intake's transition arrives. */
export function publicLabelOf(c: CaseFacts): string {
  const state = publicStateOf(c);
  if (state === 'rework' && c.problemState === 'submitted') return REWORK_REQUESTED_ZH;
  return PUBLIC_STATE_ZH[state];
}

/** The feedback service's view of a case: what its projection of intake's events has seen. */
export interface CaseFacts {
  /** The submission had a problem or suggestion (so intake opens a problem). */
  hasComplaint: boolean;
  /** The problem's state, once intake opened it. */
  problemState?: ProblemState;
  /** The re-rating already given in the current round of sign-off, if any. */
  reratedThisRound?: Rating;
}

export function publicStateOf(c: CaseFacts): PublicState {
  if (!c.hasComplaint) return 'rated';
  switch (c.problemState) {
    case undefined:
      return 'received';
    case 'reported':
      return 'registered';
    case 'accepted':
      return 'accepted';
    case 'rectifying':
      return 'rectifying';
    case 'submitted':
      // 不满意 or worse sends the problem back (intake's rework arrives by event a queue hop later): it
      // already reads as rework, never as awaiting sign-off.
      if (c.reratedThisRound && !isSatisfied(c.reratedThisRound)) return 'rework';
      return c.reratedThisRound ? 'awaiting_signoff' : 'awaiting_rerating';
    case 'rejected':
    case 'reopened':
      return 'rework';
    case 'closed':
      return 'closed';
  }
}

/**
 * May the resident re-rate now (回访)? Only while the problem awaits sign-off (`submitted`), and once per
 * round: a round is one submission for sign-off, named by the time it was submitted.
 */
export function rerating(c: CaseFacts): { open: true } | { open: false; reason: string } {
  if (!c.hasComplaint) return { open: false, reason: '这份评价没有反映问题，不需要回访' };
  if (c.problemState !== 'submitted') return { open: false, reason: '问题还没有整改完成，暂时不能回访评价' };
  if (c.reratedThisRound) return { open: false, reason: '您已经对这次整改评价过了，谢谢' };
  return { open: true };
}
