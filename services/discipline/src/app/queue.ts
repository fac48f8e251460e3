import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '@zuofeng/ddb';
import { type ReportRecord, reportView } from '../domain/report';
import { type ToleranceRecord, toleranceView } from '../domain/tolerance';
import type { DisciplineDeps } from './deps';
import { disciplineKeys } from './keys';

/** A queue longer than this is a backlog to page through the lists, not a worklist. */
const QUEUE_LIMIT = 500;

const all = <T>(deps: DisciplineDeps, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> =>
  queryAll<T>(deps.doc, { TableName: deps.tableName, ...input }, QUEUE_LIMIT);

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
