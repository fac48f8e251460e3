import type { Role } from './principal';

/**
 * Every action a staff member can take, with who may take it: the one role × action matrix. Routes name an
 * action (never roles), the HTTP layer checks it, and `docs/permissions.md` is generated from this object
 * (`npm run docs:permissions`; a test fails when the document is stale).
 *
 * County roles hold only `county.*` actions: they read aggregates across townships and never a township's
 * records. Township roles hold no `county.*` action.
 */
export const PERMISSIONS = {
  'county.townships.read': { roles: ['county_admin'], zh: '查看乡镇租户', en: 'List the county’s townships' },
  'county.townships.write': {
    roles: ['county_admin'],
    zh: '开通、停用、恢复乡镇',
    en: 'Create, suspend and reactivate townships',
  },
  'county.applications.decide': {
    roles: ['county_admin'],
    zh: '审批乡镇入驻申请',
    en: 'Approve or reject township applications',
  },
  'county.overview.read': { roles: ['county_admin'], zh: '查看全县概览', en: 'Read the county overview' },
  'settings.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看活动设置',
    en: 'Read campaign settings',
  },
  'settings.write': { roles: ['township_admin'], zh: '修改活动设置', en: 'Change campaign settings' },
  'org.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看单位和人员',
    en: 'Read units and people',
  },
  'org.write': {
    roles: ['township_admin'],
    zh: '维护单位和人员（含批量导入）',
    en: 'Maintain units and people (import too)',
  },
  'accounts.read': { roles: ['township_admin'], zh: '查看账号', en: 'Read accounts' },
  'accounts.write': {
    roles: ['township_admin'],
    zh: '邀请、停用、启用账号',
    en: 'Invite, disable and re-enable accounts',
  },
  'audit.read': { roles: ['township_admin'], zh: '查看和校验操作日志', en: 'Read and verify the audit log' },
  'feedback.read': {
    roles: ['township_admin', 'inspection_office', 'discipline_office'],
    zh: '查看群众评价',
    en: 'Read residents’ feedback',
  },
  'feedback.links.manage': {
    roles: ['township_admin'],
    zh: '管理群众评价链接：新建、停用、下载二维码和海报',
    en: 'Manage form links: create, revoke, download QR codes and posters',
  },
  'feedback.contact.read': {
    roles: ['township_admin'],
    zh: '回访：查看群众留下的完整电话（被反映人除外，每次查看均留痕）',
    en: 'Call back: open a resident’s number (never the person it names; every opening is logged and audited)',
  },
  'feedback.reply': {
    roles: ['township_admin', 'inspection_office'],
    zh: '填写群众凭回执码可见的办理回复',
    en: 'Write the public reply a resident sees with their receipt',
  },
  'feedback.figures.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader'],
    zh: '查看群众满意度统计（仅汇总数字）',
    en: 'Read the satisfaction figures (counts only)',
  },
  'problems.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看问题清单',
    en: 'Read the problem list',
  },
  'problems.raise': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '登记问题（来源另按下列各项）',
    en: 'Raise a problem (each source below decides further)',
  },
  'problems.raise.self': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '自己查：登记本人的问题',
    en: 'Self: raise one’s own problem',
  },
  'problems.raise.superior': {
    roles: ['township_admin', 'leader'],
    zh: '上级点：为分管单位的人员点问题',
    en: 'Superior: point out a problem of one’s units’ people',
  },
  'problems.raise.peer': {
    roles: ['leader', 'cadre'],
    zh: '同级找：为同事找问题',
    en: 'Peer: raise a colleague’s problem',
  },
  'problems.raise.inspection': {
    roles: ['inspection_office'],
    zh: '督查发现：登记督查发现的问题',
    en: 'Inspection: raise what an inspection found',
  },
  'problems.rectify': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '整改：措施、进展、申请销号（状态机另行判断）',
    en: 'Rectify: measures, progress, lifecycle moves (the state machine decides each)',
  },
  'inbox.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看站内通知',
    en: 'Read one’s inbox',
  },
  'assessment.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader'],
    zh: '查看单位计分台账',
    en: 'Read unit tallies',
  },
  'reports.manage': {
    roles: ['discipline_office'],
    zh: '登记、查看、核查信访举报，公开澄清正名（不含举报人身份）',
    en: 'Record, read and conclude reports against cadres, publish clarifications (never the reporter)',
  },
  'reports.open-identity': {
    roles: ['discipline_office'],
    zh: '查看密封的举报人身份（每次查看均留痕）',
    en: 'Open a sealed reporter identity (every opening is logged and audited)',
  },
  'clarifications.read': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看已公开的澄清正名',
    en: 'Read published clarifications',
  },
  'tolerance.apply': {
    roles: ['township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '申请容错纠错，查看本人的申请',
    en: 'Apply for error tolerance and read one’s own applications',
  },
  'tolerance.decide': {
    roles: ['discipline_office'],
    zh: '审批容错纠错申请，查看全部申请',
    en: 'Decide error-tolerance applications and read all of them',
  },
  'accountability.read': {
    roles: ['township_admin', 'discipline_office'],
    zh: '查看一犯再犯的问责记录',
    en: 'Read the accountability records of recurrences',
  },
  'profile.read': {
    roles: ['county_admin', 'township_admin', 'discipline_office', 'inspection_office', 'leader', 'cadre'],
    zh: '查看本人信息',
    en: 'Read one’s own profile',
  },
} as const satisfies Record<string, { roles: readonly Role[]; zh: string; en: string }>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** May any of these roles take this action? */
export const can = (roles: readonly Role[], action: Action): boolean =>
  roles.some((r) => (PERMISSIONS[action].roles as readonly Role[]).includes(r));

/** Every action the roles may take, for the console's menus. */
export const actionsOf = (roles: readonly Role[]): Action[] => ACTIONS.filter((a) => can(roles, a));
