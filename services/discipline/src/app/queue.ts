import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type ReportRecord, reportView } from '../domain/report';
import { type ToleranceRecord, toleranceView } from '../domain/tolerance';
import type { DisciplineDeps } from './deps';
import { disciplineKeys } from './keys';

/** A queue longer than this is a backlog to page through the lists, not a worklist. */
const QUEUE_LIMIT = 500;

async function all<T>(deps: DisciplineDeps, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.doc.send(
      new QueryCommand({ TableName: deps.tableName, ...input, ExclusiveStartKey: start }),
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start && items.length < QUEUE_LIMIT);
  return items.slice(0, QUEUE_LIMIT);
}

/** The discipline office's worklist: open reports and pending tolerance applications, oldest first. */
export async function disciplineQueue(deps: DisciplineDeps, t: string) {
  const [reports, tolerance] = await Promise.all([
    all<ReportRecord>(deps, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': disciplineKeys.reportsByStatus(t, 'open') },
    }),
    all<ToleranceRecord>(deps, {
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pk': disciplineKeys.tolerances(t), ':pending': 'pending' },
    }),
  ]);
  return { reports: reports.map(reportView), toleranceApplications: tolerance.map(toleranceView) };
}
