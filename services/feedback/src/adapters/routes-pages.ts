import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NotFoundError } from '@zuofeng/core';
import { acceptsGzip, implement, type RouteImpl } from '@zuofeng/http';
import { bundledDir } from '@zuofeng/manifest';
import { renderProblemPage } from '../app/basic/html';
import { formAssetRoute, formPageRoute, receiptCodePageRoute, receiptPageRoute } from '../contract-pages';
import { FORM_FILES } from '../manifest-files';
import { shortLinkRoutes } from './routes-short';

/**
 * What the residents' pages may do: their own scripts and proof-of-work workers, the inline stylesheet,
 * the photo preview (blob:), and calls to this origin and to the evidence store's presigned https URL.
 */
export const FORM_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' https:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The form's built HTML marker that the simple page's address replaces (packages/form/src/pages.ts). */
const BASIC_HREF = '__ZF_BASIC_HREF__';

interface Built {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

const built = (body: Buffer): Built => ({
  body,
  gzip: gzipSync(body, { level: 9 }),
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
});

let cache: { pages: Record<'form' | 'receipt', string>; assets: Map<string, Built> } | undefined;

/** The built form, read once per warm function (a few tens of KB). */
function files() {
  if (!cache) {
    const dir = bundledDir(FORM_FILES, __dirname);
    const assets = new Map<string, Built>();
    for (const name of readdirSync(join(dir, 'assets')))
      if (/^[\w-]+\.js$/.test(name)) assets.set(name, built(readFileSync(join(dir, 'assets', name))));
    cache = {
      pages: {
        form: readFileSync(join(dir, 'index.html'), 'utf8'),
        receipt: readFileSync(join(dir, 'receipt.html'), 'utf8'),
      },
      assets,
    };
  }
  return cache;
}

/**
 * A page or script, gzipped when the browser takes gzip (API Gateway's HTTP API does not compress), with an
 * ETag so that a phone that has the page already gets a 304 and no body on a slow connection.
 */
function serve(
  file: Built,
  type: string,
  headers: Record<string, string | undefined>,
  extra: Record<string, string>,
) {
  const common = { etag: file.etag, vary: 'accept-encoding', 'x-content-type-options': 'nosniff', ...extra };
  if (headers['if-none-match']?.split(/\s*,\s*/).includes(file.etag))
    return { raw: { statusCode: 304, headers: common, body: '' } };
  const gzip = acceptsGzip(headers);
  return {
    raw: {
      statusCode: 200,
      headers: { ...common, 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
      isBase64Encoded: true,
      body: (gzip ? file.gzip : file.body).toString('base64'),
    },
  };
}

const pageCache = new Map<string, Built>();

/** A page with its own link's simple address in it: built per token, kept while the function is warm. */
function page(kind: 'form' | 'receipt', basicHref: string): Built {
  const key = `${kind}\n${basicHref}`;
  let p = pageCache.get(key);
  if (!p) {
    // The token passed the route's schema; encodeURIComponent leaves nothing that means anything in HTML
    // but `'`, which the attribute's double quotes make harmless.
    p = built(Buffer.from(files().pages[kind].split(BASIC_HREF).join(basicHref), 'utf8'));
    if (pageCache.size > 500) pageCache.clear();
    pageCache.set(key, p);
  }
  return p;
}

const HTML_HEADERS = {
  // Revalidated on every visit (the ETag makes that cheap): a new build reaches phones at once.
  'cache-control': 'no-cache',
  'content-security-policy': FORM_CSP,
  // The token is in the address: it must not travel to anyone else in a Referer.
  'referrer-policy': 'no-referrer',
};

/** The simple pages: the form, the lookup of a receipt code, or one code's status. */
const basic = (token: string, receipt?: { code?: string }) =>
  `/f/${encodeURIComponent(token)}/basic${receipt ? `/r${receipt.code ? `/${encodeURIComponent(receipt.code)}` : ''}` : ''}`;

/**
 * The pages' refusals (a token too short or too long for a link) are the simple pages' error pages: a
 * mistyped link reads as a link to scan again, not as a generic "what you submitted is wrong".
 */
const renderError = renderProblemPage;

export const pageRoutes: RouteImpl[] = [
  implement(
    formPageRoute,
    async ({ params, headers }) =>
      serve(page('form', basic(params.token)), 'text/html; charset=utf-8', headers, HTML_HEADERS),
    { renderError },
  ),
  implement(
    receiptPageRoute,
    async ({ params, headers }) =>
      serve(page('receipt', basic(params.token, {})), 'text/html; charset=utf-8', headers, HTML_HEADERS),
    { renderError },
  ),
  implement(
    receiptCodePageRoute,
    async ({ params, headers }) =>
      serve(
        page('receipt', basic(params.token, { code: params.code })),
        'text/html; charset=utf-8',
        headers,
        HTML_HEADERS,
      ),
    { renderError },
  ),
  implement(formAssetRoute, async ({ params, headers }) => {
    const file = files().assets.get(params.file);
    if (!file) throw new NotFoundError('文件不存在', [{ field: 'path.file', reason: '没有这个文件' }]);
    return serve(file, 'text/javascript; charset=utf-8', headers, {
      // Each URL names its content hash (?v=…): a year, never revalidated.
      'cache-control': 'public, max-age=31536000, immutable',
    });
  }),
  // A link's short URL (`/s/{code}`, printed on its poster): a redirect to the form page above.
  ...shortLinkRoutes,
];
