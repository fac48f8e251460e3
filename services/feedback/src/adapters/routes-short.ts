import {
  escapeHtml,
  htmlDocument,
  htmlResponse,
  implement,
  type ProblemPageRenderer,
  type RouteImpl,
} from '@zuofeng/http';
import { formPath } from '../app/links';
import { resolveShortCode } from '../app/short-links';
import { shortLinkRoute } from '../contract-pages';
import { base } from './base-url';
import { deps } from './deps';

const STYLE =
  'body{font:18px/1.6 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#1c1c1c}h1{font-size:1.4rem}';

/**
 * The page of a short URL that leads nowhere (mistyped, or never made): what went wrong and the two ways on,
 * in Chinese. Nothing of what was typed is echoed.
 */
export const shortLinkErrorPage: ProblemPageRenderer = (p) => {
  const reasons = (p.errors ?? []).map((e) => e.reason).filter((r) => r && r !== p.detail);
  return htmlDocument({
    title: p.status === 404 ? '没有找到这个评价页面' : p.title,
    style: STYLE,
    body: `<main>
<h1>${escapeHtml(p.status === 404 ? '没有找到这个评价页面' : p.title)}</h1>
${p.detail ? `<p>${escapeHtml(p.detail)}</p>` : ''}
${reasons.map((r) => `<p>${escapeHtml(r)}</p>`).join('\n')}
</main>`,
  });
};

/**
 * `GET /s/{code}`: the short URL a poster prints for typing, answered with a 302 to the link's form page. The
 * headers are those of every page of ours (problem.ts `HTML_HEADERS`): never stored by a cache, so a short
 * URL always follows its link, and no Referer, since the address it leads to carries the token. The body is a
 * plain link, for the rare client that does not follow redirects.
 */
export const shortLinkRoutes: RouteImpl[] = [
  implement(
    shortLinkRoute,
    async ({ params, headers }) => {
      const { token } = await resolveShortCode(deps, params.code);
      const location = `${base(headers)}${formPath(token)}`;
      const body = htmlDocument({
        title: '正在打开评价页',
        style: STYLE,
        body: `<main><p><a href="${escapeHtml(location)}">打开评价页</a></p></main>`,
      });
      return { raw: htmlResponse(302, body, { location }) };
    },
    { renderError: shortLinkErrorPage },
  ),
];
