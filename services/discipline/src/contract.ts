import { zodMessage as say } from '@zuofeng/core';
import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';
import { conclusionIssues } from './domain/report';

// ── shared shapes ────────────────────────────────────────────────────────────────────────────────────────
const Ulid = (what: string, zh: string) =>
  z.string().regex(/^[0-9A-Z]{26}$/, say(`${what} is a 26-character ULID`, `${zh}格式不对`));
const OrgId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,60}$/,
    say('lower-case letters, digits and dashes', '只能是小写字母、数字和横线'),
  );
/** Text of `min` to `max` characters; `hint` (English and Chinese) when it is too short. */
const Text = (min: number, max: number, hint: [en: string, zh: string]) =>
  z
    .string()
    .trim()
    .min(min, say(...hint))
    .max(max, say(`at most ${max} characters`, `不能超过 ${max} 字`));
const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

export const ReceivedVia = z.enum(['letter', 'visit', 'phone', 'online']);
export const Outcome = z.enum(['substantiated', 'unfounded', 'malicious']);
/** 四种形态: 1 谈话提醒/批评教育, 2 轻处分/组织调整, 3 重处分/重大职务调整, 4 立案审查. */
export const Disposition = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
  error: say('a disposition on the 四种形态 scale: 1, 2, 3 or 4', '请选择处理方式（四种形态：1、2、3 或 4）'),
});

/** A report as staff see it. It has no field for the reporter but `hasReporter`, by construction. */
export const ReportView = z.object({
  reportId: z.string(),
  unitId: z.string(),
  personId: z.string().optional(),
  aspectId: z.string().optional(),
  summary: z.string(),
  receivedVia: ReceivedVia,
  hasReporter: z.boolean(),
  status: z.enum(['open', 'concluded']),
  receivedAt: z.string(),
  conclusion: z
    .object({
      outcome: Outcome,
      disposition: Disposition.optional(),
      findings: z.string(),
      concludedAt: z.string(),
    })
    .optional(),
  problemId: z.string().optional(),
  clarificationId: z.string().optional(),
  version: z.number().int(),
});

export const ClarificationView = z.object({
  clarificationId: z.string(),
  reportId: z.string(),
  unitId: z.string(),
  personId: z.string().optional(),
  statement: z.string(),
  outcome: z.enum(['unfounded', 'malicious']),
  published: z.boolean(),
  createdAt: z.string(),
  publishedAt: z.string().optional(),
});

export const ToleranceView = z.object({
  toleranceId: z.string(),
  problemId: z.string(),
  applicantUserId: z.string(),
  applicantPersonId: z.string().optional(),
  subjectPersonId: z.string().optional(),
  justification: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  appliedAt: z.string(),
  decision: z
    .object({ approve: z.boolean(), reasons: z.string(), decidedAt: z.string(), decidedBy: z.string() })
    .optional(),
  version: z.number().int(),
});

export const AccountabilityView = z.object({
  recordId: z.string(),
  problemId: z.string(),
  earlierProblemId: z.string(),
  unitId: z.string(),
  subjectPersonId: z.string(),
  role: z.enum(['party', 'leader']),
  reason: z.enum(['same-subject-and-aspect', 'reopened']),
  createdAt: z.string(),
});

const ReportParams = z.object({ reportId: Ulid('a report id', '信访举报编号') });

// ── reports (信访举报) ─────────────────────────────────────────────────────────────────────────────────────
export const fileReportRoute = defineRoute({
  operationId: 'fileReport',
  method: 'POST',
  path: '/reports',
  summary:
    'Record a report against a cadre (信访举报). The reporter, if named, is sealed and stored apart: no response, event or notification carries them',
  auth: 'staff',
  action: 'reports.manage',
  body: z.object({
    unitId: OrgId,
    personId: OrgId.optional(),
    aspectId: z.string().min(1).max(60).optional(),
    summary: Text(4, 2000, ['summarise what is alleged', '请概括反映的问题（至少 4 个字）']),
    receivedVia: ReceivedVia,
    reporter: z
      .object({
        name: z.string().trim().max(60, say('at most 60 characters', '不能超过 60 字')).optional(),
        phone: z
          .string()
          .trim()
          .regex(
            /^[0-9+\-\s()]{5,20}$/,
            say(
              'a phone number: 5–20 digits, spaces, dashes or +',
              '电话号码格式不对：5–20 位数字，可含空格、横线或 +',
            ),
          )
          .optional(),
        contact: z.string().trim().max(200, say('at most 200 characters', '不能超过 200 字')).optional(),
      })
      .strict()
      .optional(),
  }),
  maxBodyBytes: 8192,
  successStatus: 201,
  response: ReportView,
});

export const listReportsRoute = defineRoute({
  operationId: 'listReports',
  method: 'GET',
  path: '/reports',
  summary: 'The reports received, newest first; never their reporters',
  auth: 'staff',
  action: 'reports.manage',
  query: page.extend({ status: z.enum(['open', 'concluded']).optional() }),
  response: z.object({ items: z.array(ReportView), nextCursor: z.string().optional() }),
});

export const getReportRoute = defineRoute({
  operationId: 'getReport',
  method: 'GET',
  path: '/reports/{reportId}',
  summary: 'One report, with its conclusion; never its reporter',
  auth: 'staff',
  action: 'reports.manage',
  params: ReportParams,
  response: ReportView,
});

