import { ConflictError, ForbiddenError, type Text, ValidationError } from '@zuofeng/core';
import { cancellationCodes } from '@zuofeng/ddb';

/** A 400 that names its field. */
export const bad = (field: string, reason: Text) => new ValidationError(reason, [{ field, reason }]);

/** A domain verdict as the error it means over HTTP. */
export function refuse(v: { status: 400 | 403 | 409; field: string; reason: Text }): Error {
  const issues = [{ field: v.field, reason: v.reason }];
  if (v.status === 403) return new ForbiddenError(v.reason, issues);
  if (v.status === 409) return new ConflictError(v.reason, issues);
  return new ValidationError(v.reason, issues);
}

/** Run a commit whose first item carries a condition; its failure becomes `conflict`. */
export async function conditional<T>(run: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') throw conflict();
    throw err;
  }
}
