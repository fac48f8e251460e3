import { MissingTenantError } from '@zuofeng/core';
import { TenantId } from '@zuofeng/events';

const SEGMENT = /^[^#\s]{1,200}$/;

/**
 * Build a partition key that starts with the tenant id: `T#<tenant>#<part>#…`. This is the only way the
 * code base builds partition keys, and it refuses to build one without a valid tenant, so a handler that
 * forgot the tenant fails loudly instead of reading or writing a shared partition.
 */
export function tenantPk(tenantId: string | undefined | null, ...parts: string[]): string {
  if (typeof tenantId !== 'string' || !TenantId.safeParse(tenantId).success) {
    throw new MissingTenantError(parts.join('#') || 'a tenant partition');
  }
  for (const p of parts) {
    if (!SEGMENT.test(p)) throw new Error(`invalid key segment ${JSON.stringify(p)}`);
  }
  return ['T', tenantId, ...parts].join('#');
}

/** The tenant id that leads a partition key, for checks and logs. */
export function tenantOfPk(pk: string): string {
  const [t, tenantId] = pk.split('#');
  if (t !== 'T' || !tenantId) throw new Error(`not a tenant key: ${pk}`);
  return tenantId;
}

/** Epoch seconds `days` from `now`, for the TTL attribute. */
export const expiresInDays = (days: number, now: Date = new Date()): number =>
  Math.floor(now.getTime() / 1000) + Math.round(days * 86400);
