import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

// The token rule of the form's routes (contract.ts); pages check the same shape, and read nothing else.
const FormToken = z.object({ token: z.string().min(10, '链接无效').max(200, '链接无效') });
const Html = z.string();

/**
 * The residents' pages themselves (packages/form, built into packages/form/dist and bundled with this
 * service's function): served by the API, so that the form, its scripts and the API it calls share one
 * origin on AWS as on `npm start` (no CORS preflight on a weak signal), and so that the page can carry its
 * own link's address where it needs one (the simple page for browsers without scripts).
 */
export const formPageRoute = defineRoute({
  operationId: 'getFormPage',
  method: 'GET',
  path: '/f/{token}',
  summary: "The residents' form page of a link (HTML; the form's script fills in the township and unit)",
  auth: 'public',
  params: FormToken,
  response: Html,
  // Its errors (a malformed token) are pages too, not problem details.
  responds: 'html',
});

export const receiptPageRoute = defineRoute({
  operationId: 'getReceiptPage',
  method: 'GET',
  path: '/f/{token}/r',
  summary: 'The page where a resident types a receipt code to follow their case (HTML)',
  auth: 'public',
  params: FormToken,
  response: Html,
  // Its errors (a malformed token) are pages too, not problem details.
  responds: 'html',
});

export const receiptCodePageRoute = defineRoute({
  operationId: 'getReceiptCodePage',
  method: 'GET',
  path: '/f/{token}/r/{code}',
  summary: "A receipt's page: the case's state, the public reply, and the re-rating when it is open (HTML)",
  auth: 'public',
  params: FormToken.extend({ code: z.string().min(1, '回执码无效').max(40, '回执码无效') }),
  response: Html,
  // Its errors (a malformed token) are pages too, not problem details.
  responds: 'html',
});

export const formAssetRoute = defineRoute({
  operationId: 'getFormAsset',
  method: 'GET',
  path: '/f/assets/{file}',
  summary: "A script of the residents' pages (its URL carries the content hash: cached for a year)",
  auth: 'public',
  params: z.object({ file: z.string().regex(/^[\w-]+\.js$/, '文件不存在') }),
  response: z.string(),
  contentType: 'text/javascript',
});

export const shortLinkRoute = defineRoute({
  operationId: 'openShortLink',
  method: 'GET',
  path: '/s/{code}',
  summary:
    "A form link's short URL, as the poster prints it for typing: 302 to the link's page `/f/<token>` (also " +
    'when the link is revoked or expired: that page says so). Capitals, dashes, spaces, full-width letters, a ' +
    'trailing slash and o / i / l typed for 0 / 1 are forgiven; an unknown code is a zh-CN 404 page',
  auth: 'public',
  // Anything reaches the use case, which answers what is not a code with the same 404 as an unknown code.
  params: z.object({ code: z.string().min(1, '网址不完整').max(200, '网址不对') }),
  response: Html,
  responds: 'html',
});

export const pageRouteDefs = [
  formPageRoute,
  receiptPageRoute,
  receiptCodePageRoute,
  formAssetRoute,
  shortLinkRoute,
] as const;
