/**
 * The public API over fetch, for a phone on a weak signal: a timeout on every call, problem details turned
 * into one Chinese sentence, and nothing a server says ever treated as markup.
 */
export interface FieldIssue {
  field: string;
  reason: string;
}

/** The API answered with an error: `message` is the sentence to show (the problem's detail, else its title). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

/** No answer: offline, a dropped connection, or the timeout. */
export class NetworkError extends Error {
  constructor() {
    super('网络不稳定，没有连上服务器。请检查手机信号后再试。');
  }
}

/** The API's origin: this page's own, unless the deployment names another (`<meta name="zf-api" content="…">`). */
export function apiBase(): string {
  const meta = document.querySelector('meta[name="zf-api"]')?.getAttribute('content') ?? '';
  return meta.replace(/\/$/, '');
}

/** The form link's token and what follows it in the page's path: `/f/<token>/r/<code>`. */
export function pagePath(): { token?: string; rest: string[] } {
  const parts = window.location.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'f' || !parts[1]) return { rest: [] };
  try {
    return { token: decodeURIComponent(parts[1]), rest: parts.slice(2).map(decodeURIComponent) };
  } catch {
    return { rest: [] };
  }
}

export const formApi = (token: string) => `/public/forms/${encodeURIComponent(token)}`;
export const formPage = (token: string) => `/f/${encodeURIComponent(token)}`;

const GENERIC: Record<number, string> = {
  404: '没有找到，请检查链接或回执码',
  410: '该链接已失效',
  413: '提交的内容太大',
  429: '提交太频繁，请稍后再试',
};

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  opts: { body?: unknown; raw?: Blob; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<T> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = controller ? window.setTimeout(() => controller.abort(), opts.timeoutMs ?? 45_000) : 0;
  let res: Response;
  try {
    res = await fetch(`${apiBase()}${path}`, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.raw ? { 'content-type': opts.raw.type || 'application/octet-stream' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.raw ? { body: opts.raw } : {}),
      cache: 'no-store',
      credentials: 'omit',
      ...(controller ? { signal: controller.signal } : {}),
    });
  } catch {
    throw new NetworkError();
  } finally {
    window.clearTimeout(timer);
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    if (res.ok) throw new NetworkError();
    json = undefined;
  }
  if (res.ok) return json as T;
  const p = (json ?? {}) as { title?: unknown; detail?: unknown; errors?: unknown };
  const issues = Array.isArray(p.errors)
    ? p.errors.filter((e): e is FieldIssue => typeof e?.field === 'string' && typeof e?.reason === 'string')
    : [];
  const message =
    typeof p.detail === 'string' && p.detail
      ? p.detail
      : typeof p.title === 'string' && p.title
        ? p.title
        : (GENERIC[res.status] ??
          (res.status >= 500 ? '系统繁忙，请稍后再试' : '提交的内容有误，请检查后再试'));
  throw new ApiError(res.status, message, issues);
}

/** The sentence for any failure. */
export const messageOf = (err: unknown): string =>
  err instanceof ApiError || err instanceof NetworkError ? err.message : '系统繁忙，请稍后再试';

/** A random key (Idempotency-Key): 128 bits, hex. */
export function randomKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
}
