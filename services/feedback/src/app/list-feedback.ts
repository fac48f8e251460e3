import type { Principal } from '@zuofeng/core';
import { queryPage } from '@zuofeng/ddb';
import { contactViews } from './contact';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';

export interface FeedbackRow {
  feedbackId: string;
  unitId: string;
  ratings: { warmth: string; solved: string; happiness: string };
  complaint?: string;
  photoKey?: string;
  submittedAt: string;
}

/**
 * A page of the tenant's feedback, newest first. A call-back number shows masked (or not at all, to the
 * person the feedback is about): the whole number is only ever returned by opening it (app/contact.ts).
 */
export async function listFeedback(
  deps: FeedbackDeps,
  principal: Principal,
  page: { limit: number; cursor?: string },
) {
  const { tenantId } = principal;
  const out = await queryPage<FeedbackRow>(deps.doc, {
    TableName: deps.tableName,
    pk: feedbackKeys.feedbackPartition(tenantId),
    limit: page.limit,
    cursor: page.cursor,
    ScanIndexForward: false,
  });
  const contacts = await contactViews(deps, principal, out.items as unknown as Record<string, unknown>[]);
  return {
    items: out.items.map(({ feedbackId, unitId, ratings, complaint, photoKey, submittedAt }) => ({
      feedbackId,
      unitId,
      ratings,
      ...(complaint ? { complaint } : {}),
      ...(photoKey ? { photoKey } : {}),
      submittedAt,
      ...(contacts.has(feedbackId) ? { contact: contacts.get(feedbackId) } : {}),
    })),
    ...(out.nextCursor ? { nextCursor: out.nextCursor } : {}),
  };
}
