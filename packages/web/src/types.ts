/**
 * The API's shapes, inferred from the services' own zod contracts. Type-only imports: nothing of the services
 * reaches the bundle, and a contract change that breaks the console fails the type check.
 */
import type { z } from 'zod';
import type { countyOverviewRoute } from '../../../services/county/src/contract';
import type {
  applyToleranceRoute,
  concludeReportRoute,
  decideToleranceRoute,
  disciplineQueueRoute,
  Outcome as OutcomeSchema,
  ReportView as ReportViewSchema,
  ToleranceView as ToleranceViewSchema,
} from '../../../services/discipline/src/contract';
import type { listFeedbackRoute } from '../../../services/feedback/src/contract';
import type {
  createFormLinkRoute,
  FeedbackContactView as FeedbackContactViewSchema,
  figuresRoute,
  LinkView as LinkViewSchema,
  openContactRoute,
  replyRoute,
  updateFormLinkRoute,
} from '../../../services/feedback/src/contract-links';
import type {
  addMeasureRoute,
  addProgressRoute,
  createUploadRoute,
  evidenceUrlRoute,
  exportRoute,
  listProblemsRoute,
  problemDetailRoute,
  raiseProblemRoute,
  transitionRoute,
} from '../../../services/intake/src/contract';
import type { listInboxRoute } from '../../../services/notification/src/contract';
import type {
  Account as AccountSchema,
  Application as ApplicationSchema,
  AuditEntry as AuditEntrySchema,
  approveApplicationRoute,
  createTownshipRoute,
  importPeopleRoute,
  inviteAccountRoute,
  listAuditRoute,
  listPeopleRoute,
  meRoute,
  Person as PersonSchema,
  PostType as PostTypeSchema,
  SettingsView as SettingsSchema,
  Township as TownshipSchema,
  Unit as UnitSchema,
  UnitType as UnitTypeSchema,
  verifyAuditRoute,
} from '../../../services/tenancy/src/contract';

export type { Action, Role } from '@zuofeng/core';

export type Me = z.infer<typeof meRoute.response>;
export type Township = z.infer<typeof TownshipSchema>;
export type CreateTownshipBody = z.input<NonNullable<typeof createTownshipRoute.body>>;
export type CreateTownshipResult = z.infer<typeof createTownshipRoute.response>;
export type Application = z.infer<typeof ApplicationSchema>;
export type ApproveResult = z.infer<typeof approveApplicationRoute.response>;
export type Unit = z.infer<typeof UnitSchema>;
export type UnitType = z.infer<typeof UnitTypeSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type PostType = z.infer<typeof PostTypeSchema>;
export type PeoplePage = z.infer<typeof listPeopleRoute.response>;
export type ImportResult = z.infer<typeof importPeopleRoute.response>;
export type Account = z.infer<typeof AccountSchema>;
export type InviteResult = z.infer<typeof inviteAccountRoute.response>;
export type Settings = z.infer<typeof SettingsSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof listAuditRoute.response>;
export type AuditVerify = z.infer<typeof verifyAuditRoute.response>;
export type CountyOverview = z.infer<typeof countyOverviewRoute.response>;
export type TownshipCounters = CountyOverview['townships'][number];
export type ProblemsPage = z.infer<typeof listProblemsRoute.response>;
export type Problem = ProblemsPage['items'][number];
export type ProblemState = Problem['state'];
export type ProblemSource = Problem['source'];
export type ListProblemsQuery = z.input<NonNullable<typeof listProblemsRoute.query>>;
export type RaiseBody = z.input<NonNullable<typeof raiseProblemRoute.body>>;
export type RaiseSource = RaiseBody['source'];
export type RaisedProblem = z.infer<typeof raiseProblemRoute.response>;
export type Severity = NonNullable<RaiseBody['severity']>;
export type AddMeasureBody = z.input<NonNullable<typeof addMeasureRoute.body>>;
export type AddedMeasure = z.infer<typeof addMeasureRoute.response>;
export type AddProgressBody = z.input<NonNullable<typeof addProgressRoute.body>>;
export type AddedProgress = z.infer<typeof addProgressRoute.response>;
export type Evidence = NonNullable<AddProgressBody['evidence']>[number];
export type EvidenceType = Evidence['contentType'];
export type TransitionBody = z.input<NonNullable<typeof transitionRoute.body>>;
export type LifecycleAction = TransitionBody['action'];
export type TransitionResult = z.infer<typeof transitionRoute.response>;
export type LedgerRecords = z.infer<typeof problemDetailRoute.response>;
export type ExportQuery = z.input<NonNullable<typeof exportRoute.query>>;

