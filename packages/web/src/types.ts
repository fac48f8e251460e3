/**
 * The API's shapes, inferred from the services' own zod contracts. Type-only imports: nothing of the services
 * reaches the bundle, and a contract change that breaks the console fails the type check.
 */
import type { z } from 'zod';
import type { countyOverviewRoute } from '../../../services/county/src/contract';
import type { listProblemsRoute } from '../../../services/intake/src/contract';
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
  Settings as SettingsSchema,
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
export type Inbox = z.infer<typeof listInboxRoute.response>;
export type Notice = Inbox['items'][number];

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
