import { type Text, type TextLocale, textIn } from './text';

/** One place that says what each domain error means over HTTP (see packages/http/src/problem.ts). */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `ratings.warmth`; empty for the whole body. */
  field: string;
  /** A human sentence, in the language the problem is answered in. */
  reason: string;
}

/** A field issue as a domain error is given it: its reason in one language, or in English and Chinese. */
export interface FieldIssueText {
  /** Dotted path of the field, e.g. `body.version`: never translated. */
  field: string;
  /** zh-CN on public routes; `bilingual(en, zh)` on staff routes. */
  reason: Text;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Each field and its reason, in English where the reason was given in both languages (as logs read it). */
  readonly issues: FieldIssue[];
  readonly #text: Text;
  readonly #issues: readonly FieldIssueText[];
  /** `message` (and each reason) is a plain string, or `bilingual(en, zh)`: `Error.message` stays English. */
  constructor(message: Text, issues: readonly FieldIssueText[] = []) {
    super(textIn(message, 'en'));
    this.name = new.target.name;
    this.#text = message;
    this.#issues = issues;
    this.issues = issues.map((i) => ({ field: i.field, reason: textIn(i.reason, 'en') }));
  }

  /** The sentence and each reason as a reader of `locale` sees them (zh-CN: Chinese where given in both). */
  localized(locale: TextLocale): { detail: string; issues: FieldIssue[] } {
    return {
      detail: textIn(this.#text, locale),
      issues: this.#issues.map((i) => ({ field: i.field, reason: textIn(i.reason, locale) })),
    };
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
