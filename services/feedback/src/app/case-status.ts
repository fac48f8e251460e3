import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLogger } from '@zuofeng/core';
import { commitOnce, type TransactItem } from '@zuofeng/ddb';
import { type EventEnvelope, feedbackSubmitted, problemReported, problemTransitioned } from '@zuofeng/events';
import { intakeKeys } from '@zuofeng/intake/src/app/keys';
import type { ProblemState } from '../domain/case-status';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import { type CaseRow, linkKeys } from './link-keys';

export const CASE_CONSUMER = 'feedback-case-status';

const logger = createLogger('feedback');

/**
 * The feedback service's projection of the cases: what a receipt shows and what decides whether a resident
 * may re-rate. It is kept from events (`problem.reported`, `problem.transitioned`) rather than read from
 * intake's records at request time, so that the public routes never touch intake's partitions, the public
 * vocabulary is decided here, and intake stays free to change its layout. The price is a lag of a queue hop:
 * a re-rating refused in that second is refused with a sentence, and intake's own state machine checks again.
 *
 * It also counts each form link's submissions (`feedback.submitted`), for the link list.
 */
export async function applyCaseEvent(deps: FeedbackDeps, envelope: EventEnvelope<unknown>) {
  if (envelope.detailType === feedbackSubmitted.detailType) {
    const event = feedbackSubmitted.parse(envelope);
    if (event.data.photoKey) await keepPhoto(deps, event.data.photoKey);
    return countSubmission(deps, event);
  }
  if (envelope.detailType === problemReported.detailType) {
    const event = problemReported.parse(envelope);
    if (!event.data.feedbackId) return 'not-public';
    return project(deps, event, event.data.feedbackId, event.data.problemId, 'reported', event.data.personId);
  }
  const event = problemTransitioned.parse(envelope);
  const feedbackId = await feedbackOfProblem(deps, event.metadata.tenantId, event.data.problemId);
  if (!feedbackId) return 'not-public';
  return project(deps, event, feedbackId, event.data.problemId, event.data.to, event.data.personId);
}

/**
 * A submitted photo is kept: its pending tag goes, so the bucket's rule for unclaimed uploads no longer
 * applies. By event rather than in the request, so a store that fails for a moment is retried by the queue
 * (idempotent: keeping twice is keeping). A photo that is not there (its upload failed after the record was
 * written) is logged, not retried for ever.
 */
async function keepPhoto(deps: FeedbackDeps, key: string) {
  if (!deps.evidence)
    throw new Error('no evidence store is configured (EVIDENCE_BUCKET or LOCAL_EVIDENCE_SECRET)');
  if (!(await deps.evidence.keep(key))) logger.warn('a submitted photo is missing from the store', { key });
}

async function get<T>(deps: FeedbackDeps, Key: Record<string, string>) {
  return (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key, ConsistentRead: true })))
    .Item as T | undefined;
}

/**
 * The feedback a problem came from: our own map, written when `problem.reported` was applied; when a
 * transition overtakes its `problem.reported` (at-least-once delivery has no order), intake's problem item
 * names it (read only then, by intake's declared keys).
 */
async function feedbackOfProblem(deps: FeedbackDeps, t: string, problemId: string) {
  const mapped = await get<{ feedbackId: string }>(deps, linkKeys.caseOfProblem(t, problemId));
  if (mapped) return mapped.feedbackId;
  const problem = await get<{ feedbackId?: string }>(deps, intakeKeys.problem(t, problemId));
  return problem?.feedbackId;
}

async function project(
  deps: FeedbackDeps,
  event: EventEnvelope<unknown>,
  feedbackId: string,
  problemId: string,
  state: ProblemState,
  personId: string | undefined,
) {
  const t = event.metadata.tenantId;
  const at = event.metadata.occurredAt;
  const current = await get<CaseRow>(deps, linkKeys.case(t, feedbackId));
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          ...linkKeys.caseOfProblem(t, problemId),
          kind: 'feedback-case-problem',
          feedbackId,
          problemId,
        },
      },
    },
  ];
  // An event older than what the case already shows (delivered late) changes nothing but the map.
  if (!current || current.stateAt < at) {
    const row: CaseRow = {
      feedbackId,
      problemId,
      state,
      stateAt: at,
      ...((personId ?? current?.personId) ? { personId: personId ?? current?.personId } : {}),
    };
    items.push({
      Put: {
        TableName: deps.tableName,
        Item: { ...linkKeys.case(t, feedbackId), kind: 'feedback-case', ...row },
        // A newer event applied meanwhile wins; this one is retried, re-reads, and yields.
        ConditionExpression: 'attribute_not_exists(pk) OR stateAt < :at',
        ExpressionAttributeValues: { ':at': at },
      },
    });
  }
  return commitOnce(deps.doc, deps.tableName, CASE_CONSUMER, event, items);
}

/** One more submission through a form link, for the township's list of links. */
async function countSubmission(deps: FeedbackDeps, event: EventEnvelope<{ formLinkId: string }>) {
  const t = event.metadata.tenantId;
  const key = feedbackKeys.link(t, event.data.formLinkId);
  // A link row that is gone is not recreated by its counter.
  if (!(await get(deps, key))) return 'no-link';
  return commitOnce(deps.doc, deps.tableName, CASE_CONSUMER, event, [
    {
      Update: {
        TableName: deps.tableName,
        Key: key,
        UpdateExpression: 'ADD submissions :one SET lastSubmittedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ':at': event.metadata.occurredAt },
      },
    },
  ]);
}
