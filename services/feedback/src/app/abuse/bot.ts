import { createHmac } from 'node:crypto';
import { newReceiptCode } from '../../domain/receipt-code';

export type BotSignal = 'honeypot' | 'too-fast';

/**
 * A suspected bot: the hidden field that people never see was filled, or the form was sent sooner after it was
 * dated (the challenge's signed issue time) than a person can read three questions and tap five circles.
 */
export function suspectBot(input: {
  honeypot: unknown;
  issuedAt: number;
  now: Date;
  minFillMs: number;
}): BotSignal | undefined {
  const h = input.honeypot;
  if (h !== undefined && h !== null && !(typeof h === 'string' && h.trim() === '')) return 'honeypot';
  if (input.now.getTime() - input.issuedAt < input.minFillMs) return 'too-fast';
  return undefined;
}

/**
 * The receipt code a suspected bot is shown: it looks like any other. With an Idempotency-Key it is the same
 * for the same key (derived under the pepper), so a bot repeating its request sees what a person would see.
 */
export function decoyReceiptCode(pepper: string, seed?: string): string {
  if (!seed) return newReceiptCode();
  const bytes = createHmac('sha256', pepper).update(`decoy:${seed}`).digest();
  return newReceiptCode((n) => bytes.subarray(0, n));
}
