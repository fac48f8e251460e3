import { commitOnce, queryPage } from '@zuofeng/ddb';
import type { EventEnvelope, problemRecurred } from '@zuofeng/events';
import type { z } from 'zod';
import { type AccountabilityRecord, accountabilityRecords } from '../domain/accountability';
import type { DisciplineDeps } from './deps';
import { disciplineKeys } from './keys';

export const RECURRED_CONSUMER = 'discipline-on-problem-recurred';

/**
 * 一犯再犯: a recurrence creates accountability records for the party and for the responsible leader. The
 * records, the consumer's receipt and the audit entry commit together, so a redelivered event adds nothing.
 */
export async function recordAccountability(
  deps: DisciplineDeps,
  event: EventEnvelope<z.infer<typeof problemRecurred.schema>>,
): Promise<{ outcome: 'applied' | 'duplicate'; records: number }> {
  const t = event.metadata.tenantId;
  const records = accountabilityRecords(event.data, deps.now().toISOString(), deps.newId);
  const outcome = await commitOnce(
    deps.doc,
    deps.tableName,
    RECURRED_CONSUMER,
    event,
    records.map((r) => ({
      Put: {
        TableName: deps.tableName,
        Item: { ...disciplineKeys.accountabilityRecord(t, r.recordId), kind: 'accountability', ...r },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    [],
    [
      {
        tenantId: t,
        actor: { type: 'system', id: RECURRED_CONSUMER },
        action: 'accountability.create',
        entity: `problem/${event.data.problemId}/accountability`,
        after: records,
      },
    ],
  );
  return { outcome, records: outcome === 'applied' ? records.length : 0 };
}

export async function listAccountability(
  deps: DisciplineDeps,
  t: string,
  q: { limit: number; cursor?: string; subjectPersonId?: string },
) {
  const page = await queryPage<AccountabilityRecord>(deps.doc, {
    TableName: deps.tableName,
    pk: disciplineKeys.accountability(t),
    limit: q.limit,
    cursor: q.cursor,
    ScanIndexForward: false,
    ...(q.subjectPersonId
      ? {
          FilterExpression: 'subjectPersonId = :p',
          ExpressionAttributeValues: { ':p': q.subjectPersonId },
        }
      : {}),
  });
  const view = (r: AccountabilityRecord) => ({
    recordId: r.recordId,
    problemId: r.problemId,
    earlierProblemId: r.earlierProblemId,
    unitId: r.unitId,
    subjectPersonId: r.subjectPersonId,
    role: r.role,
    reason: r.reason,
    createdAt: r.createdAt,
  });
  return { items: page.items.map(view), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
