import { randomBytes } from 'node:crypto';
import { type DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { canonicalContext, type KmsSender, kmsSealer, localSealer, SealError, sealerFromEnv } from '../src';

const context = { tenantId: 'twp-qingshan', reportId: '01KREPORT0000000000000000' };
const identity = JSON.stringify({ name: '张三', phone: '13800001234' });

/** Flip one byte of the payload behind a sealer's prefix. */
function tamper(sealed: string): string {
  const cut = sealed.lastIndexOf(':') + 1;
  const raw = Buffer.from(sealed.slice(cut), 'base64url');
  raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0x01;
  return sealed.slice(0, cut) + raw.toString('base64url');
}

/**
 * A stand-in for KMS with its documented behaviour: the ciphertext binds the key and the encryption context,
 * and Decrypt under another context or of a changed blob fails with InvalidCiphertextException.
 */
function fakeKms(): KmsSender & { calls: unknown[] } {
  const key = randomBytes(32);
  const inner = localSealer(key);
  const calls: unknown[] = [];
  const invalid = () => Object.assign(new Error('invalid'), { name: 'InvalidCiphertextException' });
  return {
    calls,
    send: (async (command: EncryptCommand | DecryptCommand) => {
      calls.push(command.input);
      if (command instanceof EncryptCommand) {
        const { KeyId, Plaintext, EncryptionContext } = command.input;
        const sealed = await inner.seal(Buffer.from(Plaintext!).toString('utf8'), {
          ...EncryptionContext,
          '@key': KeyId!,
        });
        return { CiphertextBlob: Buffer.from(sealed, 'utf8') };
      }
      const { KeyId, CiphertextBlob, EncryptionContext } = command.input;
      try {
        const plain = await inner.open(Buffer.from(CiphertextBlob!).toString('utf8'), {
          ...EncryptionContext,
          '@key': KeyId!,
        });
        return { Plaintext: Buffer.from(plain, 'utf8') };
      } catch {
        throw invalid();
      }
    }) as KmsSender['send'],
  };
}

describe.each([
  ['local AES-256-GCM', () => localSealer(randomBytes(32))],
  ['KMS', () => kmsSealer(fakeKms(), 'alias/zuofeng-sealing')],
])('the %s sealer', (_name, make) => {
  it('opens what it sealed, under the same context, whatever the order of its keys', async () => {
    // Prepare
    const sealer = make();
    // Act
    const sealed = await sealer.seal(identity, context);
    // Assess
    expect(sealed).not.toContain('张三');
    expect(sealed).not.toContain('13800001234');
    expect(sealed.startsWith(`${sealer.kind}:v1:`)).toBe(true);
    expect(await sealer.open(sealed, { reportId: context.reportId, tenantId: context.tenantId })).toBe(
      identity,
    );
  });

  it('seals the same value differently each time', async () => {
    const sealer = make();
    expect(await sealer.seal(identity, context)).not.toBe(await sealer.seal(identity, context));
  });

  it('refuses to open under another context: another report, another tenant, an extra key', async () => {
    const sealer = make();
    const sealed = await sealer.seal(identity, context);
    for (const other of [
      { ...context, reportId: '01KREPORT0000000000000001' },
      { ...context, tenantId: 'twp-baishui' },
      { ...context, extra: 'x' },
      { tenantId: context.tenantId },
    ]) {
      await expect(sealer.open(sealed, other)).rejects.toBeInstanceOf(SealError);
    }
  });

  it('refuses a tampered or truncated ciphertext', async () => {
    const sealer = make();
    const sealed = await sealer.seal(identity, context);
    await expect(sealer.open(tamper(sealed), context)).rejects.toBeInstanceOf(SealError);
    await expect(sealer.open(sealed.slice(0, 20), context)).rejects.toBeInstanceOf(SealError);
    await expect(sealer.open('plain text', context)).rejects.toBeInstanceOf(SealError);
  });

  it('refuses values over 4 KB and an empty context', async () => {
    const sealer = make();
    await expect(sealer.seal('字'.repeat(1366), context)).rejects.toThrow(/4096 bytes/);
    await expect(sealer.seal(identity, {})).rejects.toThrow(/context/);
  });
});

describe('the local sealer', () => {
  it('does not open with another key', async () => {
    const sealed = await localSealer(randomBytes(32)).seal(identity, context);
    await expect(localSealer(randomBytes(32)).open(sealed, context)).rejects.toBeInstanceOf(SealError);
  });

  it('binds the context canonically', () => {
    expect(canonicalContext({ b: '2', a: '1' })).toBe(canonicalContext({ a: '1', b: '2' }));
  });
});

describe('the KMS sealer', () => {
  it('sends the key id and the context as the encryption context on both calls', async () => {
    const kms = fakeKms();
    const sealer = kmsSealer(kms, 'alias/zuofeng-sealing');
    await sealer.open(await sealer.seal(identity, context), context);
    expect(kms.calls).toEqual([
      expect.objectContaining({ KeyId: 'alias/zuofeng-sealing', EncryptionContext: context }),
      expect.objectContaining({ KeyId: 'alias/zuofeng-sealing', EncryptionContext: context }),
    ]);
  });

  it('passes on errors other than a bad ciphertext (throttling, access denied)', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    const sealer = kmsSealer({ send: (async () => Promise.reject(denied)) as KmsSender['send'] }, 'k');
    await expect(sealer.open('kms:v1:AAAA', context)).rejects.toBe(denied);
  });
});

describe('sealerFromEnv', () => {
  it('picks KMS when a key id is set, else the local key', () => {
    const key = randomBytes(32).toString('base64');
    expect(sealerFromEnv({ SEALING_KEY_ID: 'alias/x', SEALING_KEY: key }).kind).toBe('kms');
    expect(sealerFromEnv({ SEALING_KEY: key }).kind).toBe('local');
  });

  it('says what to set when there is no key, and refuses a key of the wrong size', () => {
    expect(() => sealerFromEnv({})).toThrow(/SEALING_KEY_ID .*SEALING_KEY/);
    expect(() => sealerFromEnv({ SEALING_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
  });
});
