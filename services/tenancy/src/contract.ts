import { Role, zodMessage as say } from '@zuofeng/core';
import { bilingualIssue, defineRoute } from '@zuofeng/http';
import { isCalendarDay } from '@zuofeng/intake/src/domain/working-days';
import { z } from 'zod';

// ── shared shapes ────────────────────────────────────────────────────────────────────────────────────────
const Id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,60}$/,
    say('lower-case letters, digits and dashes', '只能是小写字母、数字和横线'),
  );
/** A township's code: the tail of its tenant id (`twp-<code>`), usually its pinyin. */
export const TownshipCode = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,30}$/,
    say('2–31 lower-case letters, digits or dashes (e.g. pinyin)', '2–31 位小写字母、数字或横线，一般用拼音'),
  );
const Name = z
  .string()
  .trim()
  .min(1, say('required', '必填'))
  .max(60, say('at most 60 characters', '不能超过 60 字'));
const Phone = z
  .string()
  .regex(
    /^1\d{10}$/,
    say('a mainland mobile number: 11 digits starting with 1', '请填写 11 位手机号（以 1 开头）'),
  );
export const Username = z
  .string()
  .regex(
    /^[a-z][a-z0-9._-]{2,39}$/,
    say(
      '3–40 lower-case letters, digits, dot, dash or underscore',
      '3–40 位小写字母、数字、点、横线或下划线',
    ),
  );

export const TenantStatus = z.enum(['active', 'suspended']);
export const UnitType = z.enum(['village', 'office', 'station']);
export const PostType = z.enum([
  'village_cadre',
  'office_cadre',
  'station_head',
  'leadership_member',
  'branch_secretary',
]);
export const AccountStatus = z.enum(['invited', 'active', 'disabled']);

export const Township = z.object({
  townshipId: z.string(),
  name: z.string(),
  code: z.string(),
  status: TenantStatus,
  createdAt: z.string(),
  adminUsername: z.string().optional(),
});

export const Application = z.object({
  applicationId: z.string(),
  name: z.string(),
  code: z.string(),
  contactName: z.string(),
  /** Masked: the county sees that a contact exists, not the number. */
  contactPhoneMasked: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  reason: z.string().optional(),
  submittedAt: z.string(),
  decidedAt: z.string().optional(),
});

