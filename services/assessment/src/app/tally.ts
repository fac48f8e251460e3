import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commitOnce, tenantPk } from '@zuofeng/ddb';
import type { EventEnvelope, problemReported } from '@zuofeng/events';
import type { z } from 'zod';

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

export async function listUnitTallies(deps: AssessmentDeps, tenantId: string) {
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': tenantPk(tenantId), ':prefix': 'TALLY#UNIT#' },
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => ({
      unitId: i.unitId as string,
      problems: (i.problems as number) ?? 0,
      bySource: Object.fromEntries(
        Object.entries(i)
          .filter(([k]) => k.startsWith('source_'))
          .map(([k, v]) => [k.slice('source_'.length), v as number]),
      ),
      updatedAt: i.updatedAt as string,
    })),
  };
}
