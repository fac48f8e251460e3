import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FormLinkRef } from '../../domain/form-link';
import type { VerifiedChallenge } from './challenge';
import { TicketError } from './errors';
import { deriveSecret } from './secrets';

/**
 * The simple page's ticket: what `/f/{token}/basic` (no script, so no proof of work) sends back instead of an
 * ALTCHA solution. `v1.<claims>.<mac>`, both base64url: the claims are {tenant, link, issued (ms), expires
 * (s), nonce (128 random bits)}, the MAC is HMAC-SHA256 under a key of its own derived from the form-link
 * secret (secrets.ts), like the ALTCHA key.
 *
 * It does what the challenge does apart from the work: it dates the page (the minimum fill time is read from
 * its signed issue time, not from anything the client says), ties the submission to one form, expires, and
 * carries a nonce that the nonce store accepts once, which is also the submission's Idempotency-Key. It
 * costs a bot nothing to get one (one GET), so bulk posting is held back by the rate limits per address and
 * per link, the honeypot and the fill time, not by the ticket.
 */
export interface TicketClaims extends FormLinkRef {
  /** Epoch ms the page was shown. */
  issuedAt: number;
  /** Epoch seconds the ticket expires. */
  expiresAt: number;
  /** 128 random bits, base64url (22 characters). */
  nonce: string;
}

const PREFIX = 'v1';
/** A ticket is about 200 characters; anything much longer is not one. */
export const TICKET_MAX_LENGTH = 600;

const Claims = z.object({
  t: z.string().min(1).max(80),
  l: z.string().min(1).max(80),
  i: z.number().int().nonnegative(),
  e: z.number().int().positive(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

/** The ticket key, derived from the form-link secret for this purpose alone. */
export const ticketKey = (formLinkSecret: string): string => deriveSecret(formLinkSecret, 'basic-ticket');

// The version is under the MAC too, so a future format cannot be passed off as this one.
const mac = (key: string, claims: string): Buffer =>
  createHmac('sha256', key).update(`${PREFIX}.${claims}`).digest();

export function issueTicket(
  key: string,
  form: FormLinkRef,
  now: Date,
  opts: {
    ttlSeconds: number;
    /** When the page counts as shown, if earlier than now (a page shown again: see basic/submit.ts). */
    issuedAt?: number;
  },
): { ticket: string; claims: TicketClaims } {
  const claims: TicketClaims = {
    tenantId: form.tenantId,
    linkId: form.linkId,
    issuedAt: Math.min(opts.issuedAt ?? now.getTime(), now.getTime()),
    expiresAt: Math.floor(now.getTime() / 1000) + opts.ttlSeconds,
    nonce: randomBytes(16).toString('base64url'),
  };
  const body = Buffer.from(
    JSON.stringify({
      t: claims.tenantId,
      l: claims.linkId,
      i: claims.issuedAt,
      e: claims.expiresAt,
      n: claims.nonce,
    }),
  ).toString('base64url');
  return { ticket: `${PREFIX}.${body}.${mac(key, body).toString('base64url')}`, claims };
}

/** The claims of a ticket signed with this key, whatever they say; undefined when it is not one of ours. */
export function readTicket(key: string, ticket: string): TicketClaims | undefined {
  if (ticket.length > TICKET_MAX_LENGTH) return undefined;
  const parts = ticket.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
  const [, body, given] = parts as [string, string, string];
  const expected = mac(key, body);
  const sent = Buffer.from(given, 'base64url');
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return undefined;
  try {
    const c = Claims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return c.success
      ? { tenantId: c.data.t, linkId: c.data.l, issuedAt: c.data.i, expiresAt: c.data.e, nonce: c.data.n }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Check a ticket without touching the table: ours, for this form, not expired. Whether it was used is the
 * nonce store's question, answered in the transaction that stores the submission (guard.ts). The answer has
 * the shape of a verified challenge, so the guard treats both proofs alike.
 */
export function verifyTicket(key: string, ticket: string, form: FormLinkRef, now: Date): VerifiedChallenge {
  const claims = readTicket(key, ticket);
  if (!claims) {
    throw new TicketError('ticket_invalid', '表单数据无效，请核对后重新提交', '表单数据无效');
  }
  if (claims.tenantId !== form.tenantId || claims.linkId !== form.linkId) {
    throw new TicketError('ticket_invalid', '这份表单不属于这个链接，请核对后重新提交', '表单不属于本链接');
  }
  if (claims.expiresAt * 1000 <= now.getTime()) {
    throw new TicketError(
      'ticket_expired',
      '页面打开太久，已经过期。您填的内容都还在，请核对后重新提交',
      '页面已过期',
      claims.issuedAt,
    );
  }
  return { nonce: claims.nonce, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt };
}
