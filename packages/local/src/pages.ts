import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { verifyLocalEvidence } from '@zuofeng/evidence';
import type { DevIdentityProvider } from './dev-idp';
import { type LocalPage, staticFiles } from './http-server';
import type { DemoLink } from './seed';

const json = (status: number, body: unknown) => ({
  status,
  type: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});
const pathOf = (url: string | undefined) => new URL(url ?? '/', 'http://local').pathname;

/** The dev identity provider's endpoints: discovery, JWKS, the user list and the token call. */
export function idpPages(idp: DevIdentityProvider): LocalPage {
  return async (req, body) => {
    const path = pathOf(req.url);
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') return json(200, idp.discovery);
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return json(200, idp.jwks);
    if (req.method === 'GET' && path === '/dev/users') {
      return json(200, {
        users: idp
          .listUsers()
          .map(({ username, tenantId, roles, name }) => ({ username, tenantId, roles, name })),
      });
    }
    if (path !== '/dev/token') return undefined;
    if (req.method !== 'POST') return json(405, { message: 'POST {"username","password"}' });
    let input: { username?: unknown; password?: unknown };
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return json(400, { title: 'invalid JSON', errors: [{ field: '', reason: 'malformed JSON' }] });
    }
    const errors = ['username', 'password']
      .filter((f) => typeof input[f as 'username'] !== 'string')
      .map((field) => ({ field, reason: 'required string' }));
    if (errors.length) return json(400, { title: 'invalid input', errors });
    const out = await idp.issue(input.username as string, input.password as string);
    if ('refused' in out) {
      const title = {
        credentials: '用户名或密码不正确 (unknown user or wrong password)',
        disabled: '账号已停用 (the account is disabled)',
        suspended: '本镇已暂停使用 (the township is suspended)',
      }[out.refused];
      return json(out.refused === 'credentials' ? 401 : 403, {
        title,
        status: out.refused === 'credentials' ? 401 : 403,
        code: out.refused,
      });
    }
    return json(200, { token: out.token, tokenType: 'Bearer', expiresIn: 12 * 3600 });
  };
}

/** Swagger UI over /openapi.json, from the swagger-ui-dist package (no CDN: the machines are offline). */
export function docsPages(): LocalPage[] {
  const dir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>zuofeng API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true });</script>
</body></html>`;
  return [
    async (req) =>
      pathOf(req.url) === '/docs' || pathOf(req.url) === '/docs/'
        ? { status: 200, type: 'text/html; charset=utf-8', body: html }
        : undefined,
    staticFiles('/docs/assets/', dir, {
      js: 'text/javascript',
      css: 'text/css',
      png: 'image/png',
      map: 'application/json',
    }),
  ];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The landing page: where everything is, and the demo logins. */
export function landingPage(info: { links: () => DemoLink[]; users: DevIdentityProvider }): LocalPage {
  return async (req) => {
    if (req.method !== 'GET' || pathOf(req.url) !== '/') return undefined;
    const users = info.users
      .listUsers()
      .map(
        (u) =>
          `<tr><td><code>${esc(u.username)}</code></td><td>${esc(u.name)}</td><td>${esc(u.roles.join(', '))}</td></tr>`,
      )
      .join('');
    const links = info
      .links()
      .map(
        (l) =>
          `<li>${esc(l.township)} · ${esc(l.unit)}：<a href="/f/${esc(l.token)}">/f/${esc(l.token)}</a></li>`,
      )
      .join('');
    return {
      status: 200,
      type: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>作风 zuofeng · 本地运行</title><style>body{font:15px/1.6 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}td{padding:.1rem .6rem}</style></head>
<body><h1>作风 · 能力作风建设年</h1><p>本地运行中（DynamoDB Local）。Local runtime is up.</p>
<ul><li><a href="/console/">工作台 Staff console /console/</a></li><li><a href="/health">/health</a></li><li><a href="/docs">API 文档 /docs</a>（<a href="/openapi.json">openapi.json</a>）</li></ul>
<h2>演示账号 Demo logins</h2><p>密码均为 <code>zuofeng</code>。<code>POST /dev/token {"username","password"}</code> 返回令牌。</p>
<table><tr><th>username</th><th>name</th><th>roles</th></tr>${users}</table>
<h2>群众评价链接 Form links</h2><ul>${links}</ul></body></html>`,
    };
  };
}

