import type { ComponentType } from 'react';
import type { MessageKey } from './i18n';
import { AccountsPage } from './pages/Accounts';
import { ApplicationsPage } from './pages/Applications';
import { AuditPage } from './pages/Audit';
import { CountyOverviewPage } from './pages/CountyOverview';
import { InboxPage } from './pages/Inbox';
import { PeoplePage } from './pages/People';
import { ProblemsPage } from './pages/Problems';
import { SettingsPage } from './pages/Settings';
import { TownshipsPage } from './pages/Townships';
import { UnitsPage } from './pages/Units';
import type { Action } from './types';

export type NavGroup = 'county' | 'work' | 'org' | 'admin';

export interface PageRoute {
  /** Under /console/, e.g. `/units`. */
  path: string;
  /** The permission matrix's action (packages/core/src/permissions.ts) a user needs to see the page. */
  action: Action;
  /** The menu label, also the document title. */
  label: MessageKey;
  group: NavGroup;
  page: ComponentType;
}

/**
 * Every page of the console, in menu order. Adding a page is one entry here (plus its component and its
 * strings in i18n.ts). Who sees it follows from `action` and the `actions` of `GET /me`.
 */
export const ROUTES: readonly PageRoute[] = [
  {
    path: '/county/overview',
    action: 'county.overview.read',
    label: 'nav.countyOverview',
    group: 'county',
    page: CountyOverviewPage,
  },
  {
    path: '/county/townships',
    action: 'county.townships.read',
    label: 'nav.townships',
    group: 'county',
    page: TownshipsPage,
  },
  {
    path: '/county/applications',
    action: 'county.applications.decide',
    label: 'nav.applications',
    group: 'county',
    page: ApplicationsPage,
  },
  { path: '/problems', action: 'problems.read', label: 'nav.problems', group: 'work', page: ProblemsPage },
  { path: '/inbox', action: 'inbox.read', label: 'nav.inbox', group: 'work', page: InboxPage },
  { path: '/units', action: 'org.read', label: 'nav.units', group: 'org', page: UnitsPage },
  { path: '/people', action: 'org.read', label: 'nav.people', group: 'org', page: PeoplePage },
  { path: '/accounts', action: 'accounts.read', label: 'nav.accounts', group: 'org', page: AccountsPage },
  { path: '/settings', action: 'settings.read', label: 'nav.settings', group: 'admin', page: SettingsPage },
  { path: '/audit', action: 'audit.read', label: 'nav.audit', group: 'admin', page: AuditPage },
];

export const NAV_GROUPS: readonly { id: NavGroup; label: MessageKey }[] = [
  { id: 'county', label: 'nav.group.county' },
  { id: 'work', label: 'nav.group.work' },
  { id: 'org', label: 'nav.group.org' },
  { id: 'admin', label: 'nav.group.admin' },
];

export const visibleRoutes = (actions: readonly string[]): PageRoute[] =>
  ROUTES.filter((r) => actions.includes(r.action));
