import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalPage } from './http-server';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
const TOKEN = '[A-Za-z0-9._~-]{10,200}';
const FORM = new RegExp(`^/f/${TOKEN}/?$`);
const RECEIPT = new RegExp(`^/f/${TOKEN}/r(?:/[A-Za-z0-9-]{0,40})?/?$`);
const text = (status: number, body: string) => ({ status, type: 'text/plain; charset=utf-8', body });

/**
 * The residents' form (packages/form, built by `npm run build:form`) under /f/, without an SPA fallback:
 * `/f/<token>` is the form page, `/f/<token>/r/<code>` the receipt page, `/f/assets/<file>` their files.
 * The pages read the token from their own path and call the public API; on AWS the CDN maps the same paths.
 */
export function formPages(distDir: string): LocalPage {
  return async (req) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!path.startsWith('/f/')) return undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, '只支持 GET');
    let file: string | undefined;
    if (path.startsWith('/f/assets/')) {
      const name = path.slice('/f/assets/'.length);
      if (/^[\w-]+\.(js|css)$/.test(name)) file = join(distDir, 'assets', name);
    } else if (FORM.test(path)) file = join(distDir, 'index.html');
    else if (RECEIPT.test(path)) file = join(distDir, 'receipt.html');
    if (!file) return text(404, '页面不存在，请重新扫描二维码');
    if (!existsSync(join(distDir, 'index.html')))
      return text(503, 'The form is not built yet: run `npm run build:form` (npm start does it for you).');
    if (!existsSync(file) || !statSync(file).isFile()) return text(404, '页面不存在');
    return {
      status: 200,
      type: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
      body: await readFile(file),
    };
  };
}
