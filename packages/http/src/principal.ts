import { bilingual, ForbiddenError, type Principal, Role, UnauthorizedError } from '@zuofeng/core';
import { TenantId } from '@zuofeng/events';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Claim names: Cognito's by default; any OIDC issuer can be used by naming its claims. */
export const claimNames = {
  tenant: process.env.TENANT_CLAIM ?? 'custom:tenantId',
  groups: process.env.GROUPS_CLAIM ?? 'cognito:groups',
};

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * API Gateway's JWT authorizer flattens array claims into a string like `[a b]`; the local runtime passes
 * arrays. Accept both.
 */
export function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  return raw
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * The caller, from the claims that the authorizer has already verified. The tenant comes from the token and
 * nowhere else: no header, path or body can change it.
 */
export function principalFromEvent(event: APIGatewayProxyEventV2): Principal {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt
    ?.claims;
  if (!claims?.sub) throw new UnauthorizedError(bilingual('no verified token', '请先登录'));
  const tenantId = claims[claimNames.tenant];
  if (typeof tenantId !== 'string' || !TenantId.safeParse(tenantId).success) {
    throw new ForbiddenError(
      bilingual('the token carries no valid tenant', '登录信息中没有有效的所属乡镇，请重新登录'),
    );
  }
  const roles = parseGroups(claims[claimNames.groups]).flatMap((g) => {
    const r = Role.safeParse(g);
    return r.success ? [r.data] : [];
  });
  return {
    userId: String(claims.sub),
    tenantId,
    roles,
    ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
    ...(typeof (claims['cognito:username'] ?? claims.username) === 'string'
      ? { username: String(claims['cognito:username'] ?? claims.username) }
      : {}),
  };
}
