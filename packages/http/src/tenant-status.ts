import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { sharedKeys, type TenantProfile } from '@zuofeng/ddb';

/**
 * Is a tenant active? Read from its profile and kept for a short while, per tenant: the cache is keyed by
 * tenant id, so one tenant's answer can never serve another (a peer project leaked one tenant's statistics
 * to another through a cache that was not). A suspension reaches every warm function within `ttlMs`.
 */
export function tenantStatusReader(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** @default TENANT_STATUS_TTL_MS, else 30 s */
  ttlMs = Number(process.env.TENANT_STATUS_TTL_MS ?? 30_000),
  now = Date.now,
) {
  const cache = new Map<string, { status: TenantProfile['status'] | 'unknown'; until: number }>();
  return async (tenantId: string): Promise<TenantProfile['status'] | 'unknown'> => {
    const hit = cache.get(tenantId);
    if (hit && hit.until > now()) return hit.status;
    const out = await doc.send(new GetCommand({ TableName: tableName, Key: sharedKeys.profile(tenantId) }));
    const status = (out.Item as TenantProfile | undefined)?.status ?? 'unknown';
    cache.set(tenantId, { status, until: now() + ttlMs });
    return status;
  };
}
