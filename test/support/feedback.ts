import { request } from 'node:http';
import { type AltchaChallenge, issuedAtOf, solveAltcha } from './altcha';

/**
 * The minimum fill time of test runtimes (FEEDBACK_MIN_FILL_MS): short, so that a resident's submission
 * waits 50 ms instead of 3 s, and still long enough that "too fast" can be shown.
 */
export const TEST_MIN_FILL_MS = 50;

/** Set before a runtime starts (the feedback handler reads its configuration when first loaded). */
export function useTestFillTime(ms = TEST_MIN_FILL_MS): void {
  process.env.FEEDBACK_MIN_FILL_MS = String(ms);
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
  raw: string;
}

/** What a test needs of a runtime: its base URL (startRuntime's or startTestRuntime's). */
type HasUrl = { url: string } | { rt: { url: string } };
const baseOf = (t: HasUrl) => ('url' in t ? t.url : t.rt.url);

/** A loopback address of its own for each resident (Linux routes all of 127/8 to lo), so per-address limits see phones, not the test. */
export function residentAddress(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return `127.${distinctOctets()}`;
}

const OCTETS = 254 ** 3;
let nextOctets = Math.floor(Math.random() * OCTETS);
/**
 * Three octets (1–254 each) that no earlier call in this test file gave: a random start, then counting, so two
 * residents of one file never share an address (drawn at random, two of a few hundred did 1 run in a few
 * thousand, and a rate-limit test saw its second post refused).
 */
export function distinctOctets(): string {
  const n = nextOctets++ % OCTETS;
  return [Math.floor(n / 254 ** 2), Math.floor(n / 254) % 254, n % 254].map((o) => o + 1).join('.');
}

/** A request over node:http, from a chosen local address (fetch cannot bind one). */
export function post(
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...opts.headers,
        },
        ...(opts.from ? { localAddress: opts.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = raw ? JSON.parse(raw) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, raw });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Fetch a form's challenge; throws with the answer if it is refused. */
export async function fetchChallenge(t: HasUrl, token: string): Promise<AltchaChallenge> {
  const res = await fetch(`${baseOf(t)}/public/forms/${token}/challenge`);
  const json = (await res.json()) as AltchaChallenge;
  if (res.status !== 200) throw new Error(`challenge refused: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Wait until a form dated by this challenge is past the minimum fill time. */
export async function waitOutFillTime(c: AltchaChallenge): Promise<void> {
  const wait = issuedAtOf(c) + (c.minFillMs ?? 0) + 5 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/**
 * Wait, when the fixed rate-limit window of `windowSeconds` (app/abuse/rate-limit.ts windowOf, the runtime's
 * clock is this process's) ends within `needMs`, until the next one starts: a test that fills a window and
 * then expects the refusal must do it within one window, or the count starts again at its edge. `offsetMs`
 * shifts the windows: a China-time day is 86,400 s ahead of UTC by 8 hours.
 */
export async function clearOfWindowEdge(windowSeconds: number, needMs = 60_000, offsetMs = 0): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - ((Date.now() + offsetMs) % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

/**
 * What a resident's phone does: fetch a challenge, solve it, take (the test's short) minimum fill time, and
 * post the form, from an address of its own unless `from` names one. Returns the answer and the `altcha`
 * payload it sent (to replay it).
 */
export async function submitAsResident(
  t: HasUrl,
  token: string,
  body: Record<string, unknown>,
  opts: { idempotencyKey?: string; from?: string; headers?: Record<string, string> } = {},
): Promise<Answer & { altcha: string }> {
  const challenge = await fetchChallenge(t, token);
  const altcha = solveAltcha(challenge);
  await waitOutFillTime(challenge);
  const from = opts.from ?? residentAddress();
  const answer = await post(
    `${baseOf(t)}/public/forms/${token}/feedback`,
    { ...body, altcha },
    {
      headers: {
        ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
        ...opts.headers,
      },
      ...(from ? { from } : {}),
    },
  );
  return { ...answer, altcha };
}

/** A receipt code as residents see it: four groups of four Crockford base-32 characters. */
export const RECEIPT_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
/** Chinese text: what every answer a resident reads must contain. */
export const CJK = /[\u4e00-\u9fff]/;
/** A form link's id, read from its token (`<tenant>.<linkId>.<signature>`). */
export const linkIdOf = (token: string) => token.split('.')[1]!;
