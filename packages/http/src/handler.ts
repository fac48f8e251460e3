import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import {
  bilingual,
  can,
  chineseOf,
  ForbiddenError,
  PayloadTooLargeError,
  PERMISSIONS,
  type Principal,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@zuofeng/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { principalFromEvent } from './principal';
import {
  defaultProblemPage,
  errorToHtml,
  errorToProblem,
  htmlResponse,
  type Locale,
  type ProblemPageRenderer,
  problemResponse,
} from './problem';
import { DEFAULT_MAX_BODY_BYTES, type RouteDef } from './route';
import { tenantStatusReader } from './tenant-status';
import { chineseOfIssue, humanZodErrors } from './zod-messages';

/** zod's messages in plain words, per locale (zod-messages.ts); a schema's own message outranks them. */
const zodErrors = { 'zh-CN': humanZodErrors('zh-CN'), en: humanZodErrors('en') } as const;

/** What a route's implementation receives: parsed input, the verified principal, request facts. */
type Parsed<T, Otherwise> = [NonNullable<T>] extends [z.ZodType] ? z.infer<NonNullable<T>> : Otherwise;

export interface HttpRequest<D extends RouteDef> {
  params: Parsed<D['params'], Record<string, never>>;
  query: Parsed<D['query'], Record<string, never>>;
  body: Parsed<D['body'], undefined>;
  /** Present on staff routes only. */
  principal: D['auth'] extends 'staff' ? Principal : undefined;
  correlationId: string;
  sourceIp: string;
  headers: Record<string, string | undefined>;
  /** The body's bytes, for a route without a body schema that takes a file (already within maxBodyBytes). */
  rawBody: Buffer;
}

/** A response the implementation shapes itself (HTML, redirects, custom status). */
export interface RawResponse {
  raw: APIGatewayProxyResultV2 & object;
}

export interface RouteImpl {
  def: RouteDef;
  handle: (req: HttpRequest<RouteDef>) => Promise<unknown>;
  /** An HTML route's error pages (`responds: 'html'`); without it, problem.ts `defaultProblemPage`. */
  renderError?: ProblemPageRenderer;
}

/** Pair a route contract with its implementation (and, for an HTML route, how its error pages look). */
export function implement<D extends RouteDef>(
  def: D,
  // The result is parsed with the route's response schema before it leaves, so the static type stays loose.
  handle: (req: HttpRequest<D>) => Promise<unknown>,
  opts: { renderError?: ProblemPageRenderer } = {},
): RouteImpl {
  return { def, handle: handle as RouteImpl['handle'], ...opts };
}

/** Paths residents open: the public API and their pages (`/f/…`). */
const isPublicPath = (path: string | undefined) => !!path && /^\/(public|f)(\/|$)/.test(path);

/** Public routes speak zh-CN; staff routes follow the console's Accept-Language (English unless it asks for zh). */
const localeOf = (def: RouteDef, event?: APIGatewayProxyEventV2): Locale =>
  def.auth === 'public' || /^zh\b/i.test(event?.headers?.['accept-language'] ?? '') ? 'zh-CN' : 'en';

function issuesOf(err: z.ZodError, prefix: string, locale: Locale) {
  return err.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    // A schema's own message outranks zod's locale: a zh-CN reader gets its Chinese when it has one (zodMessage).
    reason: (locale === 'zh-CN' && (chineseOfIssue(i) ?? chineseOf(i.message))) || i.message,
  }));
}

function parsePart<S extends z.ZodType | undefined>(
  schema: S,
  value: unknown,
  prefix: string,
  locale: Locale,
) {
  if (!schema) return {};
  const r = schema.safeParse(value, { error: zodErrors[locale] });
  if (!r.success) {
    throw new ValidationError(
      locale === 'zh-CN' ? '提交的内容有误' : 'invalid input',
      issuesOf(r.error, prefix, locale),
    );
  }
  return r.data;
}

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** A form's fields as the body schema sees them: strings, and an array of them for a name sent more than once. */
function formFields(text: string): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [name, value] of new URLSearchParams(text)) {
    const had = out.get(name);
    out.set(name, had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]);
  }
  return Object.fromEntries(out);
}

