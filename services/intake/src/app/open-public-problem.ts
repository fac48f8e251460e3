import { commitOnce } from '@zuofeng/ddb';
import { type EventEnvelope, type feedbackSubmitted, problemReported } from '@zuofeng/events';
import { ulid } from 'ulid';
import type { z } from 'zod';
import { titleOf } from '../domain/problem';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';

export const CONSUMER = 'intake-on-feedback-submitted';

/**
 * A resident's complaint becomes a problem with source "public" (群众提). The problem, the consumer's receipt
 * and `problem.reported` commit together, so a redelivered event changes nothing.
 */
export async function openPublicProblem(
  deps: IntakeDeps,
  event: EventEnvelope<z.infer<typeof feedbackSubmitted.schema>>,
): Promise<{ outcome: 'applied' | 'duplicate' | 'no-complaint'; problemId?: string }> {
  const { metadata, data } = event;
  if (!data.complaint) return { outcome: 'no-complaint' };
  const now = deps.now();
  const problemId = ulid(now.getTime());
  const title = titleOf(data.complaint);
  const reported = problemReported.create(
    {
      tenantId: metadata.tenantId,
      actor: { type: 'system', id: CONSUMER },
      correlationId: metadata.correlationId,
      occurredAt: now,
    },
    { problemId, source: 'public', unitId: data.unitId, title, feedbackId: data.feedbackId },
  );
  const outcome = await commitOnce(
    deps.doc,
    deps.tableName,
    CONSUMER,
    event,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...intakeKeys.problem(metadata.tenantId, problemId),
            ...intakeKeys.byUnit(metadata.tenantId, data.unitId, problemId),
            kind: 'problem',
            problemId,
            source: 'public',
            state: 'reported',
            unitId: data.unitId,
            title,
            description: data.complaint,
            feedbackId: data.feedbackId,
            // Only a key of this tenant's own evidence (the event's tenant is the feedback's).
            ...(data.photoKey?.startsWith(`evidence/${metadata.tenantId}/`)
              ? { photoKey: data.photoKey }
              : {}),
            reportedAt: now.toISOString(),
            // The ledger's counters start at zero, as for every other source (addMeasure adds to them).
            evidenceCount: 0,
            measureCount: 0,
            version: 1,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [reported],
    [
      {
        tenantId: metadata.tenantId,
        actor: { type: 'system', id: CONSUMER },
        action: 'problem.report',
        entity: `problem/${problemId}`,
        after: { problemId, source: 'public', unitId: data.unitId, description: data.complaint },
      },
    ],
  );
  return { outcome, ...(outcome === 'applied' ? { problemId } : {}) };
}
