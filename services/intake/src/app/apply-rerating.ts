import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { commitOnce } from '@zuofeng/ddb';
import {
  type EventEnvelope,
  type feedbackRerated,
  isSatisfied,
  problemTransitioned,
  reratesCurrentRound,
} from '@zuofeng/events';
import type { z } from 'zod';
import { decide, type ProblemFacts } from '../domain/lifecycle';
import type { IntakeDeps } from './deps';
import { intakeKeys, newTimelineId } from './keys';

export const RERATE_CONSUMER = 'intake-on-feedback-rerated';

/**
 * The resident's re-rating (回访) of a public problem submitted for sign-off: satisfied records it, so the
 * inspection office may sign off; 不满意 or worse sends the problem back for rework (重办).
 */
export async function applyRerating(
  deps: IntakeDeps,
  event: EventEnvelope<z.infer<typeof feedbackRerated.schema>>,
) {
  const { metadata, data } = event;
  const t = metadata.tenantId;
  const p = (
    await deps.doc.send(
      new GetCommand({
        TableName: deps.tableName,
        Key: intakeKeys.problem(t, data.problemId),
        ConsistentRead: true,
      }),
    )
  ).Item as
    | (ProblemFacts & {
        problemId: string;
        unitId: string;
        personId?: string;
        version: number;
        feedbackId?: string;
        submittedAt?: string;
      })
    | undefined;
  // A re-rating of another case, or of one no longer awaiting it, changes nothing (and is not retried).
  if (!p || p.feedbackId !== data.feedbackId) return 'not-this-problem';
  // Nor does one of an earlier round of sign-off, arriving after the problem was sent back and submitted again.
  if (!reratesCurrentRound(event, p.submittedAt)) return 'ignored: a re-rating of an earlier round';
  const satisfied = isSatisfied(data.rating);
  const decision = decide(
    p,
    { type: 'rerate', satisfied },
    { roles: [], isOwner: false, isResponsibleLeader: false, now: deps.now().toISOString() },
  );
  if (!decision.ok) return `ignored: ${decision.reason}`;
  const at = deps.now().toISOString();
  return commitOnce(
    deps.doc,
    deps.tableName,
    RERATE_CONSUMER,
    event,
    [
      {
        Update: {
          TableName: deps.tableName,
          Key: intakeKeys.problem(t, p.problemId),
          UpdateExpression: 'SET #s = :s, rerating = :r, version = :next',
          ConditionExpression: 'version = :v',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: {
            ':s': decision.next,
            ':r': satisfied ? 'satisfied' : 'dissatisfied',
            ':v': p.version,
            ':next': p.version + 1,
          },
        },
      },
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...intakeKeys.timeline(t, p.problemId, newTimelineId()),
            kind: 'timeline',
            at,
            actor: metadata.actor.id,
            action: satisfied ? 'rerate.satisfied' : 'rerate.rework',
            from: p.state,
            to: decision.next,
            note: data.rating,
          },
        },
      },
    ],
    decision.next !== p.state
      ? [
          problemTransitioned.create(
            {
              tenantId: t,
              actor: metadata.actor,
              correlationId: metadata.correlationId,
              occurredAt: deps.now(),
            },
            {
              problemId: p.problemId,
              unitId: p.unitId,
              ...(p.personId ? { personId: p.personId } : {}),
              from: p.state,
              to: decision.next,
              action: 'rerate',
            },
          ),
        ]
      : [],
    [
      {
        tenantId: t,
        actor: metadata.actor,
        action: 'problem.rerate',
        entity: `problem/${p.problemId}`,
        before: { state: p.state },
        after: { state: decision.next, rating: data.rating },
      },
    ],
  );
}
