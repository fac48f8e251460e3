import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

/** A unit's residents' judgement, from the satisfaction figures (domain/satisfaction.ts). */
export const UnitSatisfaction = z.object({
  feedbacks: z.number().int(),
  /** Share of answers rated 基本满意 or better, 0–100 with one decimal; null before any answer. */
  index: z.number().nullable(),
  /** The same per question (warmth, solved, happiness). */
  questions: z.record(z.string(), z.object({ answers: z.number().int(), index: z.number().nullable() })),
});

export const UnitTally = z.object({
  unitId: z.string(),
  problems: z.number().int(),
  bySource: z.record(z.string(), z.number().int()),
  satisfaction: UnitSatisfaction,
  updatedAt: z.string().optional(),
});

export const listUnitTalliesRoute = defineRoute({
  operationId: 'listUnitTallies',
  method: 'GET',
  path: '/assessment/units',
  summary: "Each unit's running tally of problems, by source, and its residents' satisfaction figures",
  auth: 'staff',
  action: 'assessment.read',
  response: z.object({ items: z.array(UnitTally) }),
});

export const routes = [listUnitTalliesRoute] as const;