export const openReporterRoute = defineRoute({
  operationId: 'openReporter',
  method: 'POST',
  path: '/reports/{reportId}/reporter/open',
  summary:
    'Open the sealed identity of a report’s reporter (discipline office only). Every opening is logged with its reason and audited',
  auth: 'staff',
  action: 'reports.open-identity',
  params: ReportParams,
  body: z.object({
    reason: Text(2, 500, ['say why the identity is needed', '请写明查看举报人身份的事由（至少 2 个字）']),
  }),
  response: z.object({
    reportId: z.string(),
    reporter: z.object({
      name: z.string().optional(),
      phone: z.string().optional(),
      contact: z.string().optional(),
    }),
    openedAt: z.string(),
  }),
});

export const concludeReportRoute = defineRoute({
  operationId: 'concludeReport',
  method: 'POST',
  path: '/reports/{reportId}/conclusion',
  summary:
    'Conclude a report (核查结论): substantiated with a disposition on the 四种形态 scale, unfounded, or malicious; an untrue report gets a clarification (澄清正名) that may be published',
  auth: 'staff',
  action: 'reports.manage',
  params: ReportParams,
  body: z
    .object({
      outcome: Outcome,
      disposition: Disposition.optional(),
      findings: Text(4, 4000, ['state the findings', '请填写核查情况（至少 4 个字）']),
      /** The clarification's words; the findings when omitted. */
      clarification: Text(4, 2000, [
        'state the clarification',
        '请填写澄清正名内容（至少 4 个字）',
      ]).optional(),
      publishClarification: z.boolean().default(false),
      /** The problem intake opened for the report, when it cannot be found by the report's id. */
      problemId: Ulid('a problem id', '问题编号').optional(),
    })
    .superRefine((b, ctx) => {
      for (const i of conclusionIssues(b))
        ctx.addIssue({ code: 'custom', path: [i.field], message: say(i.reason.en, i.reason.zh) });
    }),
  response: ReportView.extend({ clarification: ClarificationView.optional() }),
});

// ── clarifications (澄清正名) ──────────────────────────────────────────────────────────────────────────────
export const listClarificationsRoute = defineRoute({
  operationId: 'listClarifications',
  method: 'GET',
  path: '/clarifications',
  summary:
    'Clarifications (澄清正名): the published ones for everyone; the discipline office sees drafts too',
  auth: 'staff',
  action: 'clarifications.read',
  query: page,
  response: z.object({ items: z.array(ClarificationView), nextCursor: z.string().optional() }),
});

export const publishClarificationRoute = defineRoute({
  operationId: 'publishClarification',
  method: 'POST',
  path: '/clarifications/{clarificationId}/publish',
  summary: 'Publish a clarification to the whole township',
  auth: 'staff',
  action: 'reports.manage',
  params: z.object({ clarificationId: Ulid('a clarification id', '澄清正名编号') }),
  response: ClarificationView,
});

// ── error tolerance (容错纠错) ──────────────────────────────────────────────────────────────────────────────
export const applyToleranceRoute = defineRoute({
  operationId: 'applyForTolerance',
  method: 'POST',
  path: '/tolerance-applications',
  summary:
    'Apply for error tolerance (容错纠错) on a problem of one’s own (or of a unit one leads), with a justification',
  auth: 'staff',
  action: 'tolerance.apply',
  body: z.object({
    problemId: Ulid('a problem id', '问题编号'),
    justification: Text(10, 2000, [
      'justify the application in at least 10 characters',
      '请写明申请理由（至少 10 个字）',
    ]),
  }),
  successStatus: 201,
  response: ToleranceView,
});

export const listToleranceRoute = defineRoute({
  operationId: 'listToleranceApplications',
  method: 'GET',
  path: '/tolerance-applications',
  summary: 'Tolerance applications: all of them for the discipline office, one’s own for everyone else',
  auth: 'staff',
  action: 'tolerance.apply',
  query: page.extend({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
  response: z.object({ items: z.array(ToleranceView), nextCursor: z.string().optional() }),
});

export const decideToleranceRoute = defineRoute({
  operationId: 'decideTolerance',
  method: 'POST',
  path: '/tolerance-applications/{toleranceId}/decision',
  summary:
    'Approve or reject a tolerance application, with reasons; an approval keeps the problem out of negative scoring',
  auth: 'staff',
  action: 'tolerance.decide',
  params: z.object({ toleranceId: Ulid('an application id', '申请编号') }),
  body: z.object({
    approve: z.boolean({ error: say('true to approve, false to reject', '请选择同意或不同意') }),
    reasons: Text(2, 2000, ['give the reasons', '请写明理由（至少 2 个字）']),
  }),
  response: ToleranceView,
});

// ── accountability (一犯再犯) and the office's queue ──────────────────────────────────────────────────────
export const listAccountabilityRoute = defineRoute({
  operationId: 'listAccountability',
  method: 'GET',
  path: '/accountability',
  summary:
    'Accountability records of recurrences (一犯再犯): the party and the responsible leader of each, newest first',
  auth: 'staff',
  action: 'accountability.read',
  query: page.extend({ subjectPersonId: OrgId.optional() }),
  response: z.object({ items: z.array(AccountabilityView), nextCursor: z.string().optional() }),
});

export const disciplineQueueRoute = defineRoute({
  operationId: 'getDisciplineQueue',
  method: 'GET',
  path: '/discipline/queue',
  summary: 'The discipline office’s queue: open reports and pending tolerance applications, oldest first',
  auth: 'staff',
  action: 'reports.manage',
  response: z.object({ reports: z.array(ReportView), toleranceApplications: z.array(ToleranceView) }),
});

export const routes = [
  fileReportRoute,
  listReportsRoute,
  getReportRoute,
  openReporterRoute,
  concludeReportRoute,
  listClarificationsRoute,
  publishClarificationRoute,
  applyToleranceRoute,
  listToleranceRoute,
  decideToleranceRoute,
  listAccountabilityRoute,
  disciplineQueueRoute,
] as const;
