import { commit } from '@zuofeng/ddb';
import { feedbackSubmitted } from '@zuofeng/events';
import { ulid } from 'ulid';
import type { FeedbackBody } from '../contract';
import { newReceiptCode } from '../domain/receipt-code';
import type { FeedbackDeps } from './deps';
import { openLink } from './form-links';
import { feedbackKeys } from './keys';

export interface SubmitResult {
  feedbackId: string;
  receiptCode: string;
  tenantId: string;
}

/**
 * A resident's submission: the feedback, its receipt code and the `feedback.submitted` event commit in one
 * transaction. The event carries no personal data.
 */
export async function submitFeedback(
  deps: FeedbackDeps,
  input: {
    token: string;
    body: FeedbackBody;
    correlationId: string;
    /** Request headers (Idempotency-Key) and the client address (rate limits, hashed). */
    headers?: Record<string, string | undefined>;
    sourceIp?: string;
  },
): Promise<SubmitResult> {
  const { ref, link } = await openLink(deps, input.token);
  const now = deps.now();
  const feedbackId = ulid(now.getTime());
  const receiptCode = newReceiptCode();
  const event = feedbackSubmitted.create(
    {
      tenantId: ref.tenantId,
      actor: { type: 'public', id: `link:${ref.linkId}` },
      correlationId: input.correlationId,
      occurredAt: now,
    },
    {
      feedbackId,
      unitId: link.unitId,
      formLinkId: ref.linkId,
      ratings: input.body.ratings,
      ...(input.body.complaint ? { complaint: input.body.complaint } : {}),
    },
  );
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...feedbackKeys.feedback(ref.tenantId, feedbackId),
            kind: 'feedback',
            feedbackId,
            unitId: link.unitId,
            formLinkId: ref.linkId,
            ratings: input.body.ratings,
            complaint: input.body.complaint,
            receiptCode,
            status: input.body.complaint ? 'received' : 'rated',
            submittedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...feedbackKeys.receipt(ref.tenantId, receiptCode), kind: 'feedback-receipt', feedbackId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [event],
    [
      {
        tenantId: ref.tenantId,
        actor: { type: 'public', id: `link:${ref.linkId}` },
        action: 'feedback.submit',
        entity: `feedback/${feedbackId}`,
        after: {
          feedbackId,
          unitId: link.unitId,
          ratings: input.body.ratings,
          complaint: input.body.complaint,
        },
      },
    ],
    deps.now,
  );
  return { feedbackId, receiptCode, tenantId: ref.tenantId };
}
