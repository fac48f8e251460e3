import type { FieldIssue } from '@zuofeng/core';
import { FeedbackContent } from '../../contract';
import type { BasicFormBody } from '../../contract-basic';
import { QUESTIONS } from '../../domain/questions';

/** The simple form's fields, in the order the page shows them (and its error summary lists them). */
export const FIELDS = ['unitId', 'warmth', 'solved', 'happiness', 'complaint', 'phone', 'consent'] as const;
export type Field = (typeof FIELDS)[number];
export type QuestionId = (typeof QUESTIONS)[number]['id'];

/** What the resident sent, as they sent it: what the form shows again when something needs fixing. */
export interface Answers {
  ratings: Partial<Record<QuestionId, string>>;
  complaint: string;
  unitId: string;
  phone: string;
  consent: boolean;
}

export type FieldErrors = Partial<Record<Field, string>>;

export const EMPTY_ANSWERS: Answers = { ratings: {}, complaint: '', unitId: '', phone: '', consent: false };

export function readAnswers(body: BasicFormBody): Answers {
  return {
    ratings: Object.fromEntries(QUESTIONS.flatMap((q) => (body[q.id] ? [[q.id, body[q.id]]] : []))),
    // A browser sends a textarea's line breaks as CR LF, and counts them as one character against maxlength.
    complaint: (body.complaint ?? '').replace(/\r\n?/g, '\n'),
    unitId: body.unitId ?? '',
    phone: body.phone ?? '',
    consent: body.consent === 'yes',
  };
}

/** A field of the content schema (`ratings.warmth`, `body.unitId`) → the simple form's field. */
export function fieldOf(path: string): Field | undefined {
  const last = path.split('.').at(-1) ?? '';
  return (FIELDS as readonly string[]).includes(last) ? (last as Field) : undefined;
}

/** Issues of a domain error (or of zod) as the form's per-field messages; the first message of a field wins. */
export function fieldErrorsOf(issues: readonly FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const f = fieldOf(i.field);
    if (f && !out[f]) out[f] = QUESTIONS.some((q) => q.id === f) ? '请选择一项' : i.reason;
  }
  return out;
}

/**
 * Check the answers with the JSON route's own schema (contract.ts `FeedbackContent`): the same rules and the
 * same zh-CN messages. For a township-wide link, the unit must be one of those offered.
 */
export function checkAnswers(
  a: Answers,
  units: readonly { unitId: string }[],
): { content: FeedbackContent } | { errors: FieldErrors } {
  const parsed = FeedbackContent.safeParse({
    ratings: a.ratings,
    complaint: a.complaint,
    ...(a.unitId ? { unitId: a.unitId } : {}),
    ...(a.phone.trim() ? { phone: a.phone } : {}),
    ...(a.consent ? { consent: true } : {}),
  });
  const errors = parsed.success
    ? {}
    : fieldErrorsOf(parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
  if (!parsed.success && !errors.consent && a.phone.trim()) {
    // The schema's rule across fields (a number needs consent) only runs once every field passes: ask it on
    // its own too, so that the page lists every mistake at once rather than one more after the next try.
    const alone = FeedbackContent.safeParse({
      ratings: { warmth: 'satisfied', solved: 'satisfied', happiness: 'satisfied' },
      phone: a.phone,
      ...(a.consent ? { consent: true } : {}),
    });
    const consent = alone.success ? undefined : alone.error.issues.find((i) => i.path[0] === 'consent');
    if (consent) errors.consent = consent.message;
  }
  if (units.length && !units.some((u) => u.unitId === a.unitId)) {
    errors.unitId = a.unitId ? '没有这个村或单位，请重新选择' : '请选择您要评价的村或单位';
  }
  if (parsed.success && !Object.keys(errors).length) return { content: parsed.data };
  return { errors };
}
