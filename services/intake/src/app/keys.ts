import { tenantPk } from '@zuofeng/ddb';

export const intakeKeys = {
  problemPartition: (tenantId: string) => tenantPk(tenantId, 'PROB'),
  problem: (tenantId: string, problemId: string) => ({
    pk: tenantPk(tenantId, 'PROB'),
    sk: `PROB#${problemId}`,
  }),
  /** GSI1: a unit's problems. */
  byUnit: (tenantId: string, unitId: string, problemId: string) => ({
    gsi1pk: tenantPk(tenantId, 'UNIT', unitId, 'PROB'),
    gsi1sk: problemId,
  }),
};
