import { tenantPk } from '@zuofeng/ddb';

/** A user id as one key segment: keys split on `#`, and an OIDC subject may hold any character. */
const segment = (id: string) => encodeURIComponent(id);

export const disciplineKeys = {
  reports: (t: string) => tenantPk(t, 'REPORT'),
  report: (t: string, reportId: string) => ({ pk: tenantPk(t, 'REPORT'), sk: reportId }),
  /** GSI1: the reports of one status (the office's queue reads the open ones). */
  reportsByStatus: (t: string, status: 'open' | 'concluded') => tenantPk(t, 'REPORT', status),
  /**
   * The sealed side: a partition of its own, apart from the reports, holding ciphertext only. Nothing that
   * lists reports reads it; only opening a reporter does.
   */
  sealedReporter: (t: string, reportId: string) => ({
    pk: tenantPk(t, 'SEALED'),
    sk: `REPORTER#${reportId}`,
  }),
  /** The access log of the sealed side: one item per opening, who, when and why. */
  opening: (t: string, reportId: string, openingId: string) => ({
    pk: tenantPk(t, 'SEALED', 'OPENINGS'),
    sk: `${reportId}#${openingId}`,
  }),
  clarifications: (t: string) => tenantPk(t, 'CLARIFICATION'),
  clarification: (t: string, id: string) => ({ pk: tenantPk(t, 'CLARIFICATION'), sk: id }),
  tolerances: (t: string) => tenantPk(t, 'TOLERANCE'),
  tolerance: (t: string, id: string) => ({ pk: tenantPk(t, 'TOLERANCE'), sk: id }),
  /** GSI1: one applicant's applications. */
  tolerancesOf: (t: string, userId: string) => tenantPk(t, 'TOLERANCE', 'BY', segment(userId)),
  /**
   * One item per problem with its latest application's status: it refuses a second open application, and
   * an `approved` one is the mark that keeps the problem out of negative scoring.
   */
  toleranceOfProblem: (t: string, problemId: string) => ({
    pk: tenantPk(t, 'TOLERANCE', 'PROBLEM'),
    sk: problemId,
  }),
  accountability: (t: string) => tenantPk(t, 'ACCOUNTABILITY'),
  accountabilityRecord: (t: string, recordId: string) => ({
    pk: tenantPk(t, 'ACCOUNTABILITY'),
    sk: recordId,
  }),
};

/** Strip the table's keys and type marker. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, kind: _e, ...rest } = item;
  return rest;
}
