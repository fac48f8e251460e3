import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiClient, ConsoleConfig } from './api';
import { type Locale, label, type MessageKey, translate, type Vars } from './i18n';
import type { Action, Me } from './types';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Vars): string;
  /** A label for a server enum value: `l('role', 'cadre')` → 干部. */
  l(prefix: string, value: string): string;
  formatTime(iso: string | undefined): string;
  formatNumber(n: number): string;
}

export const I18nContext = createContext<I18n | null>(null);

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  // China time in both languages. English reads year first (2026-12-07 18:55): "12/7/26" is read as 12 July
  // as often as 7 December, and these dates are deadlines.
  const time = new Intl.DateTimeFormat(locale === 'en' ? 'en-CA' : locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });
  const num = new Intl.NumberFormat(locale);
  return {
    locale,
    setLocale,
    t: (key, vars) => translate(locale, key, vars),
    l: (prefix, value) => label(locale, prefix, value),
    formatTime: (iso) => {
      if (!iso) return translate(locale, 'common.dash');
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      return locale === 'en' ? time.format(d).replace(', ', ' ') : time.format(d);
    },
    formatNumber: (n) => num.format(n),
  };
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nContext');
  return ctx;
}

export interface Session {
  config: ConsoleConfig;
  api: ApiClient;
  me: Me;
  can(action: Action): boolean;
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionContext');
  return ctx;
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data in place after a write (no round trip). */
  set(update: (prev: T | undefined) => T | undefined): void;
}

/** Run a read when the component mounts and whenever `deps` change; the latest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    setLoading(true);
    setError(undefined);
    load().then(
      (d) => {
        if (n !== seq.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== seq.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload, set: setData };
}

/** A short success message for the page's status line (role=status). */
export function useFlash(): [string | undefined, (msg: string | undefined) => void] {
  const [msg, setMsg] = useState<string>();
  useEffect(() => {
    if (!msg) return;
    const id = window.setTimeout(() => setMsg(undefined), 6000);
    return () => window.clearTimeout(id);
  }, [msg]);
  return [msg, setMsg];
}
