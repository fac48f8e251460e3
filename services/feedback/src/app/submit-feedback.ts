import { cancellationCodes, commit, type TransactItem } from '@zuofeng/ddb';
import { feedbackSubmitted } from '@zuofeng/events';
import { ulid } from 'ulid';
import { contactSealer } from '../adapters/contact-sealer';
import type { FeedbackContent } from '../contract';
import { newReceiptCode } from '../domain/receipt-code';
import type { AbuseDeps } from './abuse/deps';
import { guardSubmission, type PublicSubmission } from './abuse/guard';
import { sealContact } from './contact';
import type { FeedbackDeps } from './deps';
import { type OpenLink, openLink } from './form-links';
import { feedbackKeys } from './keys';
import { unitForSubmission } from './links';
import { claimPhoto, photoClaimFailed } from './photos';

export interface SubmitResult {
  receiptCode: string;
  tenantId: string;
  /** Absent when nothing was stored: a suspected bot's decoy answer. */
  feedbackId?: string;
  /** `stored`: a new submission; `repeated`: an Idempotency-Key's first answer again; `decoy`: a suspected bot. */
  outcome: 'stored' | 'repeated' | 'decoy';
}

/** How often a submission is retried after its transaction raced another on the same item. */
const CONFLICT_ATTEMPTS = 4;

/**
 * A resident's submission through the public form: the abuse checks (app/abuse/guard.ts), then the use case
 * with the guard's conditional writes in the same transaction. A suspected bot gets an answer that looks like
 * any other and nothing is written; a repeated Idempotency-Key gets the first answer and nothing more.
 */
export async function submitFeedback(deps: AbuseDeps, input: PublicSubmission): Promise<SubmitResult> {
  const guard = await guardSubmission(deps, input);
  if (guard.outcome === 'decoy') {
    return { receiptCode: guard.receiptCode, tenantId: guard.tenantId, outcome: 'decoy' };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await recordFeedback(deps, {
        opened: guard.opened,
        body: guard.content,
        correlationId: input.correlationId,
        guardItems: guard.items,
      });
      return { ...out, outcome: 'stored' };
    } catch (err) {
      const settled = await guard.settle(err);
      if (!settled || (settled.kind === 'retry' && attempt >= CONFLICT_ATTEMPTS)) throw err;
      if (settled.kind === 'repeat') {
        const { receiptCode, feedbackId } = settled.record;
        return { receiptCode, feedbackId, tenantId: guard.opened.ref.tenantId, outcome: 'repeated' };
      }
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * attempt));
    }
  }
}

/**
 * The use case: the feedback, its receipt code and the `feedback.submitted` event commit in one transaction.
 * The event carries no personal data. Trusted callers (the demo seed) call it directly, without the public
 * form's checks; the public path adds the guard's items, which lead the transaction.
 */
export async function recordFeedback(
  deps: FeedbackDeps,
  input: {
    /** A form token, or a link the caller already opened. */
    token?: string;
    opened?: OpenLink;
    body: FeedbackContent;
    correlationId: string;
    guardItems?: (answer: { feedbackId: string; receiptCode: string }) => TransactItem[];
  },
): Promise<Omit<SubmitResult, 'outcome'> & { feedbackId: string }> {
  const opened = input.opened ?? (await openLink(deps, input.token ?? ''));
  const { ref, link } = opened;
  const now = deps.now();
  const feedbackId = ulid(now.getTime());
  const receiptCode = newReceiptCode();
  const unitId = await unitForSubmission(deps, ref.tenantId, link, input.body.unitId);
  // The number is sealed apart from the case, only with consent, in the same transaction as the feedback.
  const contact =
    input.body.phone && input.body.consent === true
      ? await sealContact(
          { sealer: contactSealer(), tableName: deps.tableName, now: deps.now },
          ref.tenantId,
          feedbackId,
          input.body.phone,
        )
      : [];
  // A photo must have come through this very link (its upload record is in this tenant's partition, names the
  // link, and is claimed once, in this transaction).
  const photoKey = input.body.photoKey;
  if (photoKey && !photoKey.startsWith(`evidence/${ref.tenantId}/`)) throw photoClaimFailed();
  const event = feedbackSubmitted.create(
    {
      tenantId: ref.tenantId,
      actor: { type: 'public', id: `link:${ref.linkId}` },
      correlationId: input.correlationId,
      occurredAt: now,
    },
    {
      feedbackId,
      unitId,
      formLinkId: ref.linkId,
      ratings: input.body.ratings,
      ...(input.body.complaint ? { complaint: input.body.complaint } : {}),
      ...(photoKey ? { photoKey } : {}),
    },
  );
  const lead = input.guardItems?.({ feedbackId, receiptCode }) ?? [];
  // The claim's place in the transaction: after the guard's items, the feedback and its receipt.
  const CLAIM = lead.length + 2;
  await commit(
    deps.doc,
    deps.tableName,
    [
      ...lead,
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...feedbackKeys.feedback(ref.tenantId, feedbackId),
            kind: 'feedback',
            feedbackId,
            unitId,
            formLinkId: ref.linkId,
            ratings: input.body.ratings,
            complaint: input.body.complaint,
            photoKey,
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
      ...(photoKey ? [claimPhoto(deps.tableName, ref.tenantId, ref.linkId, photoKey, now)] : []),
      ...contact,
    ],
    [event],
    // The audit entry follows from the event (app/public-audit.ts), not in this transaction: the chain's head
    // serialises a township's writes, and a village meeting's burst of residents must not queue on it.
    [],
    deps.now,
  ).catch((err: unknown) => {
    // The photo's claim alone failed (expired, used, or not from this link): a 400 the resident can act on.
    // When a guard item failed too, the guard reads the cancellation (a double tap, a used challenge).
    const codes = cancellationCodes(err);
    if (codes?.[CLAIM] === 'ConditionalCheckFailed' && codes.slice(0, CLAIM).every((c) => !c || c === 'None'))
      throw photoClaimFailed();
    throw err;
  });
  return { feedbackId, receiptCode, tenantId: ref.tenantId };
}
