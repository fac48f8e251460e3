/**
 * The subset of EventBridge event patterns the platform uses: nested objects whose leaves are arrays of
 * allowed values, or `{ prefix }`. The local bus and the local stream filter use it; CDK passes the same
 * pattern objects to EventBridge and Pipes. A CDK test checks that every pattern stays within this subset.
 * Why not a library: none of the npm matchers is maintained against EventBridge's grammar, and this subset
 * is twenty lines that the tests pin down.
 */
export type PatternLeaf = ReadonlyArray<string | number | boolean | { prefix: string }>;
export interface EventPattern {
  readonly [key: string]: PatternLeaf | EventPattern;
}

export function matchesPattern(pattern: EventPattern, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const obj = value as Record<string, unknown>;
  for (const [key, rule] of Object.entries(pattern)) {
    const v = obj[key];
    if (Array.isArray(rule)) {
      const ok = rule.some((allowed) =>
        typeof allowed === 'object' && allowed !== null
          ? typeof v === 'string' && v.startsWith((allowed as { prefix: string }).prefix)
          : v === allowed,
      );
      if (!ok) return false;
    } else if (!matchesPattern(rule as EventPattern, v)) {
      return false;
    }
  }
  return true;
}

/** True when a pattern uses only what `matchesPattern` understands. */
export function isSupportedPattern(pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) return false;
  return Object.values(pattern).every((rule) =>
    Array.isArray(rule)
      ? rule.every(
          (a) =>
            ['string', 'number', 'boolean'].includes(typeof a) ||
            (typeof a === 'object' && a !== null && Object.keys(a).join() === 'prefix'),
        )
      : isSupportedPattern(rule),
  );
}
