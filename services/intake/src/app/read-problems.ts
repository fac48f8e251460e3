import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, NotFoundError, type Principal } from '@zuofeng/core';
import { queryPage } from '@zuofeng/ddb';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';

const view = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, kind: _k, reportId: _r, ...rest } = item;
  return rest;
};

/**
 * A report against a cadre (信访举报) is visible only to the discipline office until it is concluded: the
 * accused and their unit must not learn of it, let alone of who made it, from the ledger.
 */
export const mayView = (p: Principal, item: Record<string, unknown>): boolean =>
  item.source !== 'report' || p.roles.includes('discipline_office');

export interface ProblemFilters {
  limit: number;
  cursor?: string;
  source?: string;
  state?: string;
  aspectId?: string;
  unitId?: string;
  personId?: string;
  overdue?: 'true' | 'false';
  recurrence?: 'true' | 'false';
}

/**
 * A page of the 问题清单, newest first, filtered. Filters apply within the page DynamoDB reads, so a page can
 * hold fewer than `limit` items while `nextCursor` says there is more: the console keeps loading.
 */
export async function listProblems(deps: IntakeDeps, principal: Principal, q: ProblemFilters) {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const f of ['source', 'state', 'aspectId', 'unitId', 'personId'] as const) {
    if (q[f]) {
      conditions.push(`#${f} = :${f}`);
      names[`#${f}`] = f;
      values[`:${f}`] = q[f];
    }
  }
  for (const [f, attr] of [
    ['overdue', 'overdue'],
    ['recurrence', 'recurred'],
  ] as const) {
    if (q[f] === 'true') conditions.push(`${attr} = :true`);
    if (q[f] === 'false') conditions.push(`(attribute_not_exists(${attr}) OR ${attr} = :false)`);
    if (q[f]) Object.assign(values, q[f] === 'true' ? { ':true': true } : { ':false': false });
  }
  if (!principal.roles.includes('discipline_office')) {
    conditions.push('#source <> :report');
    names['#source'] = 'source';
    values[':report'] = 'report';
  }
  const out = await queryPage<Record<string, unknown>>(deps.doc, {
    TableName: deps.tableName,
    pk: intakeKeys.problemPartition(principal.tenantId),
    limit: q.limit,
    cursor: q.cursor,
    ScanIndexForward: false,
    ...(conditions.length
      ? {
          FilterExpression: conditions.join(' AND '),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }
      : {}),
  });
  return {
    items: out.items.filter((i) => mayView(principal, i)).map(view),
    ...(out.nextCursor ? { nextCursor: out.nextCursor } : {}),
  };
}

/** One problem of the caller's tenant; another tenant's id, or a report the caller may not see, is not found. */
export async function getProblem(deps: IntakeDeps, principal: Principal, problemId: string) {
  const out = await deps.doc.send(
    new GetCommand({ TableName: deps.tableName, Key: intakeKeys.problem(principal.tenantId, problemId) }),
  );
  if (!out.Item || !mayView(principal, out.Item))
    throw new NotFoundError(bilingual(`problem ${problemId} not found`, '没有找到这个问题'));
  return view(out.Item);
}
