import { type FormEvent, useEffect, useState } from 'react';
import type { ConsoleConfig } from '../api';
import { type DemoUser, demoUsers, devLogin, oidcLogin } from '../auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorBanner, Field } from '../components/ui';
import { useI18n } from '../context';
import type { MessageKey } from '../i18n';

const DEMO_PASSWORD = 'zuofeng';

export function LoginPage({
  config,
  notice,
  onToken,
}: {
  config: ConsoleConfig;
  notice?: MessageKey | undefined;
  onToken: (token: string) => Promise<void>;
}) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('auth.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <div className="login-page">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            作
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-sub">{t('auth.subtitle')}</p>
          </div>
        </div>
        <h1>{t('auth.title')}</h1>
        {notice ? (
          <div className="alert alert-info" role="status">
            {t(notice)}
          </div>
        ) : null}
        {config.auth === 'dev' ? (
          <DevLogin config={config} onToken={onToken} />
        ) : (
          <OidcLogin config={config} />
        )}
      </main>
    </div>
  );
}

function DevLogin({ config, onToken }: { config: ConsoleConfig; onToken: (token: string) => Promise<void> }) {
  const { t, l } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [error, setError] = useState<unknown>();
  const [users, setUsers] = useState<DemoUser[]>([]);
  useEffect(() => {
    demoUsers(config).then(setUsers, () => setUsers([]));
  }, [config]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailed(false);
    setError(undefined);
    try {
      const out = await devLogin(config, username.trim(), password);
      if (!out.ok) {
        setFailed(true);
        return;
      }
      await onToken(out.token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form onSubmit={submit} className="form" noValidate>
        {failed ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('auth.failed')}</p>
          </div>
        ) : null}
        <ErrorBanner error={error} />
        <Field label={t('auth.username')} required>
          {(p) => (
            <input
              {...p}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('auth.password')} required>
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
      {users.length ? (
        <details className="demo-users" open>
          <summary>{t('auth.demoTitle')}</summary>
          <p className="hint">{t('auth.demoHint', { password: DEMO_PASSWORD })}</p>
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="sr-only">{t('auth.demoTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('auth.demoUser')}</th>
                  <th scope="col">{t('auth.demoName')}</th>
                  <th scope="col">{t('auth.demoRoles')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.username}>
                    <td>
                      <button
                        type="button"
                        className="link-button mono"
                        aria-label={t('auth.useDemo', { username: u.username })}
                        onClick={() => {
                          setUsername(u.username);
                          setPassword(DEMO_PASSWORD);
                        }}
                      >
                        {u.username}
                      </button>
                    </td>
                    <td>{u.name}</td>
                    <td>{u.roles.map((r) => l('role', r)).join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </>
  );
}

function OidcLogin({ config }: { config: Extract<ConsoleConfig, { auth: 'oidc' }> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <div className="form">
      <p>{t('auth.ssoHint')}</p>
      <ErrorBanner error={error} />
      <button
        type="button"
        className="btn btn-primary btn-block"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await oidcLogin(config);
          } catch (e) {
            setError(e);
            setBusy(false);
          }
        }}
      >
        {busy ? t('auth.redirecting') : t('auth.sso')}
      </button>
    </div>
  );
}
