import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commitOnce, sharedKeys, type TenantProfile, tenantPk } from '@zuofeng/ddb';
import { type EventEnvelope, feedbackSubmitted, isSatisfied, problemReported } from '@zuofeng/events';

export interface CountyDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

export const CONSUMER = 'county-rollup';

/** The county's read model: one item per township under the county's own partition. */
export const countyKeys = {
  overview: (countyId: string) => tenantPk(countyId, 'COUNTY'),
  township: (countyId: string, townshipId: string) => ({
    pk: tenantPk(countyId, 'COUNTY'),
    sk: `TWP#${townshipId}`,
  }),
  snapshot: (countyId: string, day: string) => tenantPk(countyId, 'COUNTY', 'DAY', day),
};

async function profileOf(deps: CountyDeps, tenantId: string): Promise<TenantProfile> {
  const out = await deps.doc.send(
    new GetCommand({ TableName: deps.tableName, Key: sharedKeys.profile(tenantId) }),
  );
  // Throwing lets the message retry: a profile that is missing is a fault to see in the DLQ, not to skip.
  if (!out.Item) throw new Error(`no profile for tenant ${tenantId}`);
  return out.Item as TenantProfile;
}

/** Fold one township event into the county's counters for that township. */
export async function rollUp(
  deps: CountyDeps,
  event: EventEnvelope<unknown>,
): Promise<'applied' | 'duplicate' | 'no-county'> {
  const township = await profileOf(deps, event.metadata.tenantId);
  if (!township.countyId) return 'no-county';
  let add: Record<string, number>;
  if (event.detailType === problemReported.detailType) {
    const { data } = problemReported.parse(event);
    add = { problems: 1, publicProblems: data.source === 'public' ? 1 : 0 };
  } else {
    const { data } = feedbackSubmitted.parse(event);
    const ratings = Object.values(data.ratings);
    add = { feedbacks: 1, ratings: ratings.length, satisfiedRatings: ratings.filter(isSatisfied).length };
  }
  const names = Object.keys(add);
  return commitOnce(deps.doc, deps.tableName, CONSUMER, event, [
    {
      Update: {
        TableName: deps.tableName,
        Key: countyKeys.township(township.countyId, township.tenantId),
        UpdateExpression: `SET kind = :kind, townshipId = :id, townshipName = :name, updatedAt = :now ADD ${names
          .map((_n, i) => `#a${i} :v${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
        ExpressionAttributeValues: {
          ':kind': 'county-township',
          ':id': township.tenantId,
          ':name': township.name,
          ':now': deps.now().toISOString(),
          ...Object.fromEntries(names.map((n, i) => [`:v${i}`, add[n]])),
        },
      },
    },
  ]);
}

const index = (ratings: number, satisfied: number): number | null =>
  ratings > 0 ? Math.round((1000 * satisfied) / ratings) / 10 : null;

/** The county overview: one read of one partition, whatever the number of problems. */
export async function countyOverview(deps: CountyDeps, countyId: string) {
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :twp)',
      ExpressionAttributeValues: { ':pk': countyKeys.overview(countyId), ':twp': 'TWP#' },
    }),
  );
  return {
    countyId,
    townships: (out.Items ?? []).map((i) => ({
      townshipId: i.townshipId as string,
      townshipName: i.townshipName as string,
      problems: (i.problems as number) ?? 0,
      publicProblems: (i.publicProblems as number) ?? 0,
      feedbacks: (i.feedbacks as number) ?? 0,
      satisfactionIndex: index((i.ratings as number) ?? 0, (i.satisfiedRatings as number) ?? 0),
      updatedAt: i.updatedAt as string,
    })),
  };
}

/** China Standard Time calendar day of an instant, `YYYY-MM-DD`. */
export const cstDay = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Copy every county's township counters into that day's snapshot, for trend charts. Idempotent per day. */
export async function dailySnapshot(deps: CountyDeps): Promise<{ counties: number; townships: number }> {
  const registry = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sharedKeys.registry().pk },
    }),
  );
  const counties = (registry.Items ?? [])
    .filter((t) => t.tenantType === 'county')
    .map((t) => t.tenantId as string);
  const day = cstDay(deps.now());
  let townships = 0;
  for (const countyId of counties) {
    const { townships: rows } = await countyOverview(deps, countyId);
    for (const row of rows) {
      await deps.doc.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: {
            pk: countyKeys.snapshot(countyId, day),
            sk: `TWP#${row.townshipId}`,
            kind: 'county-snapshot',
            day,
            ...row,
          },
        }),
      );
      townships++;
    }
  }
  return { counties: counties.length, townships };
}
