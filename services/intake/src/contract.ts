import { ProblemSource } from '@zuofeng/events';
import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

export const ProblemState = z.enum([
  'reported',
  'accepted',
  'rectifying',
  'submitted',
  'closed',
  'rejected',
  'reopened',
]);

export const ProblemView = z.object({
  problemId: z.string(),
  source: ProblemSource,
  state: ProblemState,
  unitId: z.string(),
  personId: z.string().optional(),
  title: z.string(),
  description: z.string(),
  reportedAt: z.string(),
  feedbackId: z.string().optional(),
});

export const listProblemsRoute = defineRoute({
  operationId: 'listProblems',
  method: 'GET',
  path: '/problems',
  summary: "The township's problem list (问题清单), newest first",
  auth: 'staff',
  action: 'problems.read',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
  }),
  response: z.object({ items: z.array(ProblemView), nextCursor: z.string().optional() }),
});

export const getProblemRoute = defineRoute({
  operationId: 'getProblem',
  method: 'GET',
  path: '/problems/{problemId}',
  summary: 'One problem',
  auth: 'staff',
  action: 'problems.read',
  params: z.object({ problemId: z.string().regex(/^[0-9A-Z]{26}$/, 'a problem id is a 26-character ULID') }),
  response: ProblemView,
});

export const routes = [listProblemsRoute, getProblemRoute] as const;
