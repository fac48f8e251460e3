import { createHash } from 'node:crypto';

/** An ALTCHA v1 challenge as `GET /public/forms/{token}/challenge` answers it. */
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber: number;
  minFillMs?: number;
}

/**
 * Solve a challenge the way the form does (find n with sha256(salt + n) = challenge) and return the `altcha`
 * payload. Node's synchronous hash takes ~80 ms for the worst case of 50 000; altcha-lib's own `solveChallenge`
 * (WebCrypto, one await per number) takes ~2.6 s, which the suite cannot afford on every submission. One unit
 * test solves with altcha-lib's solver to prove that the two agree (services/feedback/test/abuse.test.ts).
 */
export function solveAltcha(c: AltchaChallenge): string {
  if (c.algorithm !== 'SHA-256') throw new Error(`unexpected algorithm ${c.algorithm}`);
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(c.salt + n)
        .digest('hex') === c.challenge
    ) {
      const payload = {
        algorithm: c.algorithm,
        challenge: c.challenge,
        number: n,
        salt: c.salt,
        signature: c.signature,
      };
      return Buffer.from(JSON.stringify(payload)).toString('base64');
    }
  }
  throw new Error('the challenge has no solution within maxnumber');
}

/** When the challenge was issued (epoch ms), from its salt's `issued` parameter. */
export const issuedAtOf = (c: Pick<AltchaChallenge, 'salt'>): number =>
  Number(new URLSearchParams(c.salt.split('?')[1] ?? '').get('issued'));
