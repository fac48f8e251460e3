import { ValidationError } from '@zuofeng/core';
import { createChallenge, solveChallenge } from 'altcha-lib/v1';
import { ulid } from 'ulid';
import { solveAltcha } from '../../../test/support/altcha';
import { decoyReceiptCode, suspectBot } from '../src/app/abuse/bot';
import { issueChallenge, verifyChallenge } from '../src/app/abuse/challenge';
import { clientAddressKey, hashClientAddress } from '../src/app/abuse/client-address';
import { ABUSE_DEFAULTS, abuseConfig } from '../src/app/abuse/config';
import { ChallengeError } from '../src/app/abuse/errors';
import { parseIdempotencyKey, wholeFingerprintOf } from '../src/app/abuse/idempotency';
import { countInWindow, minutesLeft, windowOf } from '../src/app/abuse/rate-limit';
import { deriveSecret } from '../src/app/abuse/secrets';

/** The pure parts of the public form's abuse protection. Their use on DynamoDB Local: abuse-http.test.ts. */

const KEY = 'altcha-key-altcha-key-altcha-key';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
const CJK = /[\u4e00-\u9fff]/;
const form = { tenantId: 'twp-qingshan', linkId: ulid() };
const NOW = new Date('2026-03-02T08:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** The error a promise rejects with. */
async function rejection(p: Promise<unknown>): Promise<ChallengeError> {
  try {
    await p;
  } catch (err) {
    return err as ChallengeError;
  }
  throw new Error('expected a rejection');
}

describe('configuration', () => {
  it('keeps every number in one object, with the documented defaults', () => {
    expect(ABUSE_DEFAULTS).toEqual({
      challenge: { maxNumber: 50_000, ttlSeconds: 1200 },
      minFillMs: 3000,
      rateLimits: {
        perAddress: { max: 60, windowSeconds: 600 },
        perLink: { max: 300, windowSeconds: 3600 },
        ticketPerAddress: { max: 10, windowSeconds: 600 },
        ticketPerLink: { max: 60, windowSeconds: 3600 },
      },
      idempotencyTtlSeconds: 86_400,
    });
  });

  it('takes overrides of the fill time and the limits, and keeps the windows', () => {
    const c = abuseConfig({ minFillMs: 50, perAddressMax: 2, perLinkMax: 7 });

    expect(c.minFillMs).toBe(50);
    expect(c.rateLimits.perAddress).toEqual({ max: 2, windowSeconds: 600 });
    expect(c.rateLimits.perLink).toEqual({ max: 7, windowSeconds: 3600 });
    // The simple page's windows come down with an override, and never go above their own.
    expect(c.rateLimits.ticketPerAddress).toEqual({ max: 2, windowSeconds: 600 });
    expect(c.rateLimits.ticketPerLink).toEqual({ max: 7, windowSeconds: 3600 });
    expect(abuseConfig({ perAddressMax: 500 }).rateLimits.ticketPerAddress.max).toBe(10);
    expect(abuseConfig()).toEqual(ABUSE_DEFAULTS);
  });

  it('derives a separate key per purpose from one secret', () => {
    const a = deriveSecret('secret-secret-secret', 'altcha');

    expect(a).not.toBe(deriveSecret('secret-secret-secret', 'client-address'));
    expect(a).not.toBe(deriveSecret('another-secret-secret', 'altcha'));
    expect(a).not.toContain('secret');
    expect(a.length).toBeGreaterThanOrEqual(43);
  });
});

describe('ALTCHA challenge', () => {
  it('issues a signed v1 challenge for one form, dated and with an expiry', async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);

    expect(c).toMatchObject({
      algorithm: 'SHA-256',
      maxnumber: 50_000,
      expiresAt: '2026-03-02T08:20:00.000Z',
      minFillMs: 3000,
      challenge: expect.stringMatching(/^[0-9a-f]{64}$/),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const params = new URLSearchParams(c.salt.split('?')[1]);
    expect(Object.fromEntries(params)).toEqual({
      tenant: form.tenantId,
      link: form.linkId,
      issued: String(NOW.getTime()),
      expires: String(NOW.getTime() / 1000 + 1200),
    });
  });

  it("accepts a solution found by altcha-lib's own solver, and reads its signed issue time", async () => {
    // Prepare: a small challenge, so that the library's one-await-per-number solver is quick.
    const c = await issueChallenge(KEY, form, NOW, {
      ...ABUSE_DEFAULTS,
      challenge: { ...ABUSE_DEFAULTS.challenge, maxNumber: 500 },
    });
    const solution = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise;
    const payload = Buffer.from(
      JSON.stringify({ ...c, number: solution!.number, took: solution!.took }),
    ).toString('base64');

    // Act
    const v = await verifyChallenge(KEY, payload, form, later(60_000));

    // Assess
    expect(v).toEqual({
      nonce: c.signature,
      issuedAt: NOW.getTime(),
      expiresAt: NOW.getTime() / 1000 + 1200,
    });
  });

  it("accepts the tests' solver's payload for a full-size challenge", async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);

    await expect(verifyChallenge(KEY, solveAltcha(c), form, later(1000))).resolves.toMatchObject({
      nonce: c.signature,
    });
  });

  it('refuses a challenge that has expired, in its own words', async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);

    const err = await rejection(verifyChallenge(KEY, solveAltcha(c), form, later(1200 * 1000)));

    expect(err).toBeInstanceOf(ChallengeError);
    expect(err.code).toBe('challenge_expired');
    expect(err.message).toMatch(/过期/);
    expect(err.issues).toEqual([{ field: 'body.altcha', reason: expect.stringMatching(CJK) }]);
  });

  it('refuses a challenge issued for another link or another township', async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);
    const payload = solveAltcha(c);

    for (const other of [
      { ...form, linkId: ulid() },
      { ...form, tenantId: 'twp-baishui' },
    ]) {
      const err = await rejection(verifyChallenge(KEY, payload, other, later(1000)));
      expect(err.code).toBe('challenge_invalid');
      expect(err.message).toMatch(/本表单/);
    }
  });

  it('refuses a wrong number, a forged signature, a salt moved to another link, and a key it did not sign with', async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);
    const good = JSON.parse(Buffer.from(solveAltcha(c), 'base64').toString('utf8'));
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
    const otherLink = ulid();

    const bad = [
      b64({ ...good, number: good.number + 1 }),
      b64({ ...good, signature: good.signature.replace(/^./, (ch: string) => (ch === 'a' ? 'b' : 'a')) }),
      b64({ ...good, salt: good.salt.replace(form.linkId, otherLink) }),
    ];
    for (const payload of bad) {
      const err = await rejection(verifyChallenge(KEY, payload, form, later(1000)));
      expect(err.code).toBe('challenge_invalid');
    }
    expect(
      (await rejection(verifyChallenge('another-key-another-key', b64(good), form, later(1000)))).code,
    ).toBe('challenge_invalid');
  });

  it('refuses what is not a payload: not base64 JSON, another algorithm, missing fields, a challenge without dates', async () => {
    const c = await issueChallenge(KEY, form, NOW, ABUSE_DEFAULTS);
    const good = JSON.parse(Buffer.from(solveAltcha(c), 'base64').toString('utf8'));
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
    // Signed with our key, but issued without our parameters (as a stock altcha-lib server would).
    const undated = await createChallenge({ hmacKey: KEY, maxNumber: 10, number: 3 });

    for (const payload of [
      '!!!',
      'eyJ9',
      b64([1, 2]),
      b64({ ...good, algorithm: 'SHA-1' }),
      b64({ ...good, signature: undefined }),
      b64({ ...undated, number: 3 }),
    ]) {
      const err = await rejection(verifyChallenge(KEY, payload, form, later(1000)));
      expect(err).toBeInstanceOf(ChallengeError);
      expect(err.code).toBe('challenge_invalid');
      expect(err.message).toMatch(CJK);
    }
  });
});

