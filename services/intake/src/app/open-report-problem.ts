import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { commitOnce, sharedKeys } from '@zuofeng/ddb';
import { type EventEnvelope, problemReported, type reportReceived } from '@zuofeng/events';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { titleOf } from '../domain/problem';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';
import { findEarlier, recurrenceWrites } from './recurrence';

export const REPORT_CONSUMER = 'intake-on-report-received';

/**
 * A report (信访举报) received by the discipline office enters the ledger as a problem with source "report".
 * The event carries no reporter: there is nothing of them to store here.
 */
export async function openReportProblem(
  deps: IntakeDeps,
  event: EventEnvelope<z.infer<typeof reportReceived.schema>>,
) {
  const { metadata, data } = event;
  const t = metadata.tenantId;
  const unit = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.unit(t, data.unitId) }))
  ).Item;
  const now = deps.now();
  const problemId = ulid(now.getTime());
  const record = {
    problemId,
    source: 'report' as const,
    state: 'reported' as const,
    unitId: data.unitId,
    ...(data.personId ? { personId: data.personId } : {}),
    ...(data.aspectId ? { aspectId: data.aspectId } : {}),
    title: titleOf(data.summary),
    description: data.summary,
    causes: [],
    directions: [],
    severity: 'high' as const,
    ...(unit?.responsibleLeaderId ? { responsibleLeaderId: unit.responsibleLeaderId as string } : {}),
    reportId: data.reportId,
    reportedAt: now.toISOString(),
    reportedBy: metadata.actor.id,
    evidenceCount: 0,
    measureCount: 0,
    version: 1,
  };
  const ctx = {
    tenantId: t,
    actor: { type: 'system' as const, id: REPORT_CONSUMER },
    correlationId: metadata.correlationId,
    occurredAt: now,
  };
  const earlier = await findEarlier(deps, t, record);
  const recurrence = earlier
    ? recurrenceWrites(deps, t, ctx, record, earlier.problemId, 'same-subject-and-aspect')
    : undefined;
  return commitOnce(
    deps.doc,
    deps.tableName,
    REPORT_CONSUMER,
    event,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...intakeKeys.problem(t, problemId),
            ...intakeKeys.byUnit(t, data.unitId, problemId),
            kind: 'problem',
            ...record,
            ...(earlier ? { recurrenceOf: earlier.problemId, recurred: true } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...(recurrence?.items ?? []),
    ],
    [
      problemReported.create(ctx, {
        problemId,
        source: 'report',
        unitId: data.unitId,
        ...(data.personId ? { personId: data.personId } : {}),
        title: record.title,
      }),
      ...(recurrence ? [recurrence.event] : []),
    ],
    [
      {
        tenantId: t,
        actor: ctx.actor,
        action: 'problem.report',
        entity: `problem/${problemId}`,
        after: record,
      },
    ],
  );
}
