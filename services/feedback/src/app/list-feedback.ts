import { queryPage } from '@zuofeng/ddb';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';

export interface FeedbackRow {
  feedbackId: string;
  unitId: string;
  ratings: { warmth: string; solved: string; happiness: string };
  complaint?: string;
  submittedAt: string;
}

/** A page of the tenant's feedback, newest first. */
export async function listFeedback(
  deps: FeedbackDeps,
  tenantId: string,
  page: { limit: number; cursor?: string },
) {
  const out = await queryPage<FeedbackRow>(deps.doc, {
    TableName: deps.tableName,
    pk: feedbackKeys.feedbackPartition(tenantId),
    limit: page.limit,
    cursor: page.cursor,
    ScanIndexForward: false,
  });
  return {
    items: out.items.map(({ feedbackId, unitId, ratings, complaint, submittedAt }) => ({
      feedbackId,
      unitId,
      ratings,
      ...(complaint ? { complaint } : {}),
      submittedAt,
    })),
    ...(out.nextCursor ? { nextCursor: out.nextCursor } : {}),
  };
}
