import { tenantPk } from '@zuofeng/ddb';
import { monotonicFactory } from 'ulid';

/**
 * A timeline entry's id. Entries are read back in key order, so the ULID is monotonic: entries written in one
 * millisecond (the escalation sweep's steps of a measure, a sign-off and its event) keep the order they were
 * written in.
 */
export const newTimelineId = monotonicFactory();

export const intakeKeys = {
  /** The township's settings, owned by the tenancy service; intake only reads them. */
  settings: (tenantId: string) => ({ pk: tenantPk(tenantId), sk: 'SETTINGS' }),
  problemPartition: (tenantId: string) => tenantPk(tenantId, 'PROB'),
  problem: (tenantId: string, problemId: string) => ({
    pk: tenantPk(tenantId, 'PROB'),
    sk: `PROB#${problemId}`,
  }),
  /** A problem's ledger: measures (M#), progress updates (U#) and its timeline (L#). */
  ledger: (tenantId: string, problemId: string) => tenantPk(tenantId, 'PROB', problemId),
  measure: (tenantId: string, problemId: string, measureId: string) => ({
    pk: tenantPk(tenantId, 'PROB', problemId),
    sk: `M#${measureId}`,
  }),
  update: (tenantId: string, problemId: string, updateId: string) => ({
    pk: tenantPk(tenantId, 'PROB', problemId),
    sk: `U#${updateId}`,
  }),
  timeline: (tenantId: string, problemId: string, entryId: string) => ({
    pk: tenantPk(tenantId, 'PROB', problemId),
    sk: `L#${entryId}`,
  }),
  /** GSI1: a unit's problems. */
  byUnit: (tenantId: string, unitId: string, problemId: string) => ({
    gsi1pk: tenantPk(tenantId, 'UNIT', unitId, 'PROB'),
    gsi1sk: problemId,
  }),
};
