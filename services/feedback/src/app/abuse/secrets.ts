import { createHmac } from 'node:crypto';

/**
 * A key for one purpose derived from a deployment secret (HMAC-SHA256 of the purpose under the secret), so that
 * the form-link secret also yields the ALTCHA key and the client-address pepper without either revealing it
 * or the other.
 */
export const deriveSecret = (secret: string, purpose: string): string =>
  createHmac('sha256', secret).update(`zuofeng:${purpose}`).digest('base64url');
