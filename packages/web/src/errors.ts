import { isMessageKey, type MessageKey } from './i18n';

/**
 * The API's failures as errors. Apart from api.ts (which reads Vite's `import.meta`), so that plain modules and
 * their unit tests can use them.
 */
export interface FieldIssue {
  field: string;
  reason: string;
}

/**
 * The API names fields by where they were sent (`body.admin.username`, `path.applicationId`); forms name them
 * by the body's own shape (`admin.username`).
 */
export const formField = (field: string): string => field.replace(/^(body|path|params|query)\./, '');

/**
 * Does the issue of `field` (as ApiError keeps it: `reason`, `admin.username`, `aspects.0.name`) belong to the
 * form field named `name`? Its whole path, or its last segments: `reason` takes `reason`, `username` takes
 * `admin.username`. A name may keep the API's location (`body.reason`): it is read without it.
 */
export function issueMatches(field: string, name: string): boolean {
  const n = formField(name);
  return n !== '' && (field === n || field.endsWith(`.${n}`));
}

/**
 * Which of a form's fields each issue goes to: the field of its own name, else the one whose name its path
 * ends with, the longest name first (with fields `name` and `admin.name`, `admin.name` goes to the second).
 * `rest` are the issues no field takes, in their order; `byField` the reasons of each field that took some.
 */
export function assignIssues(
  issues: readonly FieldIssue[],
  names: readonly string[],
): { byField: Map<string, string[]>; rest: FieldIssue[] } {
  const byField = new Map<string, string[]>();
  const rest: FieldIssue[] = [];
  const longestFirst = [...new Set(names)].sort((a, b) => formField(b).length - formField(a).length);
  for (const issue of issues) {
    const name = longestFirst.find((n) => issueMatches(issue.field, n));
    if (name === undefined) rest.push(issue);
    else byField.set(name, [...(byField.get(name) ?? []), issue.reason]);
  }
  return { byField, rest };
}

/**
 * The key of the label a field's issue is shown with when no field of the form takes it: `field.<path>`,
 * else `field.<its last name>` (`aspects.0.name` → `field.name`), else none.
 */
export function fieldLabelKey(field: string): MessageKey | undefined {
  const path = formField(field);
  const last = path
    .split('.')
    .filter((x) => x && !/^\d+$/.test(x))
    .pop();
  return [`field.${path}`, `field.${last}`].find(isMessageKey);
}

/** An RFC 9457 problem-details answer (or anything else that was not 2xx), as one error. */
export class ApiError extends Error {
  readonly errors: FieldIssue[];
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    errors: FieldIssue[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.errors = errors.map((e) => ({ field: formField(e.field), reason: e.reason }));
  }

  /** A 409 about a stale version: someone else saved first, and only a reload helps. */
  get stale(): boolean {
    return (
      this.status === 409 &&
      (this.errors.length === 0 || this.errors.some((e) => /(^|\.)version$/.test(e.field)))
    );
  }

  /**
   * The reason for one field (`name`, `admin.username`, `aspects.0.name`…), if the server named it: by its
   * whole path, with or without the API's location (`body.reason` and `reason` are the same field).
   */
  fieldError(field: string): string | undefined {
    const name = formField(field);
    return this.errors.find((e) => e.field === name)?.reason;
  }
}

/** The network did not answer at all. */
export class NetworkError extends Error {
  constructor() {
    super('network');
    this.name = 'NetworkError';
  }
}