export const Settings = z.object({
  campaignYear: z.number().int().min(2020).max(2100),
  /** The aspects problems are filed under; the "四问" by default. */
  aspects: z
    .array(z.object({ id: Id, name: Name }))
    .min(1)
    .max(12),
  deadlines: z.object({
    /** Working days a measure gets by default. */
    rectifyWorkingDays: z.number().int().min(1).max(120),
    /** 预警: working days before the due date. */
    warnBeforeWorkingDays: z.number().int().min(0).max(30),
    /** 督办: working days after the due date. */
    superviseAfterWorkingDays: z.number().int().min(1).max(60),
    /** Days a public problem waits for the resident's re-rating before it may close. */
    followUpWindowDays: z.number().int().min(1).max(60),
  }),
  /**
   * The township's own calendar changes on top of the State Council's holidays and 调休 (for example a local
   * flood-season duty day): deadlines and the escalation ladder count them.
   */
  calendarOverrides: z
    .array(
      z.object({
        date: z
          .string()
          .min(1, say('choose a day', '请选择日期'))
          .regex(
            /^(\d{4}-\d{2}-\d{2})?$/,
            say('a day as YYYY-MM-DD', '日期格式应为 YYYY-MM-DD，例如 2026-12-31'),
          )
          // Deadlines are counted over these days: one that does not exist would stop the daily sweep.
          .refine(
            (d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isCalendarDay(d),
            say('no such day', '没有这一天'),
          ),
        working: z.boolean(),
        note: z.string().trim().max(100).optional(),
      }),
    )
    .max(100)
    .superRefine((days, ctx) => {
      // One ruling per day: two (上班 and 放假) would leave the page unable to say which counts.
      const first = new Map<string, number>();
      days.forEach((d, i) => {
        const j = first.get(d.date);
        if (j === undefined) first.set(d.date, i);
        else
          ctx.addIssue(
            bilingualIssue(`the same day as change ${j + 1}`, `与第 ${j + 1} 项调整是同一天`, [i, 'date']),
          );
      });
    })
    .default([]),
  version: z.number().int(),
  updatedAt: z.string().optional(),
});

/** The settings as read: with the last year whose national holidays the platform knows (not stored, not sent). */
export const SettingsView = Settings.extend({
  /**
   * The last year of the State Council's holiday and 调休 schedule built into the platform (the chinese-days
   * data). Deadlines in a later year count Monday–Friday plus `calendarOverrides` only, until the data is updated:
   * the console says so, and the overrides are where a township enters the new schedule meanwhile.
   */
  nationalCalendarThrough: z.number().int(),
});

export const Unit = z.object({
  unitId: z.string(),
  name: z.string(),
  unitType: UnitType,
  /** 一岗双责: the leader responsible for this unit. */
  responsibleLeaderId: z.string().optional(),
  version: z.number().int(),
});

export const Person = z.object({
  personId: z.string(),
  name: z.string(),
  postType: PostType,
  unitId: z.string(),
  title: z.string().optional(),
  /** Masked to all but its own admin flows: 138****0000. */
  phoneMasked: z.string().optional(),
  accountId: z.string().optional(),
  version: z.number().int(),
});

export const Account = z.object({
  accountId: z.string(),
  username: z.string(),
  personId: z.string().optional(),
  roles: z.array(Role),
  status: AccountStatus,
  createdAt: z.string(),
});

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string() }),
  action: z.string(),
  entity: z.string(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

const page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

// ── county ──────────────────────────────────────────────────────────────────────────────────────────────
export const listTownshipsRoute = defineRoute({
  operationId: 'listTownships',
  method: 'GET',
  path: '/county/townships',
  summary: "The county's townships and their status",
  auth: 'staff',
  action: 'county.townships.read',
  response: z.object({ items: z.array(Township) }),
});

export const createTownshipRoute = defineRoute({
  operationId: 'createTownship',
  method: 'POST',
  path: '/county/townships',
  summary: 'Onboard a township: its tenant, and an invited account for its first admin',
  auth: 'staff',
  action: 'county.townships.write',
  body: z.object({
    name: Name,
    code: TownshipCode,
    admin: z.object({ name: Name, username: Username, phone: Phone.optional() }),
  }),
  successStatus: 201,
  response: z.object({
    township: Township,
    admin: z.object({
      accountId: z.string(),
      username: z.string(),
      temporaryPassword: z.string().optional(),
    }),
  }),
});

const TownshipParams = z.object({
  townshipId: z
    .string()
    .regex(
      /^twp-[a-z0-9-]{2,31}$/,
      say('a township id: twp-<code>', '乡镇编号格式不对（应为 twp-乡镇代码）'),
    ),
});

export const suspendTownshipRoute = defineRoute({
  operationId: 'suspendTownship',
  method: 'POST',
  path: '/county/townships/{townshipId}/suspend',
  summary:
    'Suspend a township: its users cannot sign in and its form links stop accepting; nothing is deleted',
  auth: 'staff',
  action: 'county.townships.write',
  params: TownshipParams,
  response: Township,
});

export const activateTownshipRoute = defineRoute({
  operationId: 'activateTownship',
  method: 'POST',
  path: '/county/townships/{townshipId}/activate',
  summary: 'Reactivate a suspended township',
  auth: 'staff',
  action: 'county.townships.write',
  params: TownshipParams,
  response: Township,
});

export const listApplicationsRoute = defineRoute({
  operationId: 'listApplications',
  method: 'GET',
  path: '/county/applications',
  summary: 'Townships that applied to join, newest first',
  auth: 'staff',
  action: 'county.applications.decide',
  response: z.object({ items: z.array(Application) }),
});

const ApplicationParams = z.object({
  applicationId: z.string().regex(/^[0-9A-Z]{26}$/, say('an application id', '申请编号格式不对')),
});

export const approveApplicationRoute = defineRoute({
  operationId: 'approveApplication',
  method: 'POST',
  path: '/county/applications/{applicationId}/approve',
  summary: 'Approve an application: the township is created with its contact as first admin',
  auth: 'staff',
  action: 'county.applications.decide',
  params: ApplicationParams,
  body: z.object({ adminUsername: Username }),
  response: z.object({
    application: Application,
    township: Township,
    admin: z.object({
      accountId: z.string(),
      username: z.string(),
      temporaryPassword: z.string().optional(),
    }),
  }),
});

export const rejectApplicationRoute = defineRoute({
  operationId: 'rejectApplication',
  method: 'POST',
  path: '/county/applications/{applicationId}/reject',
  summary: 'Reject an application, with the reason',
  auth: 'staff',
  action: 'county.applications.decide',
  params: ApplicationParams,
  body: z.object({
    reason: z.string().trim().min(2, say('give a reason', '请写明理由（至少 2 个字）')).max(500),
  }),
  response: z.object({ application: Application }),
});

export const applyRoute = defineRoute({
  operationId: 'applyAsTownship',
  method: 'POST',
  path: '/public/counties/{countyId}/applications',
  summary: 'A township applies to join its county’s deployment',
  auth: 'public',
  params: z.object({ countyId: z.string().regex(/^cty-[a-z0-9-]{2,31}$/, '县代码不正确') }),
  body: z.object({
    name: z.string().trim().min(2, '请填写乡镇名称').max(60, '名称不能超过 60 字'),
    code: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, '代码为 2–31 位小写字母或数字（如拼音）'),
    contactName: z.string().trim().min(2, '请填写联系人').max(30, '联系人不能超过 30 字'),
    contactPhone: z.string().regex(/^1\d{10}$/, '请填写 11 位手机号'),
  }),
  maxBodyBytes: 4096,
  successStatus: 201,
  response: z.object({ applicationId: z.string(), message: z.string() }),
});

