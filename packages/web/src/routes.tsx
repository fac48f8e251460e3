import { type ComponentType, lazy } from 'react';
import type { MessageKey } from './i18n';
import { AccountsPage } from './pages/Accounts';
import { ApplicationsPage } from './pages/Applications';
import { AuditPage } from './pages/Audit';
import { BoardPage } from './pages/Board';
import { CountyOverviewPage } from './pages/CountyOverview';
import { DisciplinePage } from './pages/Discipline';
import { FeedbackPage } from './pages/Feedback';
import { FormLinksPage } from './pages/FormLinks';
import { InboxPage } from './pages/Inbox';
import { MyProblemsPage } from './pages/MyProblems';
import { PeoplePage } from './pages/People';
import { ProblemPage } from './pages/ProblemDetail';
import { ProblemsPage } from './pages/Problems';
import { SelfCheckPage } from './pages/SelfCheck';
import { SettingsPage } from './pages/Settings';
import { TownshipsPage } from './pages/Townships';
import { UnitsPage } from './pages/Units';
import { matchPath } from './router';
import type { Action, Me } from './types';

export type NavGroup = 'county' | 'work' | 'feedback' | 'mine' | 'org' | 'admin';

/** The charts (ECharts) load with their page only, in a chunk of their own. */
const SatisfactionPage = lazy(() => import('./pages/Satisfaction'));

/** A page gets the parameters of its path (`/problems/:problemId` → `{ problemId }`). */
export interface PageProps {
  params: Record<string, string>;
}

export interface PageRoute {
  /** Under /console/, e.g. `/units`; `:name` marks a parameter (`/problems/:problemId`). */
  path: string;
  /** The permission matrix's action (packages/core/src/permissions.ts) a user needs to see the page. */
  action: Action;
  /** The menu label, also the document title. */
  label: MessageKey;
  group: NavGroup;
  /** A page reached from another (a problem's page), not from the menu. */
  hidden?: boolean;
  /** The menu entry to mark as current while this hidden page is open. */
  parent?: string;
  page: ComponentType<PageProps>;
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
  { path: '/board', action: 'problems.read', label: 'nav.board', group: 'work', page: BoardPage },
  {
    path: '/problems/:problemId',
    action: 'problems.read',
    label: 'nav.problem',
    group: 'work',
    hidden: true,
    parent: '/problems',
    page: ProblemPage,
  },
  {
    path: '/discipline',
    action: 'reports.manage',
    label: 'nav.discipline',
    group: 'work',
    page: DisciplinePage,
  },
  { path: '/inbox', action: 'inbox.read', label: 'nav.inbox', group: 'work', page: InboxPage },
  {
    path: '/feedback',
    action: 'feedback.read',
    label: 'nav.feedback',
    group: 'feedback',
    page: FeedbackPage,
  },
  {
    path: '/feedback/satisfaction',
    action: 'feedback.figures.read',
    label: 'nav.satisfaction',
    group: 'feedback',
    page: SatisfactionPage,
  },
  {
    path: '/feedback/links',
    action: 'feedback.links.manage',
    label: 'nav.formLinks',
    group: 'feedback',
    page: FormLinksPage,
  },
  { path: '/mine', action: 'problems.read', label: 'nav.mine', group: 'mine', page: MyProblemsPage },
  {
    path: '/self-check',
    action: 'problems.raise.self',
    label: 'nav.selfCheck',
    group: 'mine',
    page: SelfCheckPage,
  },
  { path: '/units', action: 'org.read', label: 'nav.units', group: 'org', page: UnitsPage },
  { path: '/people', action: 'org.read', label: 'nav.people', group: 'org', page: PeoplePage },
  { path: '/accounts', action: 'accounts.read', label: 'nav.accounts', group: 'org', page: AccountsPage },
  { path: '/settings', action: 'settings.read', label: 'nav.settings', group: 'admin', page: SettingsPage },
  { path: '/audit', action: 'audit.read', label: 'nav.audit', group: 'admin', page: AuditPage },
];

export const NAV_GROUPS: readonly { id: NavGroup; label: MessageKey }[] = [
  { id: 'county', label: 'nav.group.county' },
  { id: 'work', label: 'nav.group.work' },
  { id: 'feedback', label: 'nav.group.feedback' },
  { id: 'mine', label: 'nav.group.mine' },
  { id: 'org', label: 'nav.group.org' },
  { id: 'admin', label: 'nav.group.admin' },
];

export const visibleRoutes = (me: Pick<Me, 'actions'>): PageRoute[] =>
  ROUTES.filter((r) => me.actions.includes(r.action));

/** The route a path opens, with its parameters: a fixed path wins over a pattern (`/board` before `/:id`). */
export function findRoute(
  routes: readonly PageRoute[],
  path: string,
): { route: PageRoute; params: Record<string, string> } | undefined {
  const exact = routes.find((r) => r.path === path);
  if (exact) return { route: exact, params: {} };
  for (const route of routes) {
    if (!route.path.includes(':')) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}
