import { DomainError, type FieldIssue } from '@zuofeng/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

const TITLES: Record<'zh-CN' | 'en', Record<number, string>> = {
  'zh-CN': {
    400: '提交的内容有误，请检查后再试',
    401: '请先登录',
    403: '没有权限进行此操作',
    404: '没有找到相关内容',
    405: '不支持此请求方式',
    409: '内容已被他人修改，请刷新后再试',
    410: '该链接已失效',
    413: '提交的内容太大',
    415: '请以 JSON 格式提交',
    429: '提交太频繁，请稍后再试',
    500: '系统繁忙，请稍后再试',
  },
  en: {
    400: 'The request is invalid',
    401: 'Sign-in required',
    403: 'Not allowed',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'The record changed since you read it',
    410: 'Gone',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
    500: 'Internal error',
  },
};

export type Locale = keyof typeof TITLES;

/**
 * A domain error that knows when trying again makes sense (a rate limit knows when its window ends): its
 * problem carries a `Retry-After` header with these seconds.
 */
export interface RetryAfter {
  readonly retryAfterSeconds: number;
}

/** What any thrown value means over HTTP, before it is written as problem details or as an HTML page. */
export interface ProblemInfo {
  status: number;
  title: string;
  /** The problem's code (`validation_failed`, `too_many_requests`…), or its status when it has none. */
  code: string;
  /**
   * The error's own sentence, in the locale's language when it was given in both: only a domain error's; a
   * library's or an unknown error's stays in the logs.
   */
  detail?: string;
  errors?: FieldIssue[];
  /** Whole seconds, at least 1. */
  retryAfterSeconds?: number;
}

const titleOf = (status: number, locale: Locale) =>
  TITLES[locale][status] ?? TITLES[locale][status >= 500 ? 500 : 400]!;

function retryAfterOf(err: unknown): number | undefined {
  const s = (err as Partial<RetryAfter> | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.ceil(s) : undefined;
}

/** Map any thrown value to what it means. Unknown errors are 500s whose details stay in the logs. */
export function describeError(err: unknown, locale: Locale): ProblemInfo {
  if (err instanceof DomainError) {
    const retryAfterSeconds = retryAfterOf(err);
    // A sentence given in English and Chinese is answered in the locale's language; the field names never are.
    const { detail, issues } = err.localized(locale);
    return {
      status: err.status,
      title: titleOf(err.status, locale),
      code: err.code,
      detail,
      ...(issues.length ? { errors: issues } : {}),
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    };
  }
  const status = (err as { statusCode?: number })?.statusCode;
  const known = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
  return { status: known, title: titleOf(known, locale), code: String(known) };
}

/** An RFC 9457 problem-details response. `errors` names each field and the reason. */
export function problemResponse(
  status: number,
  locale: Locale,
  opts: {
    detail?: string;
    errors?: FieldIssue[];
    code?: string;
    instance?: string;
    retryAfterSeconds?: number;
  } = {},
): APIGatewayProxyResultV2 {
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      ...(opts.retryAfterSeconds ? { 'retry-after': String(opts.retryAfterSeconds) } : {}),
    },
    body: JSON.stringify({
      type: `https://zuofeng.dev/problems/${opts.code ?? status}`,
      title: titleOf(status, locale),
      status,
      ...(opts.detail ? { detail: opts.detail } : {}),
      ...(opts.instance ? { instance: opts.instance } : {}),
      ...(opts.errors?.length ? { errors: opts.errors } : {}),
    }),
  };
}

/** Map any thrown value to a problem response. Unknown errors are 500s whose details stay in the logs. */
export function errorToProblem(err: unknown, locale: Locale, instance?: string): APIGatewayProxyResultV2 {
  const p = describeError(err, locale);
  return problemResponse(p.status, locale, {
    ...(p.detail ? { detail: p.detail } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
    code: p.code,
    ...(p.retryAfterSeconds ? { retryAfterSeconds: p.retryAfterSeconds } : {}),
    ...(instance ? { instance } : {}),
  });
}

// ── HTML answers, for routes that answer a browser (`responds: 'html'`) ─────────────────────────────────

/** Text as HTML text or as a double- or single-quoted attribute value: nothing in it is ever markup. */
/**
 * Whether the browser takes a gzipped body (`Accept-Encoding`: gzip or *, not refused with q=0). Answers that
 * are worth compressing compress themselves, since API Gateway's HTTP API does not.
 */
export function acceptsGzip(headers: Record<string, string | undefined>): boolean {
  return (headers['accept-encoding'] ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A whole zh-CN page around its body: the head every page of ours has (a phone's viewport, no Referer, not
 * indexed, no phone-number autolinks, no favicon request) with its title escaped and its own styles.
 */
export function htmlDocument(p: { title: string; style: string; body: string }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="format-detection" content="telephone=no">
<link rel="icon" href="data:,">
<title>${escapeHtml(p.title)}</title>
<style>${p.style}</style>
</head>
<body>
${p.body}
</body>
</html>
`;
}

/**
 * The policy of a page without any script: no script, no frame, no plugin, no request anywhere (its styles
 * are inline, its icon a data: URL), and forms post only back to this origin.
 */
export const NO_SCRIPT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every HTML answer of an HTML route: never cached, never sniffed, never a Referer. */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': NO_SCRIPT_CSP,
  'x-content-type-options': 'nosniff',
  // Public pages carry a form token in their address: it must not travel to anyone in a Referer.
  'referrer-policy': 'no-referrer',
};

/** An HTML page as the gateway's result. */
export interface HtmlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): HtmlResult {
  return { statusCode: status, headers: { ...HTML_HEADERS, ...headers }, body };
}

/** What an HTML route's error page is drawn from: the problem, and the request's path and raw parameters. */
export interface ProblemPageRequest {
  path: string;
  /** As the gateway passed them, unchecked: escape them like anything else. */
  params: Record<string, string | undefined>;
}

/** Draws an HTML route's error page (its whole document). */
export type ProblemPageRenderer = (problem: ProblemInfo, req: ProblemPageRequest) => string;

/** The error page of an HTML route that brings no renderer of its own: the title, the sentence, the reasons. */
export const defaultProblemPage: ProblemPageRenderer = (p) => {
  const reasons = (p.errors ?? []).map((e) => e.reason).filter((r) => r && r !== p.detail);
  return htmlDocument({
    title: p.title,
    style:
      'body{font:18px/1.6 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#1c1c1c}h1{font-size:1.4rem}',
    body: `<main>
<h1>${escapeHtml(p.title)}</h1>
${p.detail ? `<p>${escapeHtml(p.detail)}</p>` : ''}
${reasons.length ? `<ul>${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}
</main>`,
  });
};

/** Map any thrown value to an HTML error page, with the problem's status (and `Retry-After`). */
export function errorToHtml(
  err: unknown,
  locale: Locale,
  render: ProblemPageRenderer,
  req: ProblemPageRequest,
): APIGatewayProxyResultV2 {
  const p = describeError(err, locale);
  return htmlResponse(
    p.status,
    render(p, req),
    p.retryAfterSeconds ? { 'retry-after': String(p.retryAfterSeconds) } : {},
  );
}
