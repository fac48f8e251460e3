import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

/** One township's counters. Aggregates only: no resident's data and no single record of the township. */
export const TownshipCounters = z.object({
  townshipId: z.string(),
  townshipName: z.string(),
  problems: z.number().int(),
  publicProblems: z.number().int(),
  feedbacks: z.number().int(),
  /** Share of the three ratings that were 基本满意 or better, 0–100, one decimal; null before any rating. */
  satisfactionIndex: z.number().nullable(),
  updatedAt: z.string(),
});

export const countyOverviewRoute = defineRoute({
  operationId: 'getCountyOverview',
  method: 'GET',
  path: '/county/overview',
  summary: "Every township of the caller's county side by side: one item per township",
  auth: 'staff',
  action: 'county.overview.read',
  response: z.object({ countyId: z.string(), townships: z.array(TownshipCounters) }),
});

export const routes = [countyOverviewRoute] as const;