/**
 * The staff console (packages/web, built by `npm run build:web`) under /console/, with the SPA fallback that
 * CloudFront gives it on AWS, and its runtime config: the dev identity provider locally.
 */
export function consolePages(distDir: string): LocalPage[] {
  const types: Record<string, string> = {
    js: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
    html: 'text/html; charset=utf-8',
    svg: 'image/svg+xml',
    png: 'image/png',
    ico: 'image/x-icon',
    json: 'application/json',
    woff2: 'font/woff2',
  };
  return [
    async (req) => {
      const path = pathOf(req.url);
      if (path === '/console')
        return {
          status: 200,
          type: 'text/html',
          body: '<meta http-equiv="refresh" content="0;url=/console/">',
        };
      if (!path.startsWith('/console/')) return undefined;
      if (path === '/console/config.json') return json(200, { auth: 'dev' });
      const rel = path.slice('/console/'.length);
      const file = rel && /^[\w./-]+$/.test(rel) && !rel.includes('..') ? join(distDir, rel) : undefined;
      const ext = rel.split('.').pop() ?? '';
      if (file && existsSync(file) && statSync(file).isFile()) {
        return { status: 200, type: types[ext] ?? 'application/octet-stream', body: await readFile(file) };
      }
      if (/\.[a-z0-9]+$/i.test(rel)) return { status: 404, type: 'text/plain', body: 'not found' };
      const index = join(distDir, 'index.html');
      if (!existsSync(index)) {
        return {
          status: 503,
          type: 'text/plain; charset=utf-8',
          body: 'The console is not built yet: run `npm run build:web` (npm start does it for you).',
        };
      }
      return { status: 200, type: 'text/html; charset=utf-8', body: await readFile(index) };
    },
  ];
}

/**
 * The local evidence store behind the presigned URLs of packages/evidence/src/store.ts:
 * PUT stores a file (type and size must match what was signed), GET serves it, both only before expiry.
 */
export function evidencePages(dir: string, secret: string): LocalPage {
  return async (req, body) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/local-evidence/')) return undefined;
    const key = url.pathname.slice('/local-evidence/'.length).split('/').map(decodeURIComponent).join('/');
    if (!/^evidence\/[a-z0-9-]+\/[0-9A-Z]{26}\/[^/]+$/u.test(key) || key.includes('..')) {
      return { status: 400, type: 'text/plain', body: 'bad key' };
    }
    const method = req.method ?? 'GET';
    if (!verifyLocalEvidence(secret, method, key, url.searchParams))
      return { status: 403, type: 'text/plain', body: 'expired or forged URL' };
    const file = join(dir, key);
    if (method === 'PUT') {
      if (
        body.length !== Number(url.searchParams.get('size')) ||
        req.headers['content-type'] !== url.searchParams.get('type')
      ) {
        return {
          status: 400,
          type: 'text/plain',
          body: 'the file does not match what was signed (type or size)',
        };
      }
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, body);
      return { status: 200, type: 'text/plain', body: '' };
    }
    if (method !== 'GET') return { status: 405, type: 'text/plain', body: 'GET or PUT' };
    if (!existsSync(file)) return { status: 404, type: 'text/plain', body: 'not found' };
    const ext = key.split('.').pop()?.toLowerCase() ?? '';
    const type = {
      jpg: 'image/jpeg',
      jpeg: 'image/jpeg',
      png: 'image/png',
      webp: 'image/webp',
      pdf: 'application/pdf',
    }[ext];
    return { status: 200, type: type ?? 'application/octet-stream', body: await readFile(file) };
  };
}
