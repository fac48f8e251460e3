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

  /** The reason for one field (`name`, `admin.username`, `aspects.0.name`…), if the server named it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.reason;
  }
}

/** The network did not answer at all. */
export class NetworkError extends Error {
  constructor() {
    super('network');
    this.name = 'NetworkError';
  }
}
