import { commitOnce } from '@zuofeng/ddb';
import { type EventEnvelope, feedbackSubmitted } from '@zuofeng/events';
import type { FeedbackDeps } from './deps';

export const AUDIT_CONSUMER = 'feedback-audit';

/**
 * A resident's submission goes on the township's audit chain from its `feedback.submitted` event, which
 * committed with the submission (the outbox): the entry cannot be missed, it is written once (the consumer's
 * receipt commits with it), and a burst of residents never waits on the chain's head in their request. A
 * staff member's change still writes its entry in its own transaction. What is hashed is what the form
 * stored: the unit, the ratings, the complaint and the photo; the call-back number never reaches the log.
 */
export async function auditSubmission(deps: FeedbackDeps, envelope: EventEnvelope<unknown>) {
  const event = feedbackSubmitted.parse(envelope);
  const { metadata, data } = event;
  return commitOnce(
    deps.doc,
    deps.tableName,
    AUDIT_CONSUMER,
    event,
    [],
    [],
    [
      {
        tenantId: metadata.tenantId,
        actor: metadata.actor,
        action: 'feedback.submit',
        entity: `feedback/${data.feedbackId}`,
        after: {
          feedbackId: data.feedbackId,
          unitId: data.unitId,
          ratings: data.ratings,
          complaint: data.complaint,
          photoKey: data.photoKey,
          submittedAt: metadata.occurredAt,
        },
      },
    ],
  );
}
