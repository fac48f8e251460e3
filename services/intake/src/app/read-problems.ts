import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@zuofeng/core';
import { queryPage } from '@zuofeng/ddb';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';

const view = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, kind: _k, version: _v, ...rest } = item;
  return rest;
};

export async function listProblems(
  deps: IntakeDeps,
  tenantId: string,
  page: { limit: number; cursor?: string },
) {
  const out = await queryPage<Record<string, unknown>>(deps.doc, {
    TableName: deps.tableName,
    pk: intakeKeys.problemPartition(tenantId),
    limit: page.limit,
    cursor: page.cursor,
    ScanIndexForward: false,
  });
  return { items: out.items.map(view), ...(out.nextCursor ? { nextCursor: out.nextCursor } : {}) };
}

/** One problem of the caller's tenant; another tenant's id simply is not found there. */
export async function getProblem(deps: IntakeDeps, tenantId: string, problemId: string) {
  const out = await deps.doc.send(
    new GetCommand({ TableName: deps.tableName, Key: intakeKeys.problem(tenantId, problemId) }),
  );
  if (!out.Item) throw new NotFoundError(`problem ${problemId} not found`);
  return view(out.Item);
}
