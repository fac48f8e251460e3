/**
 * The port that seals small secrets (a reporter's identity, a resident's phone number) so that the table only
 * ever holds ciphertext. The context is bound to the ciphertext: opening with another context fails, so a
 * sealed value copied onto another record (another tenant's, another report's) cannot be opened there.
 */
export interface Sealer {
  /** Which adapter sealed it: the prefix of its ciphertexts. */
  readonly kind: 'kms' | 'local';
  /** Encrypt `plaintext` bound to `context`; the result is an opaque, printable string. */
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  /** Decrypt what `seal` returned, under the same context; throws if either was changed. */
  open(ciphertext: string, context: Record<string, string>): Promise<string>;
}

/** KMS encrypts at most 4 KB directly; sealed values are small by design, so both adapters hold to it. */
export const MAX_SEALED_BYTES = 4096;

/** A ciphertext that cannot be opened: tampered with, sealed under another context or key, or malformed. */
export class SealError extends Error {
  override name = 'SealError';
}

export function assertSealable(plaintext: string, context: Record<string, string>): void {
  if (Buffer.byteLength(plaintext, 'utf8') > MAX_SEALED_BYTES) {
    throw new SealError(`a sealed value holds at most ${MAX_SEALED_BYTES} bytes`);
  }
  if (Object.keys(context).length === 0) {
    throw new SealError('a sealed value needs a context (e.g. its tenant and record)');
  }
}

/**
 * The context as one canonical string (keys sorted), so that the same context always gives the same
 * additional authenticated data whatever the order its keys were written in.
 */
export const canonicalContext = (context: Record<string, string>): string =>
  JSON.stringify(
    Object.keys(context)
      .sort()
      .map((k) => [k, context[k]]),
  );
