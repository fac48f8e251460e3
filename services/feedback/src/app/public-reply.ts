import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, NotFoundError, type Principal } from '@zuofeng/core';
import { commit } from '@zuofeng/ddb';
import { batchGet } from './contact';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import { linkKeys } from './link-keys';

/**
 * The township's public reply to a feedback (办理回复): the one piece of staff text a receipt shows. It is
 * written on purpose for the resident, apart from intake's internal notes, so nothing internal can leak into
 * a receipt by accident. A new reply replaces the previous one; each is audited.
 */
export async function replyToFeedback(
  deps: FeedbackDeps,
  principal: Principal,
  feedbackId: string,
  text: string,
) {
  const t = principal.tenantId;
  const feedback = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: feedbackKeys.feedback(t, feedbackId) }),
    )
  ).Item;
  if (!feedback)
    throw new NotFoundError(bilingual(`feedback ${feedbackId} not found`, '没有找到这条群众评价'));
  const before = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: linkKeys.reply(t, feedbackId) }))
  ).Item;
  const reply = { feedbackId, text, repliedAt: deps.now().toISOString(), repliedBy: principal.userId };
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...linkKeys.reply(t, feedbackId), kind: 'feedback-reply', ...reply },
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: 'feedback.reply',
        entity: `feedback/${feedbackId}/reply`,
        ...(before ? { before } : {}),
        after: reply,
      },
    ],
    deps.now,
  );
  return { feedbackId, text, repliedAt: reply.repliedAt };
}

/** The replies of a page of feedback, by feedback id: what the staff list shows, and the reply dialog starts from. */
export async function repliesOf(
  deps: FeedbackDeps,
  tenantId: string,
  feedbackIds: readonly string[],
): Promise<Map<string, { text: string; repliedAt: string }>> {
  const found = await batchGet<{ feedbackId: string; text: string; repliedAt: string }>(
    deps,
    [...new Set(feedbackIds)].map((id) => linkKeys.reply(tenantId, id)),
    'feedbackId, #text, repliedAt',
    { '#text': 'text' },
  );
  return new Map(found.map((r) => [r.feedbackId, { text: r.text, repliedAt: r.repliedAt }]));
}
