import { Suspense, useEffect, useMemo, useState } from 'react';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Loading } from './components/ui';
import { useI18n, useSession } from './context';
import { Link, navigate, usePath } from './router';
import { findRoute, NAV_GROUPS, ROUTES, visibleRoutes } from './routes';

/** The frame after sign-in: header (tenant, user, language, sign-out), the menu the user's actions allow, the page. */
export function Shell() {
  const { t, l } = useI18n();
  const { me, logout } = useSession();
  const path = usePath();
  const routes = useMemo(() => visibleRoutes(me), [me]);
  const [menuOpen, setMenuOpen] = useState(false);
  const found = useMemo(() => findRoute(routes, path), [routes, path]);
  const current = found?.route;
  const menuPath = current?.parent ?? current?.path;
  const home = routes.find((r) => !r.hidden)?.path;
  // A page of the console this account may not open (a link passed on by a colleague): said as such, not as a
  // missing page.
  const barred = useMemo(() => (found ? undefined : findRoute(ROUTES, path)?.route), [found, path]);

  useEffect(() => {
    if (!current && home && (path === '/' || path === '')) navigate(home, { replace: true });
  }, [current, home, path]);
  useEffect(() => {
    document.title = `${current ? t(current.label) : t('app.console')} · ${me.tenantName} · ${t('app.short')}`;
  }, [current, me.tenantName, t]);
  // A page change closes the phone menu.
  useEffect(() => setMenuOpen(false), [path]);

  const Page = current?.page;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="btn btn-ghost menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="side-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t('app.menu')}
        </button>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            作
          </span>
          <div>
            <p className="brand-name">{me.tenantName}</p>
            <p className="brand-sub">{t('app.name')}</p>
          </div>
        </div>
        <div className="topbar-user">
          <span className="user-name" title={t('shell.user')}>
            {me.name ?? me.userId}
            <span className="user-roles">{me.roles.map((r) => l('role', r)).join('、')}</span>
          </span>
          <LanguageSwitch />
          <button type="button" className="btn btn-ghost" onClick={logout}>
            {t('auth.logout')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav id="side-nav" className={`sidenav${menuOpen ? ' open' : ''}`} aria-label={t('app.mainNav')}>
          {NAV_GROUPS.map((g) => {
            const items = routes.filter((r) => r.group === g.id && !r.hidden);
            if (!items.length) return null;
            return (
              <div className="nav-group" key={g.id}>
                <p className="nav-group-title">{t(g.label)}</p>
                <ul>
                  {items.map((r) => (
                    <li key={r.path}>
                      <Link
                        to={r.path}
                        aria-current={
                          r.path === current?.path ? 'page' : r.path === menuPath ? 'true' : undefined
                        }
                      >
                        {t(r.label)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {Page ? (
            <Suspense fallback={<Loading />}>
              <Page key={path} params={found?.params ?? {}} />
            </Suspense>
          ) : routes.length === 0 ? (
            <div className="alert alert-info">{t('shell.noAccess')}</div>
          ) : path === '/' ? null : barred ? (
            <div className="panel">
              <h1>{t(barred.label)}</h1>
              <p>
                {t('shell.barred', {
                  page: t(barred.label),
                  roles: me.roles.map((r) => l('role', r)).join('、'),
                })}
              </p>
              <p>
                <Link to={home ?? '/'}>{t('shell.backHome')}</Link>
              </p>
            </div>
          ) : (
            <div className="panel">
              <h1>{t('shell.notFound')}</h1>
              <p>
                <Link to={home ?? '/'}>{t('shell.backHome')}</Link>
              </p>
            </div>
          )}
        </main>
      </div>
    </div>
  );
}