/**
 * The ledger route answers loose records (`z.record`); its problem is the list's view plus the fields
 * services/intake/src/app/ledger.ts keeps for the lifecycle (the version is always there).
 */
export type LedgerProblem = Problem & {
  version: number;
  reportedBy?: string;
  evidenceCount?: number;
  measureCount?: number;
  /** A submitted public problem waits for the resident's follow-up (回访) until then. */
  followUpEndsAt?: string | null;
  rerating?: 'satisfied' | 'dissatisfied' | null;
};
export type Measure = Omit<AddedMeasure, 'version'> & { createdAt?: string; doneAt?: string };
export interface ProgressUpdate {
  updateId: string;
  measureId: string;
  text: string;
  evidence?: Evidence[];
  by?: string;
  at?: string;
}
export interface TimelineEntry {
  entryId?: string;
  at: string;
  actor?: string;
  action: string;
  from?: ProblemState;
  to?: ProblemState;
  reason?: string;
  note?: string;
}
export interface Ledger {
  problem: LedgerProblem;
  measures: Measure[];
  updates: ProgressUpdate[];
  timeline: TimelineEntry[];
}

export type EvidenceUploadTicket = z.infer<typeof createUploadRoute.response>;
export type EvidenceLink = z.infer<typeof evidenceUrlRoute.response>;

export type DisciplineQueue = z.infer<typeof disciplineQueueRoute.response>;
export type Report = z.infer<typeof ReportViewSchema>;
export type ReportOutcome = z.infer<typeof OutcomeSchema>;
export type ConcludeReportBody = z.input<NonNullable<typeof concludeReportRoute.body>>;
export type ToleranceApplication = z.infer<typeof ToleranceViewSchema>;
export type DecideToleranceBody = z.input<NonNullable<typeof decideToleranceRoute.body>>;
export type ApplyToleranceBody = z.input<NonNullable<typeof applyToleranceRoute.body>>;

export type FeedbackPage = z.infer<typeof listFeedbackRoute.response>;
export type Feedback = FeedbackPage['items'][number];
export type Rating = Feedback['ratings']['warmth'];
export type QuestionId = keyof Feedback['ratings'];
export type FormLink = z.infer<typeof LinkViewSchema>;
export type CreateFormLinkBody = z.input<NonNullable<typeof createFormLinkRoute.body>>;
export type UpdateFormLinkBody = z.input<NonNullable<typeof updateFormLinkRoute.body>>;
export type FeedbackContact = z.infer<typeof FeedbackContactViewSchema>;
export type OpenedContact = z.infer<typeof openContactRoute.response>;
export type FeedbackReply = z.infer<typeof replyRoute.response>;
export type Figures = z.infer<typeof figuresRoute.response>;
export type FigureSet = Figures['township'];
export type UnitFigures = Figures['units'][number];

export type Inbox = z.infer<typeof listInboxRoute.response>;
export type Notice = Inbox['items'][number];

export const PROBLEM_STATES = [
  'reported',
  'accepted',
  'rectifying',
  'submitted',
  'closed',
  'rejected',
  'reopened',
] as const satisfies readonly ProblemState[];
export const PROBLEM_SOURCES = [
  'self',
  'superior',
  'peer',
  'public',
  'inspection',
  'report',
] as const satisfies readonly ProblemSource[];
export const RAISE_SOURCES = [
  'self',
  'superior',
  'peer',
  'inspection',
] as const satisfies readonly RaiseSource[];
export const SEVERITIES = ['low', 'medium', 'high'] as const satisfies readonly Severity[];
export const EVIDENCE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
] as const satisfies readonly EvidenceType[];

/** The national 好差评 scale, best first (services/feedback/src/domain/questions.ts). */
export const RATINGS = [
  'very_satisfied',
  'satisfied',
  'basically_satisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const satisfies readonly Rating[];
/** 差评: 不满意 or worse. */
export const BAD_RATINGS: readonly Rating[] = ['dissatisfied', 'very_dissatisfied'];
export const QUESTION_IDS = ['warmth', 'solved', 'happiness'] as const satisfies readonly QuestionId[];

export const UNIT_TYPES = ['village', 'office', 'station'] as const satisfies readonly UnitType[];
export const POST_TYPES = [
  'village_cadre',
  'office_cadre',
  'station_head',
  'leadership_member',
  'branch_secretary',
] as const satisfies readonly PostType[];
/** Post types that lead a unit (一岗双责): offered first when a unit's responsible leader is chosen. */
export const LEADER_POSTS: readonly PostType[] = ['leadership_member', 'branch_secretary', 'station_head'];
export const TOWNSHIP_ROLES = [
  'township_admin',
  'discipline_office',
  'inspection_office',
  'leader',
  'cadre',
] as const;
