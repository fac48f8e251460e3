import { ulid } from 'ulid';
import { ABUSE_DEFAULTS, BASIC_TICKET } from '../src/app/abuse/config';
import { TicketError } from '../src/app/abuse/errors';
import { deriveSecret } from '../src/app/abuse/secrets';
import { issueTicket, readTicket, ticketKey, verifyTicket } from '../src/app/abuse/ticket';

/** The simple page's ticket (app/abuse/ticket.ts): the pure part. Its use in the guard: basic-http.test.ts. */

const SECRET = 'form-link-secret-form-link-secret';
const KEY = ticketKey(SECRET);
const form = { tenantId: 'twp-qingshan', linkId: ulid() };
const NOW = new Date('2026-03-02T08:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const TTL = BASIC_TICKET.ttlSeconds;

function refusal(fn: () => unknown): TicketError {
  try {
    fn();
  } catch (err) {
    return err as TicketError;
  }
  throw new Error('expected a refusal');
}

/** Re-encode a ticket's claims with something changed, keeping the old MAC: what a forger can do. */
function tampered(ticket: string, change: Record<string, unknown>): string {
  const [v, body, mac] = ticket.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  return `${v}.${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${mac}`;
}

describe('the simple page ticket', () => {
  it('is signed with a key of its own, derived from the form-link secret', () => {
    expect(KEY).toBe(deriveSecret(SECRET, 'basic-ticket'));
    expect(KEY).not.toBe(deriveSecret(SECRET, 'altcha'));
    expect(KEY).not.toBe(deriveSecret(SECRET, 'client-address'));
  });

  it('carries the form, when it was issued, its expiry and a random nonce, and verifies for that form', () => {
    const { ticket, claims } = issueTicket(KEY, form, NOW, { ttlSeconds: TTL });

    expect(ticket).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(ticket.length).toBeLessThan(300);
    expect(claims).toEqual({
      ...form,
      issuedAt: NOW.getTime(),
      expiresAt: NOW.getTime() / 1000 + TTL,
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(verifyTicket(KEY, ticket, form, later(60_000))).toEqual({
      nonce: claims.nonce,
      issuedAt: claims.issuedAt,
      expiresAt: claims.expiresAt,
    });
    expect(issueTicket(KEY, form, NOW, { ttlSeconds: TTL }).claims.nonce).not.toBe(claims.nonce);
  });

  it('may be dated back to when a page was first shown, never forward', () => {
    const back = issueTicket(KEY, form, NOW, { ttlSeconds: TTL, issuedAt: NOW.getTime() - 90_000 });
    const ahead = issueTicket(KEY, form, NOW, { ttlSeconds: TTL, issuedAt: NOW.getTime() + 90_000 });

    expect(back.claims.issuedAt).toBe(NOW.getTime() - 90_000);
    expect(back.claims.expiresAt).toBe(NOW.getTime() / 1000 + TTL);
    expect(ahead.claims.issuedAt).toBe(NOW.getTime());
  });

  it('lives no longer than the idempotency record, so a page posted again always finds its first answer', () => {
    expect(TTL).toBeLessThanOrEqual(ABUSE_DEFAULTS.idempotencyTtlSeconds);
  });

  it('refuses a changed claim, another key, garbage and an oversized ticket as invalid, in zh-CN', () => {
    const { ticket } = issueTicket(KEY, form, NOW, { ttlSeconds: TTL });
    const forged = [
      tampered(ticket, { i: NOW.getTime() - 3_600_000 }),
      tampered(ticket, { e: NOW.getTime() / 1000 + 10 * TTL }),
      tampered(ticket, { l: ulid() }),
      issueTicket(ticketKey('another-secret-another-secret'), form, NOW, { ttlSeconds: TTL }).ticket,
      issueTicket(deriveSecret(SECRET, 'altcha'), form, NOW, { ttlSeconds: TTL }).ticket,
      `v2.${ticket.slice(3)}`,
      ticket.slice(0, -1),
      '',
      'v1..',
      'x'.repeat(5000),
    ];

    for (const t of forged) {
      const err = refusal(() => verifyTicket(KEY, t, form, later(1000)));
      expect(err).toBeInstanceOf(TicketError);
      expect(err.code).toBe('ticket_invalid');
      expect(err.status).toBe(400);
      expect(err.message).toMatch(/[\u4e00-\u9fff]/);
      expect(err.issues).toEqual([
        { field: 'body.ticket', reason: expect.stringMatching(/[\u4e00-\u9fff]/) },
      ]);
      expect(readTicket(KEY, t)).toBeUndefined();
    }
  });

  it('refuses a ticket of another link or township, though it is ours', () => {
    const { ticket } = issueTicket(KEY, form, NOW, { ttlSeconds: TTL });

    const otherLink = refusal(() => verifyTicket(KEY, ticket, { ...form, linkId: ulid() }, NOW));
    const otherTownship = refusal(() => verifyTicket(KEY, ticket, { ...form, tenantId: 'twp-baishui' }, NOW));

    expect(otherLink.code).toBe('ticket_invalid');
    expect(otherLink.message).toMatch(/不属于/);
    expect(otherTownship.code).toBe('ticket_invalid');
  });

  it('refuses an expired ticket as expired, and says when its page was shown', () => {
    const { ticket, claims } = issueTicket(KEY, form, NOW, { ttlSeconds: 600 });

    expect(() => verifyTicket(KEY, ticket, form, later(599_000))).not.toThrow();
    const err = refusal(() => verifyTicket(KEY, ticket, form, later(600_000)));

    expect(err.code).toBe('ticket_expired');
    expect(err.message).toMatch(/过期/);
    expect(err.expiredIssuedAt).toBe(claims.issuedAt);
  });
});
