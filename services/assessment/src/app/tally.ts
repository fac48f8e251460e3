import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { commitOnce, queryAll, tenantPk } from '@zuofeng/ddb';
import type { EventEnvelope, problemReported } from '@zuofeng/events';
import type { z } from 'zod';
import { figuresOf, QUESTION_IDS } from '../domain/satisfaction';
import { satisfactionFigures } from './satisfaction';

export interface AssessmentDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

export const CONSUMER = 'assessment-on-problem-reported';

const tallyKey = (tenantId: string, unitId: string) => ({
  pk: tenantPk(tenantId),
  sk: `TALLY#UNIT#${unitId}`,
});

/** Count a new problem against its unit: the total and the count per source, in one atomic update. */
export async function tallyProblem(
  deps: AssessmentDeps,
  event: EventEnvelope<z.infer<typeof problemReported.schema>>,
): Promise<'applied' | 'duplicate'> {
  const { metadata, data } = event;
  return commitOnce(deps.doc, deps.tableName, CONSUMER, event, [
    {
      Update: {
        TableName: deps.tableName,
        Key: tallyKey(metadata.tenantId, data.unitId),
        UpdateExpression: 'SET kind = :kind, unitId = :unit, updatedAt = :now ADD problems :one, #src :one',
        ExpressionAttributeNames: { '#src': `source_${data.source}` },
        ExpressionAttributeValues: {
          ':kind': 'unit-tally',
          ':unit': data.unitId,
          ':now': deps.now().toISOString(),
          ':one': 1,
        },
      },
    },
  ]);
}

/**
 * Each unit's tally of problems by source, beside its residents' satisfaction figures (both kept by this
 * service from events): every unit that has either, so a village with feedback and no problem yet is listed.
 */
export async function listUnitTallies(deps: AssessmentDeps, tenantId: string) {
  const [tallies, figures] = await Promise.all([
    queryAll(deps.doc, {
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': 'TALLY#UNIT#' },
    }),
    satisfactionFigures(deps, tenantId),
  ]);
  const tallyOf = new Map(tallies.map((i) => [i.unitId as string, i]));
  const figuresOfUnit = new Map(figures.units.map((u) => [u.unitId, u]));
  const unitIds = [...new Set([...tallyOf.keys(), ...figuresOfUnit.keys()])].sort();
  return {
    items: unitIds.map((unitId) => {
      const i = tallyOf.get(unitId) ?? {};
      const f = figuresOfUnit.get(unitId) ?? figuresOf(undefined);
      const updatedAt = [i.updatedAt as string | undefined, 'updatedAt' in f ? f.updatedAt : undefined]
        .filter((s): s is string => !!s)
        .sort()
        .at(-1);
      return {
        unitId,
        problems: (i.problems as number) ?? 0,
        bySource: Object.fromEntries(
          Object.entries(i)
            .filter(([k]) => k.startsWith('source_'))
            .map(([k, v]) => [k.slice('source_'.length), v as number]),
        ),
        satisfaction: {
          feedbacks: f.feedbacks,
          index: f.index,
          questions: Object.fromEntries(
            QUESTION_IDS.map((q) => [q, { answers: f.questions[q].answers, index: f.questions[q].index }]),
          ),
        },
        ...(updatedAt ? { updatedAt } : {}),
      };
    }),
  };
}
