import { z } from 'zod';
import { defineEvent } from './define-event';

/** Where a problem came from: 自己查, 上级点, 同级找, 群众提, 督查发现, 信访举报. */
export const ProblemSource = z.enum(['self', 'superior', 'peer', 'public', 'inspection', 'report']);
export type ProblemSource = z.infer<typeof ProblemSource>;

/** A problem entered the 问题清单. */
export const problemReported = defineEvent({
  detailType: 'problem.reported',
  source: 'zuofeng.intake',
  version: 1,
  schema: z.object({
    problemId: z.string().min(1),
    source: ProblemSource,
    unitId: z.string().min(1),
    personId: z.string().min(1).optional(),
    /** A short, non-sensitive title; the description stays in intake. */
    title: z.string().min(1).max(200),
    /** The feedback that caused it, for problems from the public. */
    feedbackId: z.string().optional(),
  }),
});
