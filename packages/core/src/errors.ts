/** One place that says what each domain error means over HTTP (see packages/http/src/problem.ts). */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `ratings.warmth`; empty for the whole body. */
  field: string;
  /** A human sentence: zh-CN on public routes, English on staff routes. */
  reason: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'validation_failed';
}
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
}
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
}
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}
/** A link that was revoked or expired: the resource existed and is gone. */
export class GoneError extends DomainError {
  readonly status = 410;
  readonly code = 'gone';
}
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** A key was about to be built without a tenant: a programming error that must never reach the table. */
export class MissingTenantError extends Error {
  constructor(what: string) {
    super(`refusing to build a key for ${what} without a valid tenant id`);
    this.name = 'MissingTenantError';
  }
}