function readBody(def: RouteDef, event: APIGatewayProxyEventV2, locale: Locale): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const max = def.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (bytes.length > max) {
    throw new PayloadTooLargeError(
      locale === 'zh-CN'
        ? `内容不能超过 ${Math.floor(max / 1024)} KB`
        : `the body must not exceed ${max} bytes`,
      [{ field: '', reason: locale === 'zh-CN' ? '内容太大' : `larger than ${max} bytes` }],
    );
  }
  if (!def.body) return undefined;
  const type = event.headers?.['content-type'] ?? '';
  const form = def.bodyType === 'form';
  if (!(form ? FORM_TYPE : JSON_TYPE).test(type)) {
    const zh = form ? '请通过表单提交' : '请以 JSON 格式提交';
    // The type as sent, cut short: it is echoed back, and a header can be long.
    const sent = type.length > 80 ? `${type.slice(0, 80)}…` : type;
    throw new UnsupportedMediaTypeError(
      locale === 'zh-CN' ? zh : `send ${form ? 'application/x-www-form-urlencoded' : 'application/json'}`,
      [
        {
          field: '',
          reason:
            locale === 'zh-CN'
              ? `${zh}（收到的是 ${sent || '未注明格式的内容'}）`
              : `content-type ${sent || '(none)'}`,
        },
      ],
    );
  }
  if (form) return formFields(bytes.toString('utf8'));
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError(
      locale === 'zh-CN' ? '提交的内容不是有效的 JSON' : 'the body is not valid JSON',
      [{ field: '', reason: locale === 'zh-CN' ? '无法解析' : 'malformed JSON' }],
    );
  }
}

/** The reason of a suspended tenant's 403: a machine-readable token, never translated. */
export const TENANT_SUSPENDED = 'tenant suspended';

