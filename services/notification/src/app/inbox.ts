import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@zuofeng/core';
import { commitOnce, queryPage, tenantPk } from '@zuofeng/ddb';
import type { EventEnvelope, problemReported } from '@zuofeng/events';
import { ulid } from 'ulid';
import type { z } from 'zod';

export interface NotificationDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

export const CONSUMER = 'notification-on-problem-reported';

const inboxPk = (tenantId: string, role: Role) => tenantPk(tenantId, 'INBOX', role);

const SOURCE_ZH: Record<string, string> = {
  self: '自己查',
  superior: '上级点',
  peer: '同级找',
  public: '群众提',
  inspection: '督查发现',
  report: '信访举报',
};

/** A new problem is announced in the township campaign office's inbox (镇活动办 = the township admin role). */
export async function noticeProblemReported(
  deps: NotificationDeps,
  event: EventEnvelope<z.infer<typeof problemReported.schema>>,
): Promise<'applied' | 'duplicate'> {
  const { metadata, data } = event;
  const now = deps.now();
  const noticeId = ulid(now.getTime());
  return commitOnce(deps.doc, deps.tableName, CONSUMER, event, [
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          pk: inboxPk(metadata.tenantId, 'township_admin'),
          sk: noticeId,
          kind: 'notice',
          noticeId,
          role: 'township_admin',
          type: 'problem.reported',
          title: `新问题（${SOURCE_ZH[data.source] ?? data.source}）：${data.title}`,
          body: '请及时立项，明确责任人和整改时限。',
          link: `/problems/${data.problemId}`,
          createdAt: now.toISOString(),
        },
      },
    },
  ]);
}

/** The notices addressed to any of the caller's roles, newest first. */
export async function listInbox(deps: NotificationDeps, tenantId: string, roles: Role[], limit: number) {
  const pages = await Promise.all(
    roles.map((role) =>
      queryPage<Record<string, string>>(deps.doc, {
        TableName: deps.tableName,
        pk: inboxPk(tenantId, role),
        limit,
        ScanIndexForward: false,
      }),
    ),
  );
  const items = pages
    .flatMap((p) => p.items)
    .sort((a, b) => (a.noticeId! < b.noticeId! ? 1 : -1))
    .slice(0, limit)
    .map((n) => ({
      noticeId: n.noticeId!,
      role: n.role!,
      kind: n.type!,
      title: n.title!,
      body: n.body!,
      ...(n.link ? { link: n.link } : {}),
      createdAt: n.createdAt!,
    }));
  return { items };
}
