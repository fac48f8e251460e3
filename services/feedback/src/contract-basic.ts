import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

/**
 * The simple form (简易版): the residents' form for a browser without JavaScript, server-rendered, with no
 * script at all. It posts a plain `<form>` (application/x-www-form-urlencoded) and, since there is no script to
 * solve a proof of work, carries a signed ticket instead (app/abuse/ticket.ts). Every answer is an HTML page,
 * its errors included. Implementation: adapters/routes-basic.ts and app/basic/.
 */

// The token rule of the form's routes (contract.ts), kept here so the files do not import each other.
const FormToken = z.object({ token: z.string().min(10, '链接无效').max(200, '链接无效') });
const Html = z.string();

/**
 * What the simple page posts, as strings. Only the shape is checked here (a name sent twice, a value far
 * longer than the page allows): the answers themselves are checked by the page (app/basic/answers.ts) against
 * the same schema as the JSON route's, so that a mistake shows the form again with the answers kept.
 */
export const BasicFormBody = z.object({
  /** The signed ticket the page was served with. */
  ticket: z.string().max(1000).optional(),
  warmth: z.string().max(40).optional(),
  solved: z.string().max(40).optional(),
  happiness: z.string().max(40).optional(),
  /** The page allows 1000 characters; a browser may send more (its line breaks as CR LF). */
  complaint: z.string().max(4000).optional(),
  /** The village or office, for a township-wide link. */
  unitId: z.string().max(100).optional(),
  phone: z.string().max(100).optional(),
  /** `yes` when ticked. */
  consent: z.string().max(10).optional(),
  /** The honeypot, as on the form with scripts: hidden from people and from autofill. */
  website: z.string().optional(),
});
export type BasicFormBody = z.infer<typeof BasicFormBody>;

export const getBasicFormRoute = defineRoute({
  operationId: 'getBasicForm',
  method: 'GET',
  path: '/f/{token}/basic',
  summary:
    'The simple form of a link, for a browser without JavaScript (HTML, no script): the township and unit, ' +
    'the three questions, the optional problem and call-back number, and a signed ticket for one submission',
  auth: 'public',
  params: FormToken,
  responds: 'html',
  response: Html,
});

export const submitBasicFormRoute = defineRoute({
  operationId: 'submitBasicForm',
  method: 'POST',
  path: '/f/{token}/basic/send',
  summary:
    "The simple form's submission (a plain HTML form post). Answers a receipt page (200); the form again with " +
    'the answers kept and what to fix (400), or when the same page was already sent with other answers (422); ' +
    '429 when an address or a link submits too often (with Retry-After). The ticket is accepted once and is ' +
    "the submission's idempotency key: the same page posted again answers the first receipt.",
  auth: 'public',
  params: FormToken,
  bodyType: 'form',
  body: BasicFormBody,
  // 1000 Chinese characters are 9 KB once percent-encoded.
  maxBodyBytes: 16 * 1024,
  responds: 'html',
  response: Html,
});

export const getBasicLookupRoute = defineRoute({
  operationId: 'getBasicReceiptLookup',
  method: 'GET',
  path: '/f/{token}/basic/r',
  summary:
    'Where a resident without JavaScript types a receipt code (HTML); with `?code=` it redirects (303) to ' +
    "that receipt's page",
  auth: 'public',
  params: FormToken,
  query: z.object({ code: z.string().max(60, '回执码格式不对').optional() }),
  responds: 'html',
  response: Html,
});

export const getBasicReceiptRoute = defineRoute({
  operationId: 'getBasicReceipt',
  method: 'GET',
  path: '/f/{token}/basic/r/{code}',
  summary: "A receipt's state and the township's public reply, for a browser without JavaScript (HTML)",
  auth: 'public',
  params: FormToken.extend({ code: z.string().min(1, '回执码格式不对').max(60, '回执码格式不对') }),
  responds: 'html',
  response: Html,
});

export const basicRouteDefs = [
  getBasicFormRoute,
  submitBasicFormRoute,
  getBasicLookupRoute,
  getBasicReceiptRoute,
] as const;
