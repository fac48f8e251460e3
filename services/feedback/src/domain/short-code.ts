import { randomBytes } from 'node:crypto';

/**
 * A form link's short code: what the poster prints as `<host>/s/<code>` under the QR code, for a resident who
 * types the address instead of scanning it. The code is drawn from crypto randomness alone (never from the
 * tenant or the link id), so knowing one township's link says nothing about another's; 55 random bits make a
 * guess hopeless at any rate the API's throttle lets through.
 *
 * The alphabet is lowercase Crockford base32 without i, l, o, u: no two symbols look alike on paper, and a
 * phone keyboard types it without the shift key. What a resident types is forgiven (see `normaliseShortCode`).
 */
export const SHORT_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 11 symbols × 5 bits = 55 random bits. */
export const SHORT_CODE_LENGTH = 11;

const CANONICAL = /^[0-9a-hjkmnp-tv-z]{11}$/;

/** A new short code, canonical (11 symbols, no dashes). `random` is crypto's unless a test fixes it. */
export function newShortCode(random: (n: number) => Buffer = randomBytes): string {
  // 7 bytes = 56 bits; 32 symbols is a power of two, so taking 5 bits at a time is uniform.
  let bits = 0n;
  for (const b of random(7)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) {
    out = SHORT_CODE_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** Whether a string is a canonical short code (as stored). */
export const isShortCode = (s: string): boolean => CANONICAL.test(s);

/**
 * The code as printed: groups of 4, 4 and 3 (`7k3m-9qpx-2vd`), easier to read aloud and to type. The dashes
 * may be typed or left out: `normaliseShortCode` drops them.
 */
export const formatShortCode = (code: string): string =>
  `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/**
 * The canonical code of what a resident typed, or undefined when it cannot be one. Forgiven: capitals, the
 * full-width letters of a Chinese keyboard (NFKC), spaces and dashes anywhere, a trailing slash, and the
 * letters people type for the digits that look like them (o → 0, i and l → 1).
 */
export function normaliseShortCode(input: string): string | undefined {
  const s = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/[\s\p{Pd}]/gu, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return CANONICAL.test(s) ? s : undefined;
}
