/**
 * Match a route pattern (`/problems/:problemId`) against a path; the parameters, decoded, or undefined. A
 * parameter matches one non-empty segment.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const ps = pattern.split('/');
  const xs = path.replace(/\/+$/, '').split('/');
  if (ps.length !== xs.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of ps.entries()) {
    const x = xs[i] ?? '';
    if (p.startsWith(':')) {
      if (!x) return undefined;
      try {
        params[p.slice(1)] = decodeURIComponent(x);
      } catch {
        return undefined;
      }
    } else if (p !== x) return undefined;
  }
  return params;
}
