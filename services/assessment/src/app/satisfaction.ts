import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { commitOnce, queryAll, tenantPk } from '@zuofeng/ddb';
import type { EventEnvelope, feedbackSubmitted } from '@zuofeng/events';
import type { z } from 'zod';
import { countAttr, type Figures, figuresOf, QUESTION_IDS } from '../domain/satisfaction';

export const SATISFACTION_CONSUMER = 'assessment-satisfaction';

/**
 * The satisfaction figures of a township: one counter item per unit and one for the township, in a partition
 * of their own. Counts only: no text, no resident, nothing but how many answered what.
 */
export const satisfactionKeys = {
  partition: (t: string) => tenantPk(t, 'SATISFACTION'),
  unit: (t: string, unitId: string) => ({ pk: tenantPk(t, 'SATISFACTION'), sk: `UNIT#${unitId}` }),
  township: (t: string) => ({ pk: tenantPk(t, 'SATISFACTION'), sk: 'TOWNSHIP' }),
};

export interface SatisfactionDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

/**
 * Fold one submission into its unit's and its township's counters: one more feedback, and one more answer on
 * the level chosen for each question. Both counters and the consumer's receipt commit together, so a
 * redelivered event counts once and the unit figures always add up to the township's.
 */
export async function countSatisfaction(
  deps: SatisfactionDeps,
  event: EventEnvelope<z.infer<typeof feedbackSubmitted.schema>>,
): Promise<'applied' | 'duplicate'> {
  const { metadata, data } = event;
  const attrs = QUESTION_IDS.map((q) => countAttr(q, data.ratings[q]));
  const names = Object.fromEntries(attrs.map((a, i) => [`#c${i}`, a]));
  const add = `ADD feedbacks :one, ${attrs.map((_a, i) => `#c${i} :one`).join(', ')}`;
  const now = deps.now().toISOString();
  const update = (Key: { pk: string; sk: string }, scope: Record<string, string>) => ({
    Update: {
      TableName: deps.tableName,
      Key,
      UpdateExpression: `SET kind = :kind, updatedAt = :now${Object.keys(scope)
        .map((k) => `, #${k} = :${k}`)
        .join('')} ${add}`,
      ExpressionAttributeNames: {
        ...names,
        ...Object.fromEntries(Object.keys(scope).map((k) => [`#${k}`, k])),
      },
      ExpressionAttributeValues: {
        ':kind': 'satisfaction-figures',
        ':now': now,
        ':one': 1,
        ...Object.fromEntries(Object.entries(scope).map(([k, v]) => [`:${k}`, v])),
      },
    },
  });
  return commitOnce(deps.doc, deps.tableName, SATISFACTION_CONSUMER, event, [
    update(satisfactionKeys.unit(metadata.tenantId, data.unitId), { unitId: data.unitId }),
    update(satisfactionKeys.township(metadata.tenantId), { scope: 'township' }),
  ]);
}

export interface TownshipFigures {
  township: Figures & { updatedAt?: string };
  units: (Figures & { unitId: string; updatedAt?: string })[];
}

/** A township's figures: the township's counters and each unit's, from one partition. */
export async function satisfactionFigures(
  deps: Omit<SatisfactionDeps, 'now'>,
  t: string,
): Promise<TownshipFigures> {
  const items = await queryAll(deps.doc, {
    TableName: deps.tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': satisfactionKeys.partition(t) },
  });
  const stamp = (i: Record<string, unknown> | undefined) =>
    i?.updatedAt ? { updatedAt: i.updatedAt as string } : {};
  const township = items.find((i) => i.sk === 'TOWNSHIP');
  return {
    township: { ...figuresOf(township), ...stamp(township) },
    units: items
      .filter((i) => String(i.sk).startsWith('UNIT#'))
      .map((i) => ({ unitId: i.unitId as string, ...figuresOf(i), ...stamp(i) })),
  };
}
