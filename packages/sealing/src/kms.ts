import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { assertSealable, SealError, type Sealer } from './sealer';

const PREFIX = 'kms:v1:';

/** The part of the KMS client the adapter uses, so a test can hand it a stand-in without mocking modules. */
export type KmsSender = Pick<KMSClient, 'send'>;

/**
 * KMS: `Encrypt` and `Decrypt` of the plaintext itself under one symmetric key (values are < 4 KB, so no data
 * key is needed), with the context as the encryption context. KMS refuses to decrypt under another context,
 * and CloudTrail records every call with that context in the clear, so the context holds ids, never data.
 * Decrypt names the key too, so a ciphertext of another key is refused rather than opened with it.
 */
export function kmsSealer(client: KmsSender, keyId: string): Sealer {
  return {
    kind: 'kms',
    async seal(plaintext, context) {
      assertSealable(plaintext, context);
      const out = await client.send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: Buffer.from(plaintext, 'utf8'),
          EncryptionContext: context,
        }),
      );
      if (!out.CiphertextBlob) throw new SealError('KMS returned no ciphertext');
      return PREFIX + Buffer.from(out.CiphertextBlob).toString('base64url');
    },
    async open(ciphertext, context) {
      if (!ciphertext.startsWith(PREFIX)) throw new SealError('not a KMS-sealed value');
      const out = await client
        .send(
          new DecryptCommand({
            KeyId: keyId,
            CiphertextBlob: Buffer.from(ciphertext.slice(PREFIX.length), 'base64url'),
            EncryptionContext: context,
          }),
        )
        .catch((err: unknown) => {
          if ((err as { name?: string }).name === 'InvalidCiphertextException') {
            throw new SealError(
              'the sealed value does not open: changed, or sealed under another context or key',
            );
          }
          throw err;
        });
      if (!out.Plaintext) throw new SealError('KMS returned no plaintext');
      return Buffer.from(out.Plaintext).toString('utf8');
    },
  };
}
