import { ulid } from 'ulid';
import { signFormLink, verifyFormLink } from '../src/domain/form-link';
import { newReceiptCode, normaliseReceiptCode } from '../src/domain/receipt-code';

const SECRET = 'test-secret-test-secret-test-secret';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('form links', () => {
  const ref = { tenantId: 'twp-qingshan', linkId: ulid() };

  it('verifies what it signed, and names the tenant and link', () => {
    // Act
    const token = signFormLink(SECRET, ref);

    // Assess
    expect(token.startsWith(`twp-qingshan.${ref.linkId}.`)).toBe(true);
    expect(verifyFormLink(SECRET, token)).toEqual(ref);
  });

  it('refuses a tampered signature', () => {
    // Prepare
    const token = signFormLink(SECRET, ref);
    const sig = token.split('.')[2]!;
    const flipped = `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;

    // Act / Assess
    expect(verifyFormLink(SECRET, `twp-qingshan.${ref.linkId}.${flipped}`)).toBeUndefined();
    expect(verifyFormLink(SECRET, `twp-qingshan.${ref.linkId}.${sig.slice(0, -1)}`)).toBeUndefined();
    expect(verifyFormLink(SECRET, `twp-qingshan.${ref.linkId}.`)).toBeUndefined();
  });

  it("refuses a token whose tenant was swapped for another's", () => {
    const [, linkId, sig] = signFormLink(SECRET, ref).split('.');

    expect(verifyFormLink(SECRET, `twp-baishui.${linkId}.${sig}`)).toBeUndefined();
  });

  it('refuses a token whose link id was swapped', () => {
    const [tenant, , sig] = signFormLink(SECRET, ref).split('.');

    expect(verifyFormLink(SECRET, `${tenant}.${ulid()}.${sig}`)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const token = signFormLink('another-secret-another-secret', ref);

    expect(verifyFormLink(SECRET, token)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['one part', 'twp-qingshan'],
    ['two parts', `twp-qingshan.${ref.linkId}`],
    ['four parts', `twp-qingshan.${ref.linkId}.sig.extra`],
    ['an upper-case tenant', `TWP.${ref.linkId}.sig`],
    ['a lower-case link id', `twp-qingshan.${ref.linkId.toLowerCase()}.sig`],
    ['a short link id', 'twp-qingshan.01ABC.sig'],
  ])('refuses a malformed token (%s)', (_name, token) => {
    expect(verifyFormLink(SECRET, token)).toBeUndefined();
  });

  it('refuses a well-formed token with a forged tenant even when the signature is valid-looking', () => {
    // Prepare: the signature of the right length, from the real token of another link.
    const forged = `twp-baishui.${ref.linkId}.${signFormLink(SECRET, { tenantId: 'twp-qingshan', linkId: ulid() }).split('.')[2]}`;

    expect(verifyFormLink(SECRET, forged)).toBeUndefined();
  });
});

describe('newReceiptCode', () => {
  it('is four groups of four Crockford symbols', () => {
    expect(newReceiptCode()).toMatch(CODE);
  });

  it('uses ten random bytes, read as 80 bits', () => {
    // Prepare
    const asked: number[] = [];
    const fixed = (fill: number) => (n: number) => {
      asked.push(n);
      return Buffer.alloc(n, fill);
    };

    // Act / Assess
    expect(newReceiptCode(fixed(0))).toBe('0000-0000-0000-0000');
    expect(newReceiptCode(fixed(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(asked).toEqual([10, 10]);
    // 0x01 repeated: the lowest five bits are 00001, the next 00000, ...
    expect(newReceiptCode(() => Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('0000-0000-0000-0001');
    expect(newReceiptCode(() => Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 32]))).toBe('0000-0000-0000-0010');
  });

  it('makes 1000 distinct codes, none with I, L, O or U', () => {
    const codes = Array.from({ length: 1000 }, () => newReceiptCode());

    expect(new Set(codes).size).toBe(1000);
    for (const c of codes) {
      expect(c).toMatch(CODE);
      expect(c).not.toMatch(/[ILOU]/);
    }
  });
});

describe('normaliseReceiptCode', () => {
  it('returns a generated code unchanged', () => {
    const code = newReceiptCode();

    expect(normaliseReceiptCode(code)).toBe(code);
  });

  it.each([
    ['lower case', 'abcd-efgh-jkmn-pqrs', 'ABCD-EFGH-JKMN-PQRS'],
    ['spaces instead of dashes', 'ABCD EFGH JKMN PQRS', 'ABCD-EFGH-JKMN-PQRS'],
    ['no separators', 'abcdefghjkmnpqrs', 'ABCD-EFGH-JKMN-PQRS'],
    ['surrounding spaces', '  ABCD-EFGH-JKMN-PQRS \n', 'ABCD-EFGH-JKMN-PQRS'],
    ['O typed for zero', 'OOOO-0000-oooo-0000', '0000-0000-0000-0000'],
    ['I and L typed for one', 'IIII-LLLL-iiii-llll', '1111-1111-1111-1111'],
  ])('accepts %s', (_name, input, expected) => {
    expect(normaliseReceiptCode(input)).toBe(expected);
  });

  it.each([
    ['too short', 'ABCD-EFGH-JKMN-PQR'],
    ['too long', 'ABCD-EFGH-JKMN-PQRST'],
    ['empty', ''],
    ['a U, outside the alphabet', 'UUUU-0000-0000-0000'],
    ['punctuation', 'ABCD.EFGH.JKMN.PQRS'],
    ['full-width digits', '０１２３-4567-89AB-CDEF'],
  ])('refuses a code that is %s', (_name, input) => {
    expect(normaliseReceiptCode(input)).toBeUndefined();
  });
});
