import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient, type ConsoleConfig, loadConfig, tokenStore } from './api';
import { isOidcCallback, oidcCallback, oidcLogout } from './auth';
import { I18nContext, makeI18n, type Session, SessionContext, useI18n } from './context';
import { initialLocale, type Locale, type MessageKey, saveLocale } from './i18n';
import { LoginPage } from './pages/Login';
import { navigate } from './router';
import { Shell } from './Shell';
import type { Action, Me } from './types';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

export function App() {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(storage()));
  const setLocale = useCallback((l: Locale) => {
    saveLocale(storage(), l);
    setLocaleState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <I18nContext.Provider value={i18n}>
      <Root />
    </I18nContext.Provider>
  );
}

type State =
  | { phase: 'booting' }
  | { phase: 'fatal'; message: MessageKey }
  | { phase: 'login'; notice?: MessageKey }
  | { phase: 'in'; me: Me };

function Root() {
  const i18n = useI18n();
  const localeRef = useRef(i18n.locale);
  localeRef.current = i18n.locale;
  const [config, setConfig] = useState<ConsoleConfig>();
  const [state, setState] = useState<State>({ phase: 'booting' });

  const endSession = useCallback((notice?: MessageKey) => {
    tokenStore.clear();
    setState({ phase: 'login', ...(notice ? { notice } : {}) });
  }, []);

  const api = useMemo(
    () =>
      config
        ? new ApiClient({
            baseUrl: (config.apiUrl ?? '').replace(/\/$/, ''),
            locale: () => localeRef.current,
            token: () => tokenStore.get(),
            onUnauthorized: () => endSession('auth.expired'),
          })
        : undefined,
    [config, endSession],
  );

  const enter = useCallback(async (client: ApiClient) => {
    const me = await client.get<Me>('/me');
    setState({ phase: 'in', me });
  }, []);

  // Boot: the runtime config, then the OIDC callback if this is one, then the session if a token is kept.
  useEffect(() => {
    loadConfig().then(
      (cfg) => setConfig(cfg),
      () => setState({ phase: 'fatal', message: 'error.configMissing' }),
    );
  }, []);
  const booted = useRef(false);
  useEffect(() => {
    if (!config || !api || booted.current) return;
    booted.current = true;
    (async () => {
      if (config.auth === 'oidc' && isOidcCallback()) {
        try {
          tokenStore.set(await oidcCallback(config));
          navigate('/', { replace: true });
        } catch {
          navigate('/', { replace: true });
          endSession('auth.callbackFailed');
          return;
        }
      }
      if (!tokenStore.get()) return setState({ phase: 'login' });
      // A 401 ends the session by itself; any other failure: sign in again, saying so.
      await enter(api).catch(() => tokenStore.get() && endSession('auth.callbackFailed'));
    })();
  }, [config, api, enter, endSession]);

  const session = useMemo<Session | undefined>(() => {
    if (state.phase !== 'in' || !config || !api) return undefined;
    const actions = new Set(state.me.actions);
    return {
      config,
      api,
      me: state.me,
      can: (a: Action) => actions.has(a),
      logout: () => {
        tokenStore.clear();
        setState({ phase: 'login' });
        navigate('/', { replace: true });
        if (config.auth === 'oidc') void oidcLogout(config);
      },
    };
  }, [state, config, api]);

  if (state.phase === 'fatal')
    return (
      <main className="center-page">
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{i18n.t(state.message)}</p>
        </div>
      </main>
    );
  if (state.phase === 'booting' || !config || !api)
    return (
      <main className="center-page">
        <p className="loading" aria-busy="true">
          {i18n.t('app.loading')}
        </p>
      </main>
    );
  if (state.phase === 'login' || !session)
    return (
      <LoginPage
        config={config}
        notice={state.phase === 'login' ? state.notice : undefined}
        onToken={async (token) => {
          tokenStore.set(token);
          try {
            await enter(api);
          } catch (e) {
            tokenStore.clear();
            throw e;
          }
        }}
      />
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
