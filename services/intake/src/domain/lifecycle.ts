import { type Bilingual, bilingual, type Role } from '@zuofeng/core';

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
  /** `reason` in English (logs, the re-rating consumer); `text` the same sentence in English and Chinese. */
  | { ok: false; status: 403 | 409; reason: string; text: Bilingual };

const deny = (en: string, zh: string): Decision => ({
  ok: false,
  status: 403,
  reason: en,
  text: bilingual(en, zh),
});
const conflict = (en: string, zh: string): Decision => ({
  ok: false,
  status: 409,
  reason: en,
  text: bilingual(en, zh),
});

/** Each state as the console names it (packages/web i18n `problemState.*`). */
export const STATE_ZH: Record<ProblemState, string> = {
  reported: '已登记',
  accepted: '已立项',
  rectifying: '整改中',
  submitted: '申请销号',
  closed: '已销号',
  rejected: '已退回',
  reopened: '重新打开',
};
/** "This problem is <state>, so it cannot <move>", in Chinese. */
const stateBars = (s: ProblemState, move: string) => `该问题当前状态为“${STATE_ZH[s]}”，不能${move}`;

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
      if (s !== 'reported') return conflict(`a ${s} problem cannot be accepted`, stateBars(s, '立项'));
      if (!isOffice(a) && !a.isResponsibleLeader)
        return deny(
          'only the campaign offices or the responsible leader accept (立项)',
          '只有镇活动办、督查办、纪委办或负责领导可以立项',
        );
      return { ok: true, next: 'accepted' };
    case 'start':
      if (s !== 'accepted')
        return conflict(`a ${s} problem cannot start rectifying`, stateBars(s, '开始整改'));
      if (!a.isOwner && !a.isResponsibleLeader && !isOffice(a))
        return deny(
          'only the owner, the leader or the offices start',
          '只有整改责任人、负责领导或镇活动办、督查办、纪委办可以开始整改',
        );
      if (p.measureCount === 0)
        return conflict('add at least one measure (整改措施) first', '请先新增至少一条整改措施，再开始整改');
      return { ok: true, next: 'rectifying' };
    case 'submit':
      if (s !== 'rectifying')
        return conflict(`a ${s} problem cannot be submitted for sign-off`, stateBars(s, '申请销号'));
      if (!a.isOwner && !a.isResponsibleLeader && !a.roles.includes('township_admin'))
        return deny(
          'only the owner or the leader apply for sign-off',
          '只有整改责任人或负责领导可以申请销号',
        );
      if (p.evidenceCount === 0)
        return conflict(
          'sign-off needs evidence: add a progress update with a photo or document',
          '申请销号需要佐证材料：请先报告整改进展，并附上照片或文件',
        );
      return { ok: true, next: 'submitted' };
    case 'signOff': {
      if (s !== 'submitted') return conflict(`a ${s} problem cannot be signed off`, stateBars(s, '销号'));
      if (!mayJudge(a))
        return deny(
          'only the inspection office or the responsible leader signs off (销号)',
          '只有镇督查办或负责领导可以销号',
        );
      if (p.evidenceCount === 0)
        return conflict('sign-off needs evidence', '销号需要佐证材料，请先报告整改进展并附上照片或文件');
      if (p.source === 'public') {
        if (p.rerating === 'dissatisfied')
          return conflict(
            'the resident was not satisfied: it goes back for rework',
            '群众回访评价不满意，须退回重办，不能销号',
          );
        const windowOver =
          p.followUpEndsAt !== undefined && Date.parse(p.followUpEndsAt) <= Date.parse(a.now);
        if (p.rerating !== 'satisfied' && !windowOver) {
          return conflict(
            "a problem from the public closes only after the resident's re-rating or the follow-up window",
            '群众提的问题，须等群众回访评价或回访等待期结束后才能销号',
          );
        }
      }
      return { ok: true, next: 'closed', event: 'closed' };
    }
    case 'reject':
      if (s !== 'submitted') return conflict(`a ${s} problem cannot be sent back`, stateBars(s, '退回'));
      if (!mayJudge(a))
        return deny(
          'only the inspection office or the responsible leader sends back (退回)',
          '只有镇督查办或负责领导可以退回',
        );
      if (action.reason.trim().length < 2)
        return conflict('give the reason for sending it back', '请写明退回理由（至少 2 个字）');
      return { ok: true, next: 'rejected', event: 'rejected' };
    case 'resume':
      if (s !== 'rejected' && s !== 'reopened')
        return conflict(`a ${s} problem cannot resume rectifying`, stateBars(s, '恢复整改'));
      if (!a.isOwner && !a.isResponsibleLeader && !isOffice(a))
        return deny(
          'only the owner, the leader or the offices resume',
          '只有整改责任人、负责领导或镇活动办、督查办、纪委办可以恢复整改',
        );
      return { ok: true, next: 'rectifying' };
    case 'reopen':
      if (s !== 'closed') return conflict(`a ${s} problem cannot be reopened`, stateBars(s, '重新打开'));
      if (
        !a.roles.includes('inspection_office') &&
        !a.roles.includes('discipline_office') &&
        !a.roles.includes('township_admin')
      ) {
        return deny(
          'only the campaign, inspection or discipline office reopens a closed problem',
          '只有镇活动办、督查办或纪委办可以重新打开已销号的问题',
        );
      }
      if (action.reason.trim().length < 2)
        return conflict('give the reason for reopening', '请写明重新打开的理由（至少 2 个字）');
      return { ok: true, next: 'reopened', event: 'reopened' };
    case 'rerate':
      if (p.source !== 'public')
        return conflict('only problems from the public are re-rated', '只有群众提的问题才有群众回访评价');
      if (s !== 'submitted')
        return conflict(
          `a ${s} problem is not awaiting the resident's re-rating`,
          `该问题当前状态为“${STATE_ZH[s]}”，不在等待群众回访评价`,
        );
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