// ── township: settings, units, people, accounts, audit ─────────────────────────────────────────────────
export const getSettingsRoute = defineRoute({
  operationId: 'getSettings',
  method: 'GET',
  path: '/settings',
  summary: "The township's campaign settings",
  auth: 'staff',
  action: 'settings.read',
  response: SettingsView,
});

export const putSettingsRoute = defineRoute({
  operationId: 'putSettings',
  method: 'PUT',
  path: '/settings',
  summary: 'Change the campaign settings (optimistic: send the version you read)',
  auth: 'staff',
  action: 'settings.write',
  body: Settings.omit({ updatedAt: true }),
  response: SettingsView,
});

export const listUnitsRoute = defineRoute({
  operationId: 'listUnits',
  method: 'GET',
  path: '/units',
  summary: "The township's units",
  auth: 'staff',
  action: 'org.read',
  response: z.object({ items: z.array(Unit) }),
});

const UnitBody = z.object({
  name: Name,
  unitType: UnitType,
  responsibleLeaderId: Id.optional(),
});

export const createUnitRoute = defineRoute({
  operationId: 'createUnit',
  method: 'POST',
  path: '/units',
  summary: 'Add a unit: village, office or station',
  auth: 'staff',
  action: 'org.write',
  body: UnitBody,
  successStatus: 201,
  response: Unit,
});

export const updateUnitRoute = defineRoute({
  operationId: 'updateUnit',
  method: 'PUT',
  path: '/units/{unitId}',
  summary: 'Change a unit (optimistic: send the version you read)',
  auth: 'staff',
  action: 'org.write',
  params: z.object({ unitId: Id }),
  body: UnitBody.extend({ version: z.number().int() }),
  response: Unit,
});

export const listPeopleRoute = defineRoute({
  operationId: 'listPeople',
  method: 'GET',
  path: '/people',
  summary: "The township's people",
  auth: 'staff',
  action: 'org.read',
  query: page.extend({ unitId: Id.optional() }),
  response: z.object({ items: z.array(Person), nextCursor: z.string().optional() }),
});

const PersonBody = z.object({
  name: Name,
  postType: PostType,
  unitId: Id,
  title: z.string().trim().max(60).optional(),
  phone: Phone.optional(),
});

export const createPersonRoute = defineRoute({
  operationId: 'createPerson',
  method: 'POST',
  path: '/people',
  summary: 'Add a person to a unit',
  auth: 'staff',
  action: 'org.write',
  body: PersonBody,
  successStatus: 201,
  response: Person,
});

export const updatePersonRoute = defineRoute({
  operationId: 'updatePerson',
  method: 'PUT',
  path: '/people/{personId}',
  summary: 'Change a person (optimistic: send the version you read)',
  auth: 'staff',
  action: 'org.write',
  params: z.object({ personId: Id }),
  // The console only ever sees a masked number: an omitted phone keeps the stored one, null clears it.
  body: PersonBody.extend({ phone: Phone.nullable().optional(), version: z.number().int() }),
  response: Person,
});

