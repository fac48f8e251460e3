import { createHmac, timingSafeEqual } from 'node:crypto';
import { TenantId } from '@zuofeng/events';

/**
 * A form link's token: `<tenantId>.<linkId>.<signature>`. The signature (HMAC-SHA256, 128 bits kept) makes
 * the link unguessable and lets a public request name its tenant without a login: the tenant is trusted
 * only after the signature verifies, then the link's row (revocation, expiry) is checked in that tenant.
 */
export interface FormLinkRef {
  tenantId: string;
  linkId: string;
}

const sign = (secret: string, payload: string): string =>
  createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');

export function signFormLink(secret: string, ref: FormLinkRef): string {
  const payload = `${ref.tenantId}.${ref.linkId}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** The link a token names, or undefined when the token is malformed or its signature is wrong. */
export function verifyFormLink(secret: string, token: string): FormLinkRef | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [tenantId, linkId, signature] = parts as [string, string, string];
  if (!TenantId.safeParse(tenantId).success || !/^[0-9A-Z]{26}$/.test(linkId)) return undefined;
  const expected = Buffer.from(sign(secret, `${tenantId}.${linkId}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { tenantId, linkId };
}
