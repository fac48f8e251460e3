import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, can, NotFoundError, type Principal } from '@zuofeng/core';
import { commit, queryPage, type TransactItem } from '@zuofeng/ddb';
import { toleranceApproved } from '@zuofeng/events';
import { mayApply, mayDecide, type ToleranceRecord, toleranceView } from '../domain/tolerance';
import type { DisciplineDeps } from './deps';
import { callerPerson, problem } from './directory';
import { bad, conditional, refuse } from './errors';
import { disciplineKeys } from './keys';

const actor = (p: Principal) => ({ type: 'user' as const, id: p.userId });

const openApplication = (field: string) =>
  new ConflictError(
    bilingual(
      'this problem already has an open or approved tolerance application',
      '该问题已有待审批或已同意的容错纠错申请，不能重复申请',
    ),
    [
      {
        field,
        reason: bilingual(
          'an application for this problem is pending or approved',
          '已有待审批或已同意的容错纠错申请',
        ),
      },
    ],
  );

/**
 * Apply for error tolerance (容错纠错) on a problem: the caller is the applicant, and it must be their own
 * problem or one they are the responsible leader of. One application per problem at a time: the problem's
 * marker item refuses a second while one is pending or approved (a rejected one may be followed by another).
 */
export async function applyForTolerance(
  deps: DisciplineDeps,
  principal: Principal,
  input: { problemId: string; justification: string },
) {
  const t = principal.tenantId;
  const p = await problem(deps, t, input.problemId);
  // A report's problem stays hidden from all but the discipline office, here as in the ledger: its
  // existence is not confirmed to anyone else, the accused included.
  const hidden = p?.source === 'report' && !principal.roles.includes('discipline_office');
  if (!p || hidden)
    throw bad('body.problemId', bilingual('not a problem of this township', '不是本镇问题清单中的问题'));
  const me = await callerPerson(deps, principal);
  const verdict = mayApply(p, me?.personId);
  if (!verdict.ok) throw refuse(verdict);
  const toleranceId = deps.newId();
  const record: ToleranceRecord = {
    toleranceId,
    problemId: p.problemId,
    applicantUserId: principal.userId,
    ...(me ? { applicantPersonId: me.personId } : {}),
    ...(p.personId ? { subjectPersonId: p.personId } : {}),
    justification: input.justification,
    status: 'pending',
    appliedAt: deps.now().toISOString(),
    version: 1,
  };
  await conditional(
    () =>
      commit(
        deps.doc,
        deps.tableName,
        [
          {
            Put: {
              TableName: deps.tableName,
              Item: {
                ...disciplineKeys.toleranceOfProblem(t, p.problemId),
                kind: 'tolerance-of-problem',
                problemId: p.problemId,
                toleranceId,
                status: 'pending',
              },
              ConditionExpression: 'attribute_not_exists(pk) OR #s = :rejected',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':rejected': 'rejected' },
            },
          },
          {
            Put: {
              TableName: deps.tableName,
              Item: {
                ...disciplineKeys.tolerance(t, toleranceId),
                gsi1pk: disciplineKeys.tolerancesOf(t, principal.userId),
                gsi1sk: toleranceId,
                kind: 'tolerance',
                ...record,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
        [],
        [
          {
            tenantId: t,
            actor: actor(principal),
            action: 'tolerance.apply',
            entity: `tolerance/${toleranceId}`,
            after: record,
          },
        ],
      ),
    () => openApplication('body.problemId'),
  );
  return toleranceView(record);
}

/** The discipline office sees every application; anyone else only their own. */
export async function listTolerance(
  deps: DisciplineDeps,
  principal: Principal,
  q: { limit: number; cursor?: string; status?: 'pending' | 'approved' | 'rejected' },
) {
  const t = principal.tenantId;
  const all = can(principal.roles, 'tolerance.decide');
  const page = await queryPage<ToleranceRecord>(deps.doc, {
    TableName: deps.tableName,
    ...(all ? {} : { IndexName: 'gsi1', pkAttr: 'gsi1pk' }),
    pk: all ? disciplineKeys.tolerances(t) : disciplineKeys.tolerancesOf(t, principal.userId),
    limit: q.limit,
    cursor: q.cursor,
    ScanIndexForward: false,
    ...(q.status
      ? {
          FilterExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': q.status },
        }
      : {}),
  });
  return {
    items: page.items.map(toleranceView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * Decide an application, once, with reasons. An approval marks the problem as tolerated (its marker item says
 * `approved`, which keeps it out of negative scoring) and emits `tolerance.approved`; a rejection frees the
 * problem for a new application. Application, marker, event and audit commit together.
 */
export async function decideTolerance(
  deps: DisciplineDeps,
  principal: Principal,
  toleranceId: string,
  input: { approve: boolean; reasons: string },
  correlationId: string,
) {
  const t = principal.tenantId;
  const before = (
    await deps.doc.send(
      new GetCommand({
        TableName: deps.tableName,
        Key: disciplineKeys.tolerance(t, toleranceId),
        ConsistentRead: true,
      }),
    )
  ).Item as ToleranceRecord | undefined;
  if (!before)
    throw new NotFoundError(
      bilingual(`tolerance application ${toleranceId} not found`, '没有找到这份容错纠错申请'),
    );
  const verdict = mayDecide(before, principal.userId);
  if (!verdict.ok) throw refuse(verdict);
  const now = deps.now();
  const status = input.approve ? 'approved' : 'rejected';
  const decision = {
    approve: input.approve,
    reasons: input.reasons,
    decidedAt: now.toISOString(),
    decidedBy: principal.userId,
  };
  const after: ToleranceRecord = { ...before, status, decision, version: before.version + 1 };
  const items: TransactItem[] = [
    {
      Update: {
        TableName: deps.tableName,
        Key: disciplineKeys.tolerance(t, toleranceId),
        UpdateExpression: 'SET #s = :status, decision = :decision, version = :next',
        ConditionExpression: '#s = :pending AND version = :version',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':decision': decision,
          ':next': after.version,
          ':pending': 'pending',
          ':version': before.version,
        },
      },
    },
    {
      Update: {
        TableName: deps.tableName,
        Key: disciplineKeys.toleranceOfProblem(t, before.problemId),
        UpdateExpression: `SET #s = :status${input.approve ? ', approvedAt = :at' : ''}`,
        ConditionExpression: 'toleranceId = :id',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':id': toleranceId,
          ...(input.approve ? { ':at': decision.decidedAt } : {}),
        },
      },
    },
  ];
  const events = input.approve
    ? [
        toleranceApproved.create(
          { tenantId: t, actor: actor(principal), correlationId, occurredAt: now },
          {
            applicationId: toleranceId,
            problemId: before.problemId,
            ...(before.subjectPersonId ? { personId: before.subjectPersonId } : {}),
          },
        ),
      ]
    : [];
  await conditional(
    () =>
      commit(deps.doc, deps.tableName, items, events, [
        {
          tenantId: t,
          actor: actor(principal),
          action: `tolerance.${status === 'approved' ? 'approve' : 'reject'}`,
          entity: `tolerance/${toleranceId}`,
          before,
          after,
        },
      ]),
    () =>
      new ConflictError(
        bilingual(
          'the application was decided meanwhile; nothing was saved',
          '这份申请刚刚已由他人审批，您的审批意见没有保存',
        ),
        [{ field: 'path.toleranceId', reason: bilingual('already decided', '已审批') }],
      ),
  );
  return toleranceView(after);
}
