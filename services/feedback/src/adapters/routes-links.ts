import { attachment, implement, type RouteImpl } from '@zuofeng/http';
import { townshipFigures } from '../app/figures';
import { createLink, listLinks, revokeLink, updateLink } from '../app/links';
import { linkPosterHtml, linkQrFile } from '../app/poster-print';
import { replyToFeedback } from '../app/public-reply';
import { receiptStatus, rerate } from '../app/receipts';
import {
  createFormLinkRoute,
  figuresRoute,
  formLinkPosterRoute,
  formLinkQrRoute,
  listFormLinksRoute,
  receiptRoute,
  replyRoute,
  rerateRoute,
  revokeFormLinkRoute,
  updateFormLinkRoute,
} from '../contract-links';
import { base } from './base-url';
import { deps } from './deps';

/** A body that is not JSON: the SVG of a QR code, the poster's HTML. */
const file = (contentType: string, body: string, extra: Record<string, string> = {}) => ({
  raw: {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extra,
    },
    body,
  },
});

/**
 * The feedback service's routes beyond the submission itself: form links and posters, receipts and
 * re-rating, call-back numbers, satisfaction figures. Kept apart from http.ts so that they grow on their own.
 */
export const linkRoutes: RouteImpl[] = [
  implement(createFormLinkRoute, async ({ principal, body, headers }) =>
    createLink(deps, principal, body, base(headers)),
  ),
  implement(listFormLinksRoute, async ({ principal, headers }) =>
    listLinks(deps, principal.tenantId, base(headers)),
  ),
  implement(revokeFormLinkRoute, async ({ principal, params, headers }) =>
    revokeLink(deps, principal, params.linkId, base(headers)),
  ),
  implement(updateFormLinkRoute, async ({ principal, params, body, headers }) =>
    updateLink(deps, principal, params.linkId, body, base(headers)),
  ),
  implement(formLinkQrRoute, async ({ principal, params, headers }) => {
    const qr = await linkQrFile(deps, principal.tenantId, params.linkId, base(headers));
    // Named like the poster (青山镇-东村-…-评价二维码.svg), with an ASCII name for old clients.
    return file('image/svg+xml', qr.svg, {
      'content-disposition': attachment(`form-link-${params.linkId}.svg`, qr.filename),
    });
  }),
  implement(formLinkPosterRoute, async ({ principal, params, headers }) =>
    file(
      'text/html; charset=utf-8',
      await linkPosterHtml(deps, principal.tenantId, params.linkId, base(headers)),
      {
        // The poster is ours alone: no script, nothing fetched; stored names are escaped in it anyway.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      },
    ),
  ),
  implement(receiptRoute, async ({ params }) => receiptStatus(deps, params.token, params.code)),
  implement(rerateRoute, async ({ params, body, correlationId }) =>
    rerate(deps, { token: params.token, code: params.code, rating: body.rating, correlationId }),
  ),
  implement(replyRoute, async ({ principal, params, body }) =>
    replyToFeedback(deps, principal, params.feedbackId, body.text),
  ),
  implement(figuresRoute, async ({ principal }) => townshipFigures(deps, principal.tenantId)),
];
