import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: easy to read aloud and to type on a phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A receipt code: 16 symbols × 5 bits = 80 random bits, shown as four groups of four. */
export function newReceiptCode(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Normalise what a resident typed: case, spaces, dashes, and the letters people confuse with digits. */
export function normaliseReceiptCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(s)) return undefined;
  return s.match(/.{4}/g)!.join('-');
}
