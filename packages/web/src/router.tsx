import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

export { matchPath } from './paths';

/**
 * A router of a few lines: paths are relative to Vite's base (`/console/`), history.pushState moves, and
 * `popstate` plus our own event tell every `usePath` hook. The route table lives in routes.tsx.
 */
const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');
const EVENT = 'zf:navigate';

export function currentPath(): string {
  const p = window.location.pathname;
  const rel = p.startsWith(BASE) ? p.slice(BASE.length) : p;
  return rel === '' ? '/' : rel;
}

export const href = (path: string): string => `${BASE}${path}`;

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', href(path));
  else window.history.pushState(null, '', href(path));
  window.dispatchEvent(new Event(EVENT));
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return path;
}

/** An anchor that navigates inside the console (a real href, so open-in-new-tab still works). */
export function Link({
  to,
  onClick,
  ...rest
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={href(to)} onClick={handle} {...rest} />;
}
