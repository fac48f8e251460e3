import { attachment, implement } from '@zuofeng/http';
import { linkPosterPdf } from '../app/poster-print';
import { formLinkPosterPdfRoute } from '../contract-links';
import { base } from './base-url';
import { deps } from './deps';
import { feedbackHttpHandler } from './handler';

/**
 * The feedback service's print function: the A4 poster as PDF. A function of its own because it carries
 * the CJK font (about 6 MB zipped), which the function serving the residents' pages should not load.
 */
export const handler = feedbackHttpHandler([
  implement(formLinkPosterPdfRoute, async ({ principal, params, headers }) => {
    const pdf = await linkPosterPdf(deps, principal.tenantId, params.linkId, base(headers));
    return {
      raw: {
        statusCode: 200,
        isBase64Encoded: true,
        headers: {
          'content-type': 'application/pdf',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          // An ASCII name for old clients, the Chinese one (RFC 5987) for everyone else.
          'content-disposition': attachment(`form-link-${params.linkId}-poster.pdf`, pdf.filename),
        },
        body: pdf.body.toString('base64'),
      },
    };
  }),
]);
