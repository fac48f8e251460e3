import { zodMessage as say } from '@zuofeng/core';
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
  /** A resident's photo with the complaint (public problems), in the evidence store: GET /evidence/url. */
  photoKey: z.string().optional(),
  aspectId: z.string().optional(),
  severity: z.enum(['low', 'medium', 'high']).optional(),
  causes: z.array(z.string()).optional(),
  directions: z.array(z.string()).optional(),
  responsibleLeaderId: z.string().optional(),
  overdue: z.boolean().optional(),
  recurred: z.boolean().optional(),
  recurrenceOf: z.string().optional(),
  version: z.number().int().optional(),
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
    source: ProblemSource.optional(),
    state: ProblemState.optional(),
    aspectId: z.string().max(60).optional(),
    unitId: z.string().max(80).optional(),
    personId: z.string().max(80).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    recurrence: z.enum(['true', 'false']).optional(),
  }),
  response: z.object({ items: z.array(ProblemView), nextCursor: z.string().optional() }),
});

const ProblemIdText = z
  .string()
  .regex(/^[0-9A-Z]{26}$/, say('a problem id is a 26-character ULID', '问题编号格式不对'));

export const getProblemRoute = defineRoute({
  operationId: 'getProblem',
  method: 'GET',
  path: '/problems/{problemId}',
  summary: 'One problem',
  auth: 'staff',
  action: 'problems.read',
  params: z.object({ problemId: ProblemIdText }),
  response: ProblemView,
});

// ── the ledger (整改台账) ──────────────────────────────────────────────────────────────────────────────
const ProblemId = z.object({ problemId: ProblemIdText });
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, say('a day as YYYY-MM-DD', '日期格式应为 YYYY-MM-DD，例如 2026-12-31'));
const Lines = z.array(z.string().trim().min(1).max(500)).max(20);

export const raiseProblemRoute = defineRoute({
  operationId: 'raiseProblem',
  method: 'POST',
  path: '/problems',
  summary: 'Raise a problem: 自己查 (self), 上级点 (superior), 同级找 (peer) or 督查发现 (inspection)',
  auth: 'staff',
  action: 'problems.raise',
  body: z.object({
    source: z.enum(['self', 'superior', 'peer', 'inspection']),
    aspectId: z.string().min(1).max(60),
    unitId: z.string().min(1).max(80).optional(),
    personId: z.string().min(1).max(80).optional(),
    description: z.string().trim().min(4, say('describe the problem', '请描述问题（至少 4 个字）')).max(2000),
    causes: Lines.default([]),
    directions: Lines.default([]),
    severity: z.enum(['low', 'medium', 'high']).default('medium'),
  }),
  successStatus: 201,
  response: ProblemView.extend({ version: z.number().int(), aspectId: z.string().optional() }),
});

export const problemDetailRoute = defineRoute({
  operationId: 'getProblemLedger',
  method: 'GET',
  path: '/problems/{problemId}/ledger',
  summary: 'A problem with its measures, progress updates, evidence and timeline',
  auth: 'staff',
  action: 'problems.read',
  params: ProblemId,
  response: z.object({
    problem: z.record(z.string(), z.unknown()),
    measures: z.array(z.record(z.string(), z.unknown())),
    updates: z.array(z.record(z.string(), z.unknown())),
    timeline: z.array(z.record(z.string(), z.unknown())),
  }),
});

export const addMeasureRoute = defineRoute({
  operationId: 'addMeasure',
  method: 'POST',
  path: '/problems/{problemId}/measures',
  summary: 'Add a measure (整改措施) with its owner and deadline',
  auth: 'staff',
  action: 'problems.rectify',
  params: ProblemId,
  body: z.object({
    text: z.string().trim().min(2).max(1000),
    ownerId: z.string().min(1).max(80),
    dueOn: Day,
    version: z.number().int(),
  }),
  successStatus: 201,
  response: z.object({
    measureId: z.string(),
    text: z.string(),
    ownerId: z.string(),
    dueOn: z.string(),
    status: z.string(),
    version: z.number().int(),
  }),
});

