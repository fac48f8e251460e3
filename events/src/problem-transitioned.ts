import { z } from 'zod';
import { defineEvent } from './define-event';

/** A problem moved in its lifecycle (立项, 整改中, 申请销号, 销号, 退回, 重新打开). */
export const problemTransitioned = defineEvent({
  detailType: 'problem.transitioned',
  source: 'zuofeng.intake',
  version: 1,
  schema: z.object({
    problemId: z.string().min(1),
    unitId: z.string().min(1).optional(),
    personId: z.string().min(1).optional(),
    from: z.enum(['reported', 'accepted', 'rectifying', 'submitted', 'closed', 'rejected', 'reopened']),
    to: z.enum(['reported', 'accepted', 'rectifying', 'submitted', 'closed', 'rejected', 'reopened']),
    action: z.enum(['accept', 'start', 'submit', 'signOff', 'reject', 'resume', 'reopen', 'rerate']),
    /** The reason given when sending back or reopening. */
    reason: z.string().max(1000).optional(),
  }),
});
