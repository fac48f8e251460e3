import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@zuofeng/core';
import { commitOnce, queryPage, tenantPk } from '@zuofeng/ddb';
import type { deadlineEscalated, EventEnvelope, problemReported } from '@zuofeng/events';
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

/**
 * The notices addressed to any of the caller's roles, and to the caller's own person when there is one
 * (`personId`, resolved by the caller), newest first.
 */
export async function listInbox(
  deps: NotificationDeps,
  tenantId: string,
  roles: Role[],
  limit: number,
  personId?: string,
) {
  const pks = [
    ...roles.map((role) => inboxPk(tenantId, role)),
    ...(personId ? [tenantPk(tenantId, 'INBOX', 'PERSON', personId)] : []),
  ];
  const pages = await Promise.all(
    pks.map((pk) =>
      queryPage<Record<string, string>>(deps.doc, {
        TableName: deps.tableName,
        pk,
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

export const ESCALATION_CONSUMER = 'notification-on-deadline-escalated';

const STEP_ZH = { warning: '预警', chase: '催办', supervision: '督办', bulletin: '通报' } as const;

/**
 * The escalation ladder reaches people: 预警 and 催办 go to the campaign office, which chases the owner;
 * 督办 and 通报 go to the inspection office, which supervises and names it in the bulletin.
 */
export async function noticeEscalation(
  deps: NotificationDeps,
  event: EventEnvelope<z.infer<typeof deadlineEscalated.schema>>,
): Promise<'applied' | 'duplicate'> {
  const { metadata, data } = event;
  const role: Role =
    data.step === 'warning' || data.step === 'chase' ? 'township_admin' : 'inspection_office';
  const noticeId = ulid(deps.now().getTime());
  return commitOnce(deps.doc, deps.tableName, ESCALATION_CONSUMER, event, [
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          pk: inboxPk(metadata.tenantId, role),
          sk: noticeId,
          kind: 'notice',
          noticeId,
          role,
          type: 'deadline.escalated',
          title: `${STEP_ZH[data.step]}：整改措施期限 ${data.dueOn}`,
          body:
            data.step === 'warning'
              ? '整改期限临近，请督促责任人按时完成。'
              : data.step === 'chase'
                ? '整改已到期，请立即催办。'
                : data.step === 'supervision'
                  ? '逾期未完成，请督查办督办。'
                  : '逾期仍未完成，列入本周通报。',
          link: `/problems/${data.problemId}`,
          createdAt: deps.now().toISOString(),
        },
      },
    },
  ]);
}