export const addProgressRoute = defineRoute({
  operationId: 'addProgress',
  method: 'POST',
  path: '/problems/{problemId}/measures/{measureId}/updates',
  summary: 'Report progress on a measure, with evidence uploaded beforehand',
  auth: 'staff',
  action: 'problems.rectify',
  params: ProblemId.extend({
    measureId: z.string().regex(/^[0-9a-z]{26}$/, say('a measure id', '整改措施编号格式不对')),
  }),
  body: z.object({
    text: z.string().trim().min(2).max(2000),
    evidence: z
      .array(
        z.object({
          key: z.string().min(1).max(300),
          name: z.string().min(1).max(200),
          contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
          size: z
            .number()
            .int()
            .min(1)
            .max(10 * 1024 * 1024),
        }),
      )
      .max(10)
      .default([]),
    done: z.boolean().default(false),
    version: z.number().int(),
  }),
  successStatus: 201,
  response: z.object({ updateId: z.string(), measureId: z.string(), version: z.number().int() }),
});

export const transitionRoute = defineRoute({
  operationId: 'transitionProblem',
  method: 'POST',
  path: '/problems/{problemId}/transitions',
  summary:
    'Move a problem: accept (立项), start, submit (申请销号), signOff (销号), reject (退回), resume, reopen',
  auth: 'staff',
  action: 'problems.rectify',
  params: ProblemId,
  body: z.object({
    action: z.enum(['accept', 'start', 'submit', 'signOff', 'reject', 'resume', 'reopen']),
    reason: z.string().trim().max(1000).optional(),
    version: z.number().int(),
  }),
  response: z.object({ problemId: z.string(), state: ProblemState, version: z.number().int() }),
});

export const ledgerRoutes = [
  raiseProblemRoute,
  problemDetailRoute,
  addMeasureRoute,
  addProgressRoute,
  transitionRoute,
] as const;

// ── evidence ────────────────────────────────────────────────────────────────────────────────────────────
export const createUploadRoute = defineRoute({
  operationId: 'createEvidenceUpload',
  method: 'POST',
  path: '/evidence/uploads',
  summary:
    'A short-lived URL to upload one evidence file (photo or PDF, at most 10 MB) straight to the store',
  auth: 'staff',
  action: 'problems.rectify',
  body: z.object({
    name: z.string().trim().min(1).max(200),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf'], {
      error: say('only JPEG, PNG, WebP photos or PDF documents', '只能上传照片（JPG、PNG、WebP）或 PDF 文件'),
    }),
    size: z
      .number()
      .int()
      .min(1)
      .max(10 * 1024 * 1024, say('at most 10 MB', '文件太大（不超过 10 MB）')),
  }),
  successStatus: 201,
  response: z.object({
    key: z.string(),
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
  }),
});

export const evidenceUrlRoute = defineRoute({
  operationId: 'getEvidenceUrl',
  method: 'GET',
  path: '/evidence',
  summary: 'A short-lived URL to read one evidence file of the township',
  auth: 'staff',
  action: 'problems.read',
  query: z.object({ key: z.string().min(10).max(400) }),
  response: z.object({ url: z.string() }),
});

export const exportRoute = defineRoute({
  operationId: 'exportLedger',
  method: 'GET',
  path: '/exports/ledger.xlsx',
  summary: 'The 整改台账 (scope=ledger) or a 问题清单 of one unit or person, as XLSX with Chinese headers',
  auth: 'staff',
  action: 'problems.read',
  query: z
    .object({
      scope: z.enum(['ledger', 'unit', 'person']).default('ledger'),
      id: z.string().max(80).optional(),
    })
    .refine((q) => q.scope === 'ledger' || !!q.id, {
      message: say('a unit or person export needs its id', '导出单位或人员的问题清单，请选择单位或人员'),
      path: ['id'],
    }),
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  response: z.unknown(),
});

export const routes = [
  listProblemsRoute,
  getProblemRoute,
  ...ledgerRoutes,
  createUploadRoute,
  evidenceUrlRoute,
  exportRoute,
] as const;
