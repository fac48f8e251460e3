import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import template from './apigw-v2-request.json';

export type Claims = Record<string, string>;

/**
 * An API Gateway HTTP API (payload 2.0) request, built from the stored fixture. Claims are placed where the
 * JWT authorizer puts them; API Gateway hands every claim over as a string (arrays as `[a b]`).
 */
export function httpEvent(opts: {
  method: string;
  path: string;
  /** The route template, e.g. `/things/{thingId}`; it also names the path parameters. */
  route?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** A string is sent as is; anything else as JSON (with an application/json content type). */
  body?: unknown;
  isBase64Encoded?: boolean;
  claims?: Claims;
}): APIGatewayProxyEventV2 {
  const base = structuredClone(template) as unknown as APIGatewayProxyEventV2;
  const routeKey = `${opts.method} ${opts.route ?? opts.path}`;
  const isString = typeof opts.body === 'string';
  const headers: Record<string, string> = {
    ...base.headers,
    ...(opts.body !== undefined && !isString ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const rawBody =
    opts.body === undefined ? undefined : isString ? (opts.body as string) : JSON.stringify(opts.body);
  return {
    ...base,
    routeKey,
    rawPath: opts.path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers,
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
    ...(rawBody === undefined ? {} : { body: rawBody }),
    isBase64Encoded: opts.isBase64Encoded ?? false,
    requestContext: {
      ...base.requestContext,
      http: { ...base.requestContext.http, method: opts.method, path: opts.path },
      routeKey,
      ...(opts.claims ? { authorizer: { jwt: { claims: opts.claims, scopes: [] } } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

/** Claims of a staff user as Cognito issues them through the JWT authorizer. */
export const staffClaims = (tenantId: string, groups: string[], sub = 'user-1'): Claims => ({
  sub,
  'custom:tenantId': tenantId,
  'cognito:groups': `[${groups.join(' ')}]`,
  name: '张三',
});

/** The bits of a Lambda context a handler may touch. */
export const lambdaContext = (): Context =>
  ({
    functionName: 'test-http',
    functionVersion: '$LATEST',
    awsRequestId: 'aws-req-1',
    invokedFunctionArn: 'test-http',
    memoryLimitInMB: '256',
    logGroupName: '/test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
  }) as Context;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary JSON answers
  json: any;
  raw: string;
}

/** Call a handler and read its structured answer. */
export async function invoke(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
): Promise<HttpAnswer> {
  const result = (await handler(event, lambdaContext())) as APIGatewayProxyResultV2;
  if (typeof result === 'string') return { status: 200, headers: {}, json: JSON.parse(result), raw: result };
  const raw = result.body ?? '';
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: result.statusCode ?? 200,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    json,
    raw,
  };
}
