import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal, Role } from '@zuofeng/core';
import { commitOnce, sharedKeys, type TransactItem, tenantPk } from '@zuofeng/ddb';
import {
  type EventEnvelope,
  feedbackRerated,
  isSatisfied,
  problemTransitioned,
  reratesCurrentRound,
} from '@zuofeng/events';
import { intakeKeys } from '@zuofeng/intake/src/app/keys';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import { ulid } from 'ulid';
import type { NotificationDeps } from './inbox';

export const RERATING_CONSUMER = 'notification-on-rerating';

/** A person's own inbox, beside the roles' inboxes: notices for the one who must act, not for a whole office. */
export const personInboxPk = (tenantId: string, personId: string) =>
  tenantPk(tenantId, 'INBOX', 'PERSON', personId);
const roleInboxPk = (tenantId: string, role: Role) => tenantPk(tenantId, 'INBOX', role);

const get = async (deps: NotificationDeps, Key: Record<string, string>) =>
  (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key, ConsistentRead: true }))).Item;

interface ProblemItem {
  problemId: string;
  title?: string;
  state?: string;
  unitId?: string;
  personId?: string;
  responsibleLeaderId?: string;
  feedbackId?: string;
  /** When the current round of sign-off began. */
  submittedAt?: string;
}

/** The caller's own person (sign-in name → account → person, within the caller's tenant), for their inbox. */
export async function callerPersonId(deps: NotificationDeps, p: Principal): Promise<string | undefined> {
  if (!p.username) return undefined;
  const user = await get(deps, sharedKeys.username(p.username));
  if (!user || user.tenantId !== p.tenantId) return undefined;
  const account = await get(deps, tenancyKeys.account(p.tenantId, user.accountId as string));
  return (account?.personId as string | undefined) ?? undefined;
}

type Recipient = { role: Role } | { personId: string };

/**
 * The resident's re-rating (回访) reaches the people who act on it:
 * - 不满意 or worse: intake sends the problem back for rework (`problem.transitioned`, action `rerate`, to
 *   `rejected`); the owner (the problem's person) and the township campaign office are told to rework it.
 * - satisfied: intake records it without a transition (the problem stays `submitted`), so the notice follows
 *   `feedback.rerated` itself, once intake's problem still awaits sign-off; whoever signs off (the inspection
 *   office, or the unit's responsible leader, as intake's lifecycle says) is told it may be closed.
 * Each event writes its notices once (the consumer's dedupe, as the other notices).
 */
export async function noticeRerating(
  deps: NotificationDeps,
  envelope: EventEnvelope<unknown>,
): Promise<'applied' | 'duplicate' | 'not-a-rerating'> {
  const t = envelope.metadata.tenantId;
  if (envelope.detailType === problemTransitioned.detailType) {
    const event = problemTransitioned.parse(envelope);
    const d = event.data;
    if (d.action !== 'rerate' || d.to !== 'rejected') return 'not-a-rerating';
    const problem = (await get(deps, intakeKeys.problem(t, d.problemId))) as ProblemItem | undefined;
    const personId = d.personId ?? problem?.personId;
    const to: Recipient[] = [{ role: 'township_admin' }, ...(personId ? [{ personId }] : [])];
    return write(deps, event, to, {
      type: 'problem.rework',
      title: `群众回访不满意，问题已退回重办：${problem?.title ?? d.problemId}`,
      body: '群众对整改结果不满意，请重新整改，整改后再次申请销号。',
      problemId: d.problemId,
    });
  }
  const event = feedbackRerated.parse(envelope);
  const d = event.data;
  if (!isSatisfied(d.rating)) return 'not-a-rerating';
  const problem = (await get(deps, intakeKeys.problem(t, d.problemId))) as ProblemItem | undefined;
  // A re-rating of another case, or of one no longer awaiting sign-off, is not announced.
  if (
    !problem ||
    problem.feedbackId !== d.feedbackId ||
    problem.state !== 'submitted' ||
    !reratesCurrentRound(event, problem.submittedAt)
  )
    return 'not-a-rerating';
  const unit = problem.unitId ? await get(deps, sharedKeys.unit(t, problem.unitId)) : undefined;
  const leaderId = problem.responsibleLeaderId ?? (unit?.responsibleLeaderId as string | undefined);
  const to: Recipient[] = [{ role: 'inspection_office' }, ...(leaderId ? [{ personId: leaderId }] : [])];
  return write(deps, event, to, {
    type: 'problem.rerated-satisfied',
    title: `群众回访满意，可以验收销号：${problem.title ?? d.problemId}`,
    body: '群众对整改结果满意，请及时验收销号。',
    problemId: d.problemId,
  });
}

function write(
  deps: NotificationDeps,
  event: EventEnvelope<unknown>,
  to: Recipient[],
  notice: { type: string; title: string; body: string; problemId: string },
) {
  const t = event.metadata.tenantId;
  const now = deps.now();
  const items: TransactItem[] = to.map((r) => {
    const noticeId = ulid(now.getTime());
    const role = 'role' in r ? r.role : undefined;
    return {
      Put: {
        TableName: deps.tableName,
        Item: {
          pk: role ? roleInboxPk(t, role) : personInboxPk(t, (r as { personId: string }).personId),
          sk: noticeId,
          kind: 'notice',
          noticeId,
          ...(role ? { role } : { role: 'person', personId: (r as { personId: string }).personId }),
          type: notice.type,
          title: notice.title,
          body: notice.body,
          link: `/problems/${notice.problemId}`,
          createdAt: now.toISOString(),
        },
      },
    };
  });
  return commitOnce(deps.doc, deps.tableName, RERATING_CONSUMER, event, items);
}
