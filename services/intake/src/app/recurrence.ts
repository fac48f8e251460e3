import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '@zuofeng/ddb';
import { type EventContext, problemRecurred } from '@zuofeng/events';
import { cstDay } from '../domain/working-days';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';

interface Candidate {
  problemId: string;
  unitId: string;
  personId?: string;
  aspectId?: string;
  reportedAt: string;
}

/**
 * 一犯再犯: a new problem repeats an earlier one of the same campaign year when it has the same aspect and the
 * same person (for a problem about a person) or the same unit (for a problem about a unit alone).
 * Returns the earliest such problem, or undefined.
 */
export async function findEarlier(
  deps: IntakeDeps,
  tenantId: string,
  p: Candidate,
): Promise<Candidate | undefined> {
  if (!p.aspectId) return undefined;
  // The year in China: a problem raised at 07:00 on 1 January (23:00 UTC the day before) is of the new year.
  const yearOf = (at: string) => cstDay(new Date(at)).slice(0, 4);
  const year = yearOf(p.reportedAt);
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :u',
      ExpressionAttributeValues: { ':u': intakeKeys.byUnit(tenantId, p.unitId, 'x').gsi1pk },
    }),
  );
  return ((out.Items ?? []) as Candidate[])
    .filter(
      (e) =>
        e.problemId !== p.problemId &&
        e.aspectId === p.aspectId &&
        yearOf(e.reportedAt) === year &&
        e.reportedAt < p.reportedAt &&
        (p.personId ? e.personId === p.personId : !e.personId),
    )
    .sort((a, b) => (a.reportedAt < b.reportedAt ? -1 : 1))[0];
}

/** The writes and the event that flag a recurrence on both problems. */
export function recurrenceWrites(
  deps: IntakeDeps,
  tenantId: string,
  ctx: EventContext,
  p: Candidate & { responsibleLeaderId?: string },
  earlierId: string,
  reason: 'same-subject-and-aspect' | 'reopened',
): { items: TransactItem[]; event: ReturnType<typeof problemRecurred.create> } {
  return {
    items: [
      {
        Update: {
          TableName: deps.tableName,
          Key: intakeKeys.problem(tenantId, earlierId),
          UpdateExpression:
            'SET recurred = :t, recurredBy = list_append(if_not_exists(recurredBy, :empty), :me)',
          ExpressionAttributeValues: { ':t': true, ':empty': [], ':me': [p.problemId] },
        },
      },
    ],
    event: problemRecurred.create(ctx, {
      problemId: p.problemId,
      earlierProblemId: earlierId,
      reason,
      unitId: p.unitId,
      ...(p.personId ? { personId: p.personId } : {}),
      ...(p.responsibleLeaderId ? { responsibleLeaderId: p.responsibleLeaderId } : {}),
      ...(p.aspectId ? { aspectId: p.aspectId } : {}),
    }),
  };
}