describe('suspected bots', () => {
  const base = { honeypot: undefined, issuedAt: NOW.getTime(), now: later(5000), minFillMs: 3000 };

  it('lets a person through: the hidden field empty and the form filled in after the minimum time', () => {
    expect(suspectBot(base)).toBeUndefined();
    expect(suspectBot({ ...base, honeypot: '' })).toBeUndefined();
    expect(suspectBot({ ...base, honeypot: '  ' })).toBeUndefined();
    expect(suspectBot({ ...base, honeypot: null })).toBeUndefined();
    expect(suspectBot({ ...base, now: later(3000) })).toBeUndefined();
  });

  it('flags a filled honeypot, whatever its type', () => {
    for (const honeypot of ['http://spam.example', 0, false, {}, ['x']]) {
      expect(suspectBot({ ...base, honeypot })).toBe('honeypot');
    }
  });

  it('flags a form sent sooner than the minimum fill time after its challenge was issued', () => {
    expect(suspectBot({ ...base, now: later(2999) })).toBe('too-fast');
    expect(suspectBot({ ...base, now: later(0) })).toBe('too-fast');
  });

  it('answers a bot with a code that looks like any receipt, the same one for the same key', () => {
    const a = decoyReceiptCode('pepper', 'twp-qingshan:L:key-1');

    expect(a).toMatch(CODE);
    expect(decoyReceiptCode('pepper', 'twp-qingshan:L:key-1')).toBe(a);
    expect(decoyReceiptCode('pepper', 'twp-qingshan:L:key-2')).not.toBe(a);
    expect(decoyReceiptCode('pepper')).toMatch(CODE);
    expect(decoyReceiptCode('pepper')).not.toBe(decoyReceiptCode('pepper'));
  });
});

