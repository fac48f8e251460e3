import { DomainError } from '@zuofeng/core';

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

/** Over a rate limit: a 429, whose title already says "提交太频繁，请稍后再试". */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
}

/** The same Idempotency-Key was sent with different content. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
}