export const importPeopleRoute = defineRoute({
  operationId: 'importPeople',
  method: 'POST',
  path: '/people/import',
  summary:
    'Import a roster from an XLSX or CSV sheet (columns 姓名, 岗位类型, 单位, 职务, 手机号). Every bad row is reported with its number and reason, and then nothing is imported',
  auth: 'staff',
  action: 'org.write',
  body: z.object({
    format: z.enum(['xlsx', 'csv']),
    /** The file, base64-encoded. */
    content: z.string().min(1).max(2_800_000),
    /** Validate and report, but write nothing. */
    dryRun: z.boolean().default(false),
  }),
  maxBodyBytes: 3 * 1024 * 1024,
  response: z.object({
    imported: z.number().int(),
    dryRun: z.boolean(),
    rows: z.number().int(),
  }),
});

export const listAccountsRoute = defineRoute({
  operationId: 'listAccounts',
  method: 'GET',
  path: '/accounts',
  summary: "The township's user accounts",
  auth: 'staff',
  action: 'accounts.read',
  response: z.object({ items: z.array(Account) }),
});

const TownshipRole = Role.exclude(['county_admin']);

export const inviteAccountRoute = defineRoute({
  operationId: 'inviteAccount',
  method: 'POST',
  path: '/accounts',
  summary: 'Invite a user: an account linked to a person, with roles in this township',
  auth: 'staff',
  action: 'accounts.write',
  body: z.object({ username: Username, personId: Id, roles: z.array(TownshipRole).min(1).max(5) }),
  successStatus: 201,
  response: Account.extend({ temporaryPassword: z.string().optional() }),
});

const AccountParams = z.object({ accountId: Id });

export const disableAccountRoute = defineRoute({
  operationId: 'disableAccount',
  method: 'POST',
  path: '/accounts/{accountId}/disable',
  summary: 'Disable an account: it can no longer sign in',
  auth: 'staff',
  action: 'accounts.write',
  params: AccountParams,
  response: Account,
});

export const enableAccountRoute = defineRoute({
  operationId: 'enableAccount',
  method: 'POST',
  path: '/accounts/{accountId}/enable',
  summary: 'Re-enable a disabled account',
  auth: 'staff',
  action: 'accounts.write',
  params: AccountParams,
  response: Account,
});

export const listAuditRoute = defineRoute({
  operationId: 'listAudit',
  method: 'GET',
  path: '/audit',
  summary: "The township's audit log, newest first",
  auth: 'staff',
  action: 'audit.read',
  query: page,
  response: z.object({ items: z.array(AuditEntry), nextCursor: z.string().optional() }),
});

export const verifyAuditRoute = defineRoute({
  operationId: 'verifyAudit',
  method: 'GET',
  path: '/audit/verify',
  summary: "Recompute the township's audit hash chain",
  auth: 'staff',
  action: 'audit.read',
  response: z.object({
    valid: z.boolean(),
    entries: z.number().int(),
    /** The first entry whose hash or link does not hold. */
    brokenAt: z.number().int().optional(),
    /** Why, in English; `code` says the same for a screen to word in its own language. */
    reason: z.string().optional(),
    code: z.enum(['missing', 'unlinked', 'changed', 'removed']).optional(),
  }),
});

export const meRoute = defineRoute({
  operationId: 'getMe',
  method: 'GET',
  path: '/me',
  summary: 'Who the caller is: tenant, roles and the actions they may take (for the console)',
  auth: 'staff',
  action: 'profile.read',
  response: z.object({
    userId: z.string(),
    name: z.string().optional(),
    tenantId: z.string(),
    tenantName: z.string(),
    tenantType: z.enum(['county', 'township']),
    roles: z.array(Role),
    actions: z.array(z.string()),
  }),
});

export const routes = [
  meRoute,
  listTownshipsRoute,
  createTownshipRoute,
  suspendTownshipRoute,
  activateTownshipRoute,
  listApplicationsRoute,
  approveApplicationRoute,
  rejectApplicationRoute,
  applyRoute,
  getSettingsRoute,
  putSettingsRoute,
  listUnitsRoute,
  createUnitRoute,
  updateUnitRoute,
  listPeopleRoute,
  createPersonRoute,
  updatePersonRoute,
  importPeopleRoute,
  listAccountsRoute,
  inviteAccountRoute,
  disableAccountRoute,
  enableAccountRoute,
  listAuditRoute,
  verifyAuditRoute,
] as const;
