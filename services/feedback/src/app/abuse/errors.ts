import { DomainError, type FieldIssue } from '@zuofeng/core';

/**
 * The proof of work is missing, forged, expired, meant for another form, or already used. A 400: the public
 * form reads `code` (in the problem's `type`) to fetch a fresh challenge and try again.
 */
export class ChallengeError extends DomainError {
  readonly status = 400;
  constructor(
    readonly code: 'challenge_invalid' | 'challenge_expired' | 'challenge_used',
    message: string,
    reason: string,
  ) {
    super(message, [{ field: 'body.altcha', reason }]);
  }
}

/**
 * The simple page's ticket (ticket.ts) is missing, forged, meant for another form, expired or already used.
 * A 400: the simple page shows the form again, the resident's answers kept, with a fresh ticket.
 */
export class TicketError extends DomainError {
  readonly status = 400;
  constructor(
    readonly code: 'ticket_invalid' | 'ticket_expired' | 'ticket_used',
    message: string,
    reason: string,
    /** When the ticket was ours and only expired: when its page was shown (epoch ms, signed). */
    readonly expiredIssuedAt?: number,
  ) {
    super(message, [{ field: 'body.ticket', reason }]);
  }
}

/**
 * Over a rate limit: a 429, whose title already says "提交太频繁，请稍后再试". `retryAfterSeconds` (when the
 * window ends) becomes its `Retry-After` header (packages/http problem.ts).
 */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    issues: FieldIssue[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message, issues);
  }
}

/** The same Idempotency-Key was sent with different content. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
  constructor(
    message: string,
    issues: FieldIssue[] = [],
    /**
     * The first answer's receipt code, for the simple page only: there the key is the page's own ticket, so
     * whoever sends it is the one who got that answer. Never part of the problem a client sees.
     */
    readonly firstReceiptCode?: string,
  ) {
    super(message, issues);
  }
}