/** Middleware: the verified principal, and the route's role check, before anything else runs. */
const authorize = (
  def: RouteDef,
  tenantStatus?: (tenantId: string) => Promise<string>,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, RouteContext> => ({
  before: async (request) => {
    if (def.auth !== 'staff') return;
    const principal = principalFromEvent(request.event);
    if (tenantStatus && (await tenantStatus(principal.tenantId)) !== 'active') {
      // A suspended township's tokens stop working too, not only its sign-ins. The reason stays this one
      // English token in every language: the console recognises it (packages/web ErrorBanner) and says it itself.
      throw new ForbiddenError(
        bilingual(
          'this tenant is suspended or unknown',
          '本乡镇已停用或尚未开通，暂时无法使用本平台，请联系县活动办',
        ),
        [{ field: '', reason: TENANT_SUSPENDED }],
      );
    }
    if (!def.action || !can(principal.roles, def.action)) {
      throw new ForbiddenError(
        bilingual(
          `${def.operationId} is not open to ${principal.roles.join(', ') || 'a user without roles'}`,
          def.action
            ? `您的账号没有“${PERMISSIONS[def.action].zh}”的权限，如需办理请联系本级活动办`
            : '此操作不对您的账号开放',
        ),
      );
    }
    request.context.principal = principal;
  },
});

/** Middleware: size, content type, JSON and zod checks of params, query and body. Nothing is written first. */
const parseInput = (
  def: RouteDef,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, RouteContext> => ({
  before: (request) => {
    const { event } = request;
    const locale = localeOf(def, event);
    const body = readBody(def, event, locale);
    request.context.input = {
      params: parsePart(def.params, event.pathParameters ?? {}, 'path', locale),
      query: parsePart(def.query, event.queryStringParameters ?? {}, 'query', locale),
      body: def.body ? parsePart(def.body, body, 'body', locale) : undefined,
    };
  },
});

/**
 * Middleware, registered last: every error leaves as problem details (as an HTML page on an HTML route), and
 * 5xx causes are logged.
 */
const problemDetails = (
  route: Pick<RouteImpl, 'def' | 'renderError'> | undefined,
  logger: Logger,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, RouteContext> => ({
  onError: (request) => {
    const { event } = request;
    const def = route?.def;
    const locale = def ? localeOf(def, event) : isPublicPath(event.rawPath) ? 'zh-CN' : 'en';
    const response =
      def?.responds === 'html'
        ? errorToHtml(request.error, locale, route?.renderError ?? defaultProblemPage, {
            path: event.rawPath ?? '',
            params: event.pathParameters ?? {},
          })
        : errorToProblem(request.error, locale, event.rawPath);
    if ((response as { statusCode: number }).statusCode >= 500)
      logger.error('request failed', { error: request.error });
    request.response = response;
  },
});

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's `x-correlation-id` if it is a sane token, else the gateway's request id: logs and events carry it. */
function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const given = event.headers?.['x-correlation-id'];
  return given && CORRELATION_ID.test(given) ? given : event.requestContext.requestId;
}

interface RouteContext extends Context {
  principal?: Principal;
  input?: { params: unknown; query: unknown; body: unknown };
}

/** One route: authorize → parseInput → implementation, with problem details (or an HTML page) on any error. */
function routeHandler(
  route: RouteImpl,
  logger: Logger,
  tenantStatus: ((tenantId: string) => Promise<string>) | undefined,
) {
  const { def, handle } = route;
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, RouteContext>()
    .use(authorize(def, tenantStatus))
    .use(parseInput(def))
    .use(problemDetails(route, logger))
    .handler(async (event, context) => {
      const input = context.input!;
      const result = await handle({
        params: input.params,
        query: input.query,
        body: input.body,
        principal: context.principal,
        correlationId: correlationIdOf(event),
        sourceIp: event.requestContext.http.sourceIp,
        headers: event.headers ?? {},
        rawBody: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
      } as HttpRequest<RouteDef>);
      if (result && typeof result === 'object' && 'raw' in result) return (result as RawResponse).raw;
      const shaped = def.response.parse(result);
      if (def.responds === 'html') return htmlResponse(def.successStatus ?? 200, String(shaped));
      return {
        statusCode: def.successStatus ?? 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: JSON.stringify(shaped),
      };
    });
}

/**
 * One Lambda handler for all of a service's routes: middy's router picks the route, and each route runs
 * authorize → parseInput → implementation, with problem details on any error.
 */
export function buildHttpHandler(opts: {
  service: string;
  routes: RouteImpl[];
  logger: Logger;
  /** With the table, staff requests of a suspended tenant are refused (see tenant-status.ts). */
  doc?: DynamoDBDocumentClient;
  tableName?: string;
}) {
  const tenantStatus = opts.doc && opts.tableName ? tenantStatusReader(opts.doc, opts.tableName) : undefined;
  const routes = opts.routes.map((route) => ({
    method: route.def.method,
    path: route.def.path,
    handler: routeHandler(route, opts.logger, tenantStatus),
  }));
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, RouteContext>()
    .use(problemDetails(undefined, opts.logger))
    .handler(
      httpRouterHandler({
        routes,
        notFoundResponse: ({ method, path }: { method: string; path: string }) =>
          problemResponse(404, isPublicPath(path) ? 'zh-CN' : 'en', { detail: `${method} ${path}` }),
      } as never) as never,
    );
  return Object.assign(handler, { [IMPLEMENTED]: routes.map((r) => `${r.method} ${r.path}`) });
}

const IMPLEMENTED = Symbol.for('zuofeng.http.implementedRoutes');

/**
 * The routes (`METHOD /path`) a handler made by buildHttpHandler implements. A route implemented but not in
 * the manifest is never routed to the function (API Gateway and the local runtime both route by the
 * manifest): test/contract/routes.test.ts compares the two for every function.
 */
export const implementedRoutes = (handler: unknown): string[] | undefined =>
  (handler as { [IMPLEMENTED]?: string[] } | undefined)?.[IMPLEMENTED];
