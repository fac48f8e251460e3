import { z } from 'zod';
import { defineEvent } from './define-event';

/**
 * A report against a cadre (信访举报) was received by the discipline office. It carries no trace of the
 * reporter: their identity is sealed inside the discipline service and never travels on the bus.
 */
export const reportReceived = defineEvent({
  detailType: 'report.received',
  source: 'zuofeng.discipline',
  version: 1,
  schema: z.object({
    reportId: z.string().min(1),
    unitId: z.string().min(1),
    personId: z.string().min(1).optional(),
    aspectId: z.string().min(1).optional(),
    /** What is alleged, as the discipline office summarises it for the ledger. */
    summary: z.string().min(1).max(2000),
  }),
});

/** The discipline office decided a report (核查结论). */
export const reportConcluded = defineEvent({
  detailType: 'report.concluded',
  source: 'zuofeng.discipline',
  version: 1,
  schema: z.object({
    reportId: z.string().min(1),
    problemId: z.string().min(1).optional(),
    outcome: z.enum(['substantiated', 'unfounded', 'malicious']),
    /** 四种形态: 1 talk/criticism … 4 case filed; only when substantiated. */
    disposition: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  }),
});

/** A problem repeats an earlier one (一犯再犯): same person or unit and aspect in the campaign year, or reopened. */
export const problemRecurred = defineEvent({
  detailType: 'problem.recurred',
  source: 'zuofeng.intake',
  version: 1,
  schema: z.object({
    problemId: z.string().min(1),
    earlierProblemId: z.string().min(1),
    reason: z.enum(['same-subject-and-aspect', 'reopened']),
    unitId: z.string().min(1),
    personId: z.string().min(1).optional(),
    responsibleLeaderId: z.string().min(1).optional(),
    aspectId: z.string().min(1).optional(),
  }),
});

/** The discipline office approved an error-tolerance application (容错纠错): no negative score for it. */
export const toleranceApproved = defineEvent({
  detailType: 'tolerance.approved',
  source: 'zuofeng.discipline',
  version: 1,
  schema: z.object({
    applicationId: z.string().min(1),
    problemId: z.string().min(1),
    personId: z.string().min(1).optional(),
  }),
});

/** A step of the escalation ladder fell due for a measure: 预警, 催办, 督办 or 通报. */
export const deadlineEscalated = defineEvent({
  detailType: 'deadline.escalated',
  source: 'zuofeng.intake',
  version: 1,
  schema: z.object({
    problemId: z.string().min(1),
    measureId: z.string().min(1),
    step: z.enum(['warning', 'chase', 'supervision', 'bulletin']),
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    ownerId: z.string().min(1),
    unitId: z.string().min(1),
  }),
});
