import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { actionsOf, type Principal } from '@zuofeng/core';
import { auditKeys, queryPage, sharedKeys, type TenantProfile, verifyAuditChain } from '@zuofeng/ddb';
import type { TenancyDeps } from './deps';

export async function me(deps: TenancyDeps, p: Principal) {
  const profile = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.profile(p.tenantId) }))
  ).Item as TenantProfile | undefined;
  return {
    userId: p.userId,
    ...(p.name ? { name: p.name } : {}),
    tenantId: p.tenantId,
    tenantName: profile?.name ?? p.tenantId,
    tenantType: profile?.tenantType ?? (p.tenantId.startsWith('cty-') ? 'county' : 'township'),
    roles: p.roles,
    actions: actionsOf(p.roles),
  };
}

export async function listAudit(deps: TenancyDeps, tenantId: string, q: { limit: number; cursor?: string }) {
  const page = await queryPage<Record<string, unknown>>(deps.doc, {
    TableName: deps.tableName,
    pk: auditKeys.partition(tenantId),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
    ExpressionAttributeValues: { ':e': 'E#' },
    ScanIndexForward: false,
    limit: q.limit,
    cursor: q.cursor,
  });
  return {
    items: page.items.map(({ pk: _p, sk: _s, kind: _k, tenantId: _t, ...e }) => e),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export const verifyAudit = (deps: TenancyDeps, tenantId: string) =>
  verifyAuditChain(deps.doc, deps.tableName, tenantId);
