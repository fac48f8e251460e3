import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { assertSealable, canonicalContext, SealError, type Sealer } from './sealer';

const PREFIX = 'local:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The local stand-in for KMS: AES-256-GCM with a 32-byte key (the runtime keeps it under `.local`). The
 * context is the additional authenticated data, as KMS binds its encryption context: a changed context or a
 * changed byte fails the tag check. Format: `local:v1:<base64url(iv ‖ tag ‖ ciphertext)>`.
 */
export function localSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error(`the local sealing key must be 32 bytes, got ${key.length}`);
  return {
    kind: 'local',
    async seal(plaintext, context) {
      assertSealable(plaintext, context);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(canonicalContext(context), 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    async open(ciphertext, context) {
      if (!ciphertext.startsWith(PREFIX)) throw new SealError('not a locally sealed value');
      const raw = Buffer.from(ciphertext.slice(PREFIX.length), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new SealError('the sealed value is truncated');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(canonicalContext(context), 'utf8'));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SealError(
          'the sealed value does not open: changed, or sealed under another context or key',
        );
      }
    },
  };
}

/** A base64 key from the environment, checked to be 32 bytes. */
export function localKeyFrom(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) {
    throw new Error(`SEALING_KEY must be 32 bytes in base64 (AES-256), got ${key.length} bytes`);
  }
  return key;
}
