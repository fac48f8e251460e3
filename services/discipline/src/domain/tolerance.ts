import { type Bilingual, bilingual } from '@zuofeng/core';

/** Error tolerance (容错纠错): a cadre applies against a problem; the discipline office decides. Pure rules. */

export type ToleranceStatus = 'pending' | 'approved' | 'rejected';

export interface ToleranceRecord {
  toleranceId: string;
  problemId: string;
  /** The caller who applied (their user id) and, when their account is linked, their person. */
  applicantUserId: string;
  applicantPersonId?: string;
  /** The person the problem is about, if any: the one whose assessment the approval protects. */
  subjectPersonId?: string;
  justification: string;
  status: ToleranceStatus;
  appliedAt: string;
  decision?: { approve: boolean; reasons: string; decidedAt: string; decidedBy: string };
  version: number;
}

export interface ProblemFacts {
  problemId: string;
  personId?: string;
  responsibleLeaderId?: string;
}

export type Verdict = { ok: true } | { ok: false; status: 400 | 403 | 409; field: string; reason: Bilingual };

/**
 * One applies for tolerance of one's own problem, or of a problem one is the responsible leader of (一岗双责:
 * the leader answers for it too). An account without a person cannot be anyone's subject.
 */
export function mayApply(problem: ProblemFacts, applicantPersonId: string | undefined): Verdict {
  if (!applicantPersonId)
    return {
      ok: false,
      status: 400,
      field: 'body.problemId',
      reason: bilingual(
        'your account is not linked to a person',
        '您的账号还没有对应到人员名册中的人，请联系镇活动办',
      ),
    };
  if (problem.personId === applicantPersonId || problem.responsibleLeaderId === applicantPersonId)
    return { ok: true };
  return {
    ok: false,
    status: 403,
    field: 'body.problemId',
    reason: bilingual(
      'you may apply only for your own problem, or one you are the responsible leader of',
      '只能为本人的问题或您作为负责领导的问题申请容错纠错',
    ),
  };
}

/** A decision is taken once, on a pending application, and never by its own applicant. */
export function mayDecide(
  app: Pick<ToleranceRecord, 'status' | 'applicantUserId'>,
  deciderUserId: string,
): Verdict {
  if (app.applicantUserId === deciderUserId)
    return {
      ok: false,
      status: 403,
      field: 'path.toleranceId',
      reason: bilingual('no one decides their own application', '不能审批自己提交的申请'),
    };
  if (app.status !== 'pending')
    return {
      ok: false,
      status: 409,
      field: 'path.toleranceId',
      reason: bilingual(
        `the application is already ${app.status}`,
        `该申请已${app.status === 'approved' ? '同意' : '驳回'}，不能再审批`,
      ),
    };
  return { ok: true };
}

export function toleranceView(r: ToleranceRecord) {
  return {
    toleranceId: r.toleranceId,
    problemId: r.problemId,
    applicantUserId: r.applicantUserId,
    ...(r.applicantPersonId ? { applicantPersonId: r.applicantPersonId } : {}),
    ...(r.subjectPersonId ? { subjectPersonId: r.subjectPersonId } : {}),
    justification: r.justification,
    status: r.status,
    appliedAt: r.appliedAt,
    ...(r.decision
      ? {
          decision: {
            approve: r.decision.approve,
            reasons: r.decision.reasons,
            decidedAt: r.decision.decidedAt,
            decidedBy: r.decision.decidedBy,
          },
        }
      : {}),
    version: r.version,
  };
}
