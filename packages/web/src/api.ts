import { ApiError, type FieldIssue, NetworkError } from './errors';
import type { Locale } from './i18n';

/** `/console/config.json`: written by the runtime locally, by the deployment on AWS. */
export type ConsoleConfig =
  | { auth: 'dev'; apiUrl?: string }
  | { auth: 'oidc'; issuer: string; clientId: string; apiUrl?: string; scope?: string };

export { ApiError, type FieldIssue, formField, NetworkError } from './errors';

const TOKEN_KEY = 'zf.token';

export const tokenStore = {
  get(): string | undefined {
    try {
      return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const cfg = (await res.json()) as ConsoleConfig;
  if (cfg.auth !== 'dev' && cfg.auth !== 'oidc') throw new Error('config.json: unknown auth mode');
  return cfg;
}

type Query = Record<string, string | number | undefined>;

export interface ApiClientOptions {
  baseUrl: string;
  locale: () => Locale;
  token: () => string | undefined;
  /** The API said 401: the session is over. */
  onUnauthorized: () => void;
}

/** JSON over fetch, with the bearer token and the console's language, turning problem details into ApiError. */
export class ApiClient {
  constructor(private readonly opts: ApiClientOptions) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /**
   * An absolute URL: a path of the API (`/problems`) against its base, or a URL the API handed out (a
   * presigned upload: absolute on AWS, `/local-evidence/…` locally, which is relative to the API too).
   */
  url(pathOrUrl: string): URL {
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return new URL(pathOrUrl);
    return new URL(`${this.opts.baseUrl}${pathOrUrl}`, window.location.origin);
  }

  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const url = this.url(path);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const res = await this.send(url, method, body, 'application/json, application/problem+json');
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) throw toApiError(res.status, json);
    return json as T;
  }

  /**
   * A GET whose answer is not necessarily JSON (a file, or a redirect to one), with the bearer token; the
   * response as it is when 2xx (after redirects), an ApiError otherwise.
   */
  async fetchFile(path: string): Promise<Response> {
    const res = await this.send(this.url(path), 'GET', undefined, '*/*');
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    throw toApiError(res.status, json);
  }

  private async send(url: URL, method: string, body: unknown, accept: string): Promise<Response> {
    const headers: Record<string, string> = {
      accept,
      'accept-language': this.opts.locale() === 'en' ? 'en' : 'zh-CN',
    };
    const token = this.opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new NetworkError();
    }
    if (res.status === 401 && token) this.opts.onUnauthorized();
    return res;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { title?: unknown; detail?: unknown; message?: unknown; errors?: unknown };
  const title =
    typeof b.title === 'string' ? b.title : typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  const errors = Array.isArray(b.errors)
    ? b.errors
        .filter((e): e is FieldIssue => typeof e?.field === 'string' && typeof e?.reason === 'string')
        .map((e) => ({ field: e.field, reason: e.reason }))
    : [];
  return new ApiError(status, title, typeof b.detail === 'string' ? b.detail : undefined, errors);
}

/** Base64 of a file's bytes, for JSON uploads (`POST /people/import`). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
