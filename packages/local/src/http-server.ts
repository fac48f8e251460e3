import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RouteDef } from '@zuofeng/http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import type { DevIdentityProvider } from './dev-idp';
import { lambdaContext } from './queue-worker';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof lambdaContext>,
) => Promise<unknown>;

export interface LocalRoute {
  service: string;
  def: RouteDef;
  handler: () => Promise<HttpHandler>;
}

/** A local-only page or endpoint (docs, dev identity provider, landing page). */
export type LocalPage = (
  req: IncomingMessage,
  body: Buffer,
) => Promise<{ status: number; type: string; body: string | Buffer } | undefined>;

/** API Gateway's own payload limit; routes set tighter ones of their own. */
const MAX_PAYLOAD = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/([a-z.+-]*json|x-www-form-urlencoded|xml)|text\/)/i;

function compile(path: string): RegExp {
  const pattern = path.replace(/\{([^/}]+)\}/g, (_m, name: string) => `(?<${name}>[^/]+)`);
  return new RegExp(`^${pattern}/?$`);
}

/**
 * The local API Gateway: it matches the same routes, runs the JWT check on staff routes with the dev
 * identity provider's keys, builds the same APIGatewayProxyEventV2 (claims included, flattened as API Gateway
 * flattens them) and calls the same handler.
 */
export async function startHttpServer(opts: {
  port: number;
  routes: readonly LocalRoute[];
  idp: DevIdentityProvider;
  pages: LocalPage[];
  log?: (line: string) => void;
}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const compiled = opts.routes.map((r) => ({ ...r, regex: compile(r.def.path) }));

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.log?.(`http: ${(err as Error).stack ?? err}`);
      if (!res.headersSent)
        send(res, 500, 'application/json', JSON.stringify({ message: 'Internal Server Error' }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_PAYLOAD) {
        send(res, 413, 'application/json', JSON.stringify({ message: 'Request Entity Too Large' }));
        req.destroy();
        return;
      }
      chunks.push(c as Buffer);
    }
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();

    for (const page of opts.pages) {
      const out = await page(req, body);
      if (out) return send(res, out.status, out.type, out.body);
    }

    const match = compiled.find((r) => r.def.method === method && r.regex.test(url.pathname));
    if (!match) {
      const pathExists = compiled.some((r) => r.regex.test(url.pathname));
      return send(
        res,
        pathExists ? 405 : 404,
        'application/json',
        JSON.stringify({ message: pathExists ? 'Method Not Allowed' : 'Not Found' }),
      );
    }

    let claims: Record<string, string> | undefined;
    if (match.def.auth === 'staff') {
      const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      try {
        if (!token) throw new Error('no token');
        claims = flattenClaims(await opts.idp.verify(token));
      } catch {
        return send(res, 401, 'application/json', JSON.stringify({ message: 'Unauthorized' }), {
          'www-authenticate': 'Bearer',
        });
      }
    }

    const params = match.regex.exec(url.pathname)?.groups ?? {};
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const contentType = headers['content-type'] ?? '';
    const isText = body.length === 0 || TEXT_TYPES.test(contentType);
    const now = new Date();
    const requestId = ulid();
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const routeKey = `${match.def.method} ${match.def.path}`;
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(params).length
        ? {
            pathParameters: Object.fromEntries(
              Object.entries(params).map(([k, v]) => [k, decodeURIComponent(v)]),
            ),
          }
        : {}),
      ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
    };
    const handler = await match.handler();
    const result = (await handler(event, lambdaContext(`${match.service}-http`))) as APIGatewayProxyResultV2;
    const r =
      typeof result === 'string' ? { statusCode: 200, body: result } : (result ?? { statusCode: 204 });
    const out = r.isBase64Encoded && r.body ? Buffer.from(r.body, 'base64') : (r.body ?? '');
    const outHeaders = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(v)]));
    send(res, r.statusCode ?? 200, outHeaders['content-type'] ?? 'application/json', out, outHeaders);
    opts.log?.(`${method} ${url.pathname} → ${r.statusCode ?? 200}`);
  }

  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** API Gateway hands claims to the function as strings, arrays as `[a b]`. */
function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { ...headers, 'content-type': type, 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** Serve files of a package folder under a URL prefix (API docs assets). */
export function staticFiles(prefix: string, dir: string, types: Record<string, string>): LocalPage {
  return async (req) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!path.startsWith(prefix)) return undefined;
    const name = path.slice(prefix.length);
    if (!/^[\w.-]+$/.test(name)) return { status: 404, type: 'text/plain', body: 'not found' };
    try {
      const ext = name.split('.').pop() ?? '';
      return {
        status: 200,
        type: types[ext] ?? 'application/octet-stream',
        body: await readFile(join(dir, name)),
      };
    } catch {
      return { status: 404, type: 'text/plain', body: 'not found' };
    }
  };
}
