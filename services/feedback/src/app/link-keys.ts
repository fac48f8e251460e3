import { tenantPk } from '@zuofeng/ddb';
import type { ProblemState } from '../domain/case-status';

/**
 * Keys of the feedback service's records beyond the submission: the case projection (what intake's events
 * say about the problem a complaint became), the resident's re-ratings and the public reply, and the sealed
 * call-back numbers, which live in a partition of their own (`T#<t>#CONTACT`), apart from the case.
 * Form links keep the key the submission reads (`feedbackKeys.link`).
 */
export const linkKeys = {
  linksPrefix: (t: string) => ({ pk: tenantPk(t), skPrefix: 'FORMLINK#' }),
  /** The case of one feedback: its problem, the problem's last known state and when it got there. */
  case: (t: string, feedbackId: string) => ({ pk: tenantPk(t, 'FBCASE'), sk: `FB#${feedbackId}` }),
  /** Problem → feedback, so a `problem.transitioned` (which names only the problem) finds its case. */
  caseOfProblem: (t: string, problemId: string) => ({ pk: tenantPk(t, 'FBCASE'), sk: `PROB#${problemId}` }),
  /** One re-rating per round of sign-off: the round is named by the time the problem was submitted. */
  rerating: (t: string, feedbackId: string, roundAt: string) => ({
    pk: tenantPk(t, 'FBCASE'),
    sk: `RERATE#${feedbackId}#${roundAt}`,
  }),
  /** The township's public reply to a feedback (办理回复), the only staff text a receipt shows. */
  reply: (t: string, feedbackId: string) => ({ pk: tenantPk(t, 'FBCASE'), sk: `REPLY#${feedbackId}` }),
  /** The sealed call-back number: ciphertext, a mask, and a TTL. Nothing that lists feedback reads it whole. */
  contact: (t: string, feedbackId: string) => ({ pk: tenantPk(t, 'CONTACT'), sk: feedbackId }),
  /** The access log of the numbers: one item per opening, who, when and why. */
  contactOpening: (t: string, feedbackId: string, openingId: string) => ({
    pk: tenantPk(t, 'CONTACT', 'OPENINGS'),
    sk: `${feedbackId}#${openingId}`,
  }),
};

/** A form link as this service writes it. Links of the seed carry only `linkId` and `unitId`. */
export interface LinkRow {
  linkId: string;
  /** Absent for a link of the whole township. */
  unitId?: string;
  label?: string;
  validUntil?: string;
  revoked?: boolean;
  revokedAt?: string;
  createdAt?: string;
  createdBy?: string;
  /** Counts the staff's changes of label and validity (absent: never changed, 0); submissions leave it. */
  version?: number;
  updatedAt?: string;
  updatedBy?: string;
  /** Kept by the case projection from `feedback.submitted`. */
  submissions?: number;
  lastSubmittedAt?: string;
}

export interface CaseRow {
  feedbackId: string;
  problemId: string;
  state: ProblemState;
  /** When the problem reached `state` (the event's time): orders events that arrive out of order. */
  stateAt: string;
  /** The problem's subject, if intake names one: sealed from the contact like the feedback's named person. */
  personId?: string;
}

export interface ContactRow {
  feedbackId: string;
  sealedBy: 'kms' | 'local';
  ciphertext: string;
  /** `138****0000`, what staff see. */
  masked: string;
  consentAt: string;
  sealedAt: string;
  /** TTL, epoch seconds. */
  expiresAt: number;
}
