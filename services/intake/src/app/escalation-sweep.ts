import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commit, sharedKeys } from '@zuofeng/ddb';
import { deadlineEscalated } from '@zuofeng/events';
import { ladder, type Step, stepsDue } from '../domain/escalation';
import { cstDay } from '../domain/working-days';
import type { IntakeDeps } from './deps';
import { intakeKeys, newTimelineId } from './keys';
import { readSettings } from './settings';

const OPEN_STATES = new Set(['accepted', 'rectifying', 'rejected', 'reopened']);
const SWEEPER = 'intake-escalation-sweep';

/**
 * The daily sweep: every open measure of every township walks up its ladder (预警 → 催办 → 督办 → 通报).
 * Each step is recorded on the measure in the same transaction as its event and timeline entry, with a
 * condition on what was done before, so a rerun, or two sweeps at once, never repeats a step; a sweep that
 * missed days catches up in order.
 */
export async function sweepEscalations(
  deps: IntakeDeps,
): Promise<{ tenants: number; measures: number; steps: number }> {
  const today = cstDay(deps.now());
  const registry = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sharedKeys.registry().pk },
    }),
  );
  const townships = (registry.Items ?? [])
    .filter((t) => t.tenantType === 'township')
    .map((t) => t.tenantId as string);
  let measures = 0;
  let steps = 0;
  const failed: { tenantId: string; error: unknown }[] = [];
  for (const t of townships) {
    try {
      const done = await sweepTownship(deps, t, today);
      measures += done.measures;
      steps += done.steps;
    } catch (error) {
      // One township's trouble does not hold back the others' ladders; the run still fails, below, so that
      // the schedule's retry and the alarms see it (every step is conditional: a rerun repeats none).
      failed.push({ tenantId: t, error });
    }
  }
  if (failed.length)
    throw new AggregateError(
      failed.map((f) => f.error),
      `escalation sweep failed for ${failed.map((f) => f.tenantId).join(', ')}`,
    );
  return { tenants: townships.length, measures, steps };
}

/** One township's open measures, each walked up its ladder to today. */
async function sweepTownship(
  deps: IntakeDeps,
  t: string,
  today: string,
): Promise<{ measures: number; steps: number }> {
  let measures = 0;
  let steps = 0;
  const settings = await readSettings(deps, t);
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.doc.send(
      new QueryCommand({
        TableName: deps.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': intakeKeys.problemPartition(t) },
        ExclusiveStartKey: start,
      }),
    );
    start = page.LastEvaluatedKey;
    for (const p of page.Items ?? []) {
      if (!OPEN_STATES.has(p.state as string)) continue;
      const ms = await deps.doc.send(
        new QueryCommand({
          TableName: deps.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':pk': intakeKeys.ledger(t, p.problemId as string), ':m': 'M#' },
        }),
      );
      for (const m of ms.Items ?? []) {
        if (m.status === 'done') continue;
        measures++;
        const done = (m.ladderDone as Step[] | undefined) ?? [];
        const due = stepsDue(ladder(m.dueOn as string, settings, settings.calendarOverrides), today, done);
        let sofar = done;
        for (const step of due) {
          const next = [...sofar, step];
          const at = deps.now().toISOString();
          await commit(
            deps.doc,
            deps.tableName,
            [
              {
                Update: {
                  TableName: deps.tableName,
                  Key: intakeKeys.measure(t, p.problemId as string, m.measureId as string),
                  UpdateExpression: 'SET ladderDone = :next',
                  ConditionExpression: sofar.length
                    ? 'ladderDone = :prev'
                    : 'attribute_not_exists(ladderDone)',
                  ExpressionAttributeValues: { ':next': next, ...(sofar.length ? { ':prev': sofar } : {}) },
                },
              },
              ...(step === 'chase'
                ? [
                    {
                      Update: {
                        TableName: deps.tableName,
                        Key: intakeKeys.problem(t, p.problemId as string),
                        UpdateExpression: 'SET overdue = :t',
                        ExpressionAttributeValues: { ':t': true },
                      },
                    },
                  ]
                : []),
              {
                Put: {
                  TableName: deps.tableName,
                  Item: {
                    ...intakeKeys.timeline(t, p.problemId as string, newTimelineId()),
                    kind: 'timeline',
                    at,
                    actor: SWEEPER,
                    action: `escalation.${step}`,
                    note: `${m.text} · ${m.dueOn}`,
                  },
                },
              },
            ],
            [
              deadlineEscalated.create(
                {
                  tenantId: t,
                  actor: { type: 'system', id: SWEEPER },
                  correlationId: `${SWEEPER}-${today}`,
                  occurredAt: deps.now(),
                },
                {
                  problemId: p.problemId as string,
                  measureId: m.measureId as string,
                  step,
                  dueOn: m.dueOn as string,
                  ownerId: m.ownerId as string,
                  unitId: p.unitId as string,
                },
              ),
            ],
          );
          sofar = next;
          steps++;
        }
      }
    }
  } while (start);
  return { measures, steps };
}
