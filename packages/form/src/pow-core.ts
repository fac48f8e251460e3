/**
 * ALTCHA's proof of work, solved with the browser's own SubtleCrypto (no library, a few hundred bytes). Both
 * challenge formats of altcha-lib are understood:
 *
 * - v1 (`altcha-lib/v1`): `{ algorithm, challenge, salt, signature, maxnumber }`; find n ≤ maxnumber with
 *   hex(H(salt + n)) = challenge. The payload is base64(JSON{ algorithm, challenge, number, salt, signature, took }).
 * - v2 (`altcha-lib`): `{ parameters: { algorithm, nonce, salt, cost, keyLength, keyPrefix }, signature }`;
 *   find a counter whose derived key starts with keyPrefix, the key being H^cost(salt ‖ nonce ‖ counter as
 *   uint32 big-endian) for SHA-256/384/512, or PBKDF2(password = nonce ‖ counter, salt, cost) for PBKDF2/*.
 *   The payload is base64(JSON{ challenge, solution: { counter, derivedKey, time } }).
 *
 * The search runs in Web Workers (pow-worker.ts), each taking every `step`-th candidate from its own `start`.
 */
export interface ChallengeV1 {
  algorithm: string;
  challenge: string;
  salt: string;
  signature?: string;
  maxnumber?: number;
  maxNumber?: number;
}
export interface ChallengeV2 {
  parameters: {
    algorithm: string;
    nonce: string;
    salt: string;
    cost: number;
    keyLength?: number;
    keyPrefix: string;
    [k: string]: unknown;
  };
  signature?: string;
}
export type Challenge = ChallengeV1 | ChallengeV2;

export interface Found {
  /** v1: the number; v2: the counter. */
  n: number;
  /** v2: the derived key, lowercase hex. */
  key?: string;
}

const isV2 = (c: Challenge): c is ChallengeV2 => typeof (c as ChallengeV2).parameters === 'object';

export const toHex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
};
export const fromHex = (h: string): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(h.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.substr(i * 2, 2), 16);
  return out;
};

/** How many candidates a worker hashes at once: SubtleCrypto is asynchronous, so a batch amortises the hops. */
const BATCH = 64;

type Derive = (n: number) => Promise<Uint8Array<ArrayBuffer>>;

function deriver(c: Challenge): { derive: Derive; matches: (d: Uint8Array) => boolean; max: number } {
  const subtle = crypto.subtle;
  if (!isV2(c)) {
    const enc = new TextEncoder();
    const target = c.challenge.toLowerCase();
    return {
      derive: async (n) => new Uint8Array(await subtle.digest(c.algorithm, enc.encode(c.salt + n))),
      matches: (d) => toHex(d) === target,
      max: c.maxnumber ?? c.maxNumber ?? 1_000_000,
    };
  }
  const p = c.parameters;
  const salt = fromHex(p.salt);
  const nonce = fromHex(p.nonce);
  const keyLength = p.keyLength ?? 32;
  const prefix = p.keyPrefix.toLowerCase();
  const password = (n: number) => {
    const b = new Uint8Array(nonce.length + 4);
    b.set(nonce);
    new DataView(b.buffer).setUint32(nonce.length, n, false);
    return b;
  };
  const matches = (d: Uint8Array) => toHex(d).startsWith(prefix);
  if (p.algorithm.startsWith('PBKDF2/')) {
    const hash = p.algorithm.slice('PBKDF2/'.length);
    return {
      derive: async (n) => {
        const key = await subtle.importKey('raw', password(n), { name: 'PBKDF2' }, false, ['deriveBits']);
        return new Uint8Array(
          await subtle.deriveBits({ name: 'PBKDF2', salt, iterations: p.cost, hash }, key, keyLength * 8),
        );
      },
      matches,
      max: 0xffffffff,
    };
  }
  return {
    derive: async (n) => {
      const pw = password(n);
      let d: Uint8Array<ArrayBuffer> = new Uint8Array(salt.length + pw.length);
      d.set(salt);
      d.set(pw, salt.length);
      for (let i = 0; i < Math.max(1, p.cost); i++) d = new Uint8Array(await subtle.digest(p.algorithm, d));
      return d.slice(0, keyLength);
    },
    matches,
    max: 0xffffffff,
  };
}

/** Search candidates start, start + step, … until one matches, the range ends, or `stop()` says so. */
export async function search(
  c: Challenge,
  start: number,
  step: number,
  stop: () => boolean = () => false,
): Promise<Found | null> {
  const { derive, matches, max } = deriver(c);
  for (let n = start; n <= max; n += step * BATCH) {
    if (stop()) return null;
    const ns: number[] = [];
    for (let i = 0; i < BATCH && n + i * step <= max; i++) ns.push(n + i * step);
    const ds = await Promise.all(ns.map(derive));
    for (const [i, d] of ds.entries()) {
      if (matches(d)) return { n: ns[i]!, ...(isV2(c) ? { key: toHex(d) } : {}) };
    }
  }
  return null;
}

/** The `altcha` payload for a found solution, as altcha-lib's verifiers read it. */
export function payloadOf(c: Challenge, found: Found, tookMs: number): string {
  const json = isV2(c)
    ? {
        challenge: { parameters: c.parameters, ...(c.signature ? { signature: c.signature } : {}) },
        solution: { counter: found.n, derivedKey: found.key, time: tookMs },
      }
    : {
        algorithm: c.algorithm,
        challenge: c.challenge,
        number: found.n,
        salt: c.salt,
        signature: c.signature,
        took: tookMs,
      };
  return btoa(JSON.stringify(json));
}
