import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

export const UnitTally = z.object({
  unitId: z.string(),
  problems: z.number().int(),
  bySource: z.record(z.string(), z.number().int()),
  updatedAt: z.string(),
});

export const listUnitTalliesRoute = defineRoute({
  operationId: 'listUnitTallies',
  method: 'GET',
  path: '/assessment/units',
  summary: "Each unit's running tally of problems, by source",
  auth: 'staff',
  action: 'assessment.read',
  response: z.object({ items: z.array(UnitTally) }),
});

export const routes = [listUnitTalliesRoute] as const;
