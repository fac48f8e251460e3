import { z } from 'zod';
import { defineEvent } from './define-event';

/** The national 好差评 five-level scale, best first. */
export const Rating = z.enum([
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
]);
export type Rating = z.infer<typeof Rating>;

/** 不满意 and 非常不满意 are 差评 (bad reviews); the other three count as satisfied. */
export const isSatisfied = (r: Rating): boolean => r !== 'dissatisfied' && r !== 'very_dissatisfied';

/**
 * A resident submitted the public form. It carries no personal data: a call-back phone number (issue 5)
 * is sealed in the feedback service and never travels on the bus.
 */
export const feedbackSubmitted = defineEvent({
  detailType: 'feedback.submitted',
  source: 'zuofeng.feedback',
  version: 1,
  schema: z.object({
    feedbackId: z.string().min(1),
    unitId: z.string().min(1),
    formLinkId: z.string().min(1),
    ratings: z.object({
      warmth: Rating,
      solved: Rating,
      happiness: Rating,
    }),
    /** The complaint or suggestion, if any. Its presence makes intake open a public problem. */
    complaint: z.string().max(2000).optional(),
    /**
     * The resident's photo in the evidence store (evidence/<tenant>/…), if any: the feedback service keeps it
     * (an unclaimed upload is deleted after a day) and intake shows it on the public problem.
     */
    photoKey: z.string().max(200).optional(),
  }),
});

/**
 * A resident re-rated the rectification of their problem (回访), with their receipt code. 不满意 or worse
 * sends it back for rework (重办).
 */
export const feedbackRerated = defineEvent({
  detailType: 'feedback.rerated',
  source: 'zuofeng.feedback',
  version: 1,
  schema: z.object({
    feedbackId: z.string().min(1),
    problemId: z.string().min(1),
    rating: Rating,
    /**
     * The sign-off round the resident rated: when the problem was submitted for sign-off (the occurredAt of
     * that `problem.transitioned`). Optional only for events written before it was added.
     */
    round: z.iso.datetime().optional(),
  }),
});

/**
 * Whether a re-rating speaks of the problem's current sign-off round, which began at `submittedAt`: a
 * re-rating of an earlier round (the problem was sent back and submitted again before the event arrived, or
 * the event is redelivered late) must decide nothing about this one. Without `round` (an older event), the
 * time it was made stands in: a re-rating made before this round began cannot be about it.
 */
export const reratesCurrentRound = (
  event: { metadata: { occurredAt: string }; data: { round?: string } },
  submittedAt: string | undefined,
): boolean =>
  !submittedAt || Date.parse(event.data.round ?? event.metadata.occurredAt) >= Date.parse(submittedAt);