describe('client addresses', () => {
  it('counts an IPv4 address as itself, an IPv4-mapped one as the IPv4 address', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = clientAddressKey('2001:db8:1:2::1');

    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientAddressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd%eth0')).toBe(key);
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('puts what is not an address in one bucket', () => {
    expect(clientAddressKey(undefined)).toBe('unknown');
    expect(clientAddressKey('')).toBe('unknown');
    expect(clientAddressKey('not-an-ip')).toBe('unknown');
  });

  it('stores a keyed hash, never the address, and the hash changes with the pepper', () => {
    const h = hashClientAddress('pepper-1', '203.0.113.7');

    expect(h).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h).not.toContain('203');
    expect(hashClientAddress('pepper-1', '::ffff:203.0.113.7')).toBe(h);
    expect(hashClientAddress('pepper-2', '203.0.113.7')).not.toBe(h);
    expect(hashClientAddress('pepper-1', '203.0.113.8')).not.toBe(h);
  });
});

describe('rate-limit windows', () => {
  it('puts a time in its fixed window', () => {
    const t = new Date('2026-03-02T08:07:30.000Z');
    const start = Date.parse('2026-03-02T08:00:00.000Z') / 1000;

    expect(windowOf(t, 600)).toEqual({ start, end: start + 600 });
    expect(windowOf(new Date('2026-03-02T08:10:00.000Z'), 600).start).toBe(start + 600);
    expect(windowOf(t, 3600)).toEqual({ start, end: start + 3600 });
    expect(minutesLeft(t, { end: start + 600 })).toBe(3);
    expect(minutesLeft(new Date('2026-03-02T08:09:59.500Z'), { end: start + 600 })).toBe(1);
  });

  it('counts with an atomic ADD that refuses a full window, and expires an hour after the window', () => {
    const item = countInWindow(
      't',
      { pk: 'T#x#RATE', sk: 'LINK#l#0' },
      { max: 5, windowSeconds: 600 },
      { end: 600 },
    );

    expect(item.Update).toMatchObject({
      UpdateExpression: expect.stringContaining('ADD #n :one'),
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': 5, ':exp': 4200 },
    });
  });
});

describe('Idempotency-Key', () => {
  it('takes 8 to 128 letters, digits, underscores and dashes, or nothing', () => {
    expect(parseIdempotencyKey({})).toBeUndefined();
    expect(parseIdempotencyKey({ 'idempotency-key': '' })).toBeUndefined();
    expect(parseIdempotencyKey({ 'idempotency-key': 'abcd_-12' })).toBe('abcd_-12');
    expect(parseIdempotencyKey({ 'idempotency-key': 'a'.repeat(128) })).toBe('a'.repeat(128));
  });

  it.each([
    ['too short', 'abc1234'],
    ['too long', 'a'.repeat(129)],
    ['with other characters', 'abcd 1234'],
    ['with a key separator', 'abcd#1234'],
  ])('refuses a key %s with a 400 in zh-CN', (_name, key) => {
    let err: unknown;
    try {
      parseIdempotencyKey({ 'idempotency-key': key });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(CJK);
    expect((err as ValidationError).issues).toEqual([
      { field: 'header.idempotency-key', reason: expect.stringMatching(CJK) },
    ]);
  });

  it('fingerprints everything sent: the same answers match; other answers, unit, number or photo do not', () => {
    const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' } as const;
    const fp = (c: Parameters<typeof wholeFingerprintOf>[1]) => wholeFingerprintOf('pepper', c);
    const a = fp({ ratings, complaint: '路灯坏了' });

    expect(fp({ complaint: '路灯坏了', ratings: { ...ratings } })).toBe(a);
    expect(fp({ ratings, complaint: '路灯坏了。' })).not.toBe(a);
    expect(fp({ ratings: { ...ratings, solved: 'satisfied' }, complaint: '路灯坏了' })).not.toBe(a);
    expect(fp({ ratings, complaint: undefined })).not.toBe(a);
    expect(fp({ ratings, complaint: '路灯坏了', unitId: 'u-xicun' })).not.toBe(a);
    expect(fp({ ratings, complaint: '路灯坏了', phone: '13800001234', consent: true })).not.toBe(a);
    expect(fp({ ratings, complaint: '路灯坏了', photoKey: 'evidence/t/K/photo.jpg' })).not.toBe(a);
    // Keyed: without the pepper, a number cannot be found by trying every one.
    expect(wholeFingerprintOf('another pepper', { ratings, complaint: '路灯坏了' })).not.toBe(a);
  });
});
