import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import { z } from 'zod';
import type { FormLinkRef } from '../../domain/form-link';
import type { AbuseConfig } from './config';
import { ChallengeError } from './errors';

/**
 * ALTCHA proof of work, in altcha-lib's v1 format: SHA-256 over `salt + number`, an HMAC signature over the
 * challenge, and extra parameters in the salt, which the signature covers. v1 over v2 because its solver is a
 * dozen lines of WebCrypto that fit the form's 50 KB budget (or the stock widget in its v1 mode), and its
 * base64 payload is what the form sends back as `altcha`.
 *
 * The salt carries the form the challenge is for (tenant and link), so a solution for one link cannot be spent
 * on another township's, and when it was issued, which dates the form for the minimum fill time: signed, so
 * unlike a `startedAt` from the client it cannot be made up.
 */
export interface IssuedChallenge extends Challenge {
  algorithm: 'SHA-256';
  maxnumber: number;
  expiresAt: string;
  /** How long after issue a submission is accepted as human-paced; the form waits out the rest if needed. */
  minFillMs: number;
}

export async function issueChallenge(
  hmacKey: string,
  form: FormLinkRef,
  now: Date,
  config: AbuseConfig,
): Promise<IssuedChallenge> {
  const expires = new Date(now.getTime() + config.challenge.ttlSeconds * 1000);
  const c = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey,
    maxNumber: config.challenge.maxNumber,
    expires,
    params: { tenant: form.tenantId, link: form.linkId, issued: String(now.getTime()) },
  });
  return {
    ...c,
    algorithm: 'SHA-256',
    maxnumber: config.challenge.maxNumber,
    expiresAt: expires.toISOString(),
    minFillMs: config.minFillMs,
  };
}

/** What the form sends back: base64 of the JSON that ALTCHA calls the payload. */
const Payload = z.object({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().regex(/^[0-9a-f]{64}$/),
  number: z.number().int().min(0),
  salt: z.string().min(1).max(400),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AltchaPayload = z.infer<typeof Payload>;

export interface VerifiedChallenge {
  /** The challenge's signature: unique per challenge, the key of the nonce store. */
  nonce: string;
  /** Epoch ms the challenge was issued (signed). */
  issuedAt: number;
  /** Epoch seconds the challenge expires (signed). */
  expiresAt: number;
}

const invalid = () =>
  new ChallengeError('challenge_invalid', '人机验证未通过，请刷新页面后重新提交', '验证数据无效');

/** Decode the base64 payload; undefined when it is not one. */
export function decodePayload(altcha: string): AltchaPayload | undefined {
  try {
    const r = Payload.safeParse(JSON.parse(Buffer.from(altcha, 'base64').toString('utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Check a solution without touching the table: well-formed, signed by us (altcha-lib's `verifySolution`),
 * issued for this form, not expired. Whether it was used before is the nonce store's question, answered in
 * the same transaction that stores the submission (see guard.ts).
 */
export async function verifyChallenge(
  hmacKey: string,
  altcha: string,
  form: FormLinkRef,
  now: Date,
): Promise<VerifiedChallenge> {
  const payload = decodePayload(altcha);
  if (!payload) throw invalid();
  // The library checks expiry against the wall clock; it is checked below against the service's clock too,
  // so that an expired challenge gets its own message.
  if (!(await verifySolution(payload, hmacKey, false))) throw invalid();
  // From here the salt's parameters are ours: the signature covers them.
  const params = extractParams(payload);
  const issuedAt = Number(params.issued);
  const expiresAt = Number(params.expires);
  if (!Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(expiresAt)) throw invalid();
  if (params.tenant !== form.tenantId || params.link !== form.linkId) {
    throw new ChallengeError(
      'challenge_invalid',
      '人机验证与本表单不符，请刷新页面后重新提交',
      '验证不属于本表单',
    );
  }
  if (expiresAt * 1000 <= now.getTime()) {
    throw new ChallengeError('challenge_expired', '人机验证已过期，请重新提交', '验证已过期');
  }
  return { nonce: payload.signature, issuedAt, expiresAt };
}
