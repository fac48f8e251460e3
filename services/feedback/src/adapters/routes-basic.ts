import { gzipSync } from 'node:zlib';
import { createLogger } from '@zuofeng/core';
import {
  acceptsGzip,
  htmlResponse,
  implement,
  type ProblemPageRenderer,
  type RouteImpl,
} from '@zuofeng/http';
import {
  basicFormPage,
  basicLookup,
  basicStatusPage,
  type Page,
  submitBasicForm,
} from '../app/basic/basic-form';
import { problemPage } from '../app/basic/html';
import {
  getBasicFormRoute,
  getBasicLookupRoute,
  getBasicReceiptRoute,
  submitBasicFormRoute,
} from '../contract-basic';
import { deps } from './deps';

const logger = createLogger('feedback');

/**
 * A page as the gateway's answer, with the no-script headers (strict CSP, no-store, no Referer); gzipped when
 * the browser takes it, since API Gateway's HTTP API does not compress (the form is 8 KB, 3 KB gzipped).
 */
function page(p: Page, headers: Record<string, string | undefined>) {
  const res = htmlResponse(p.status, p.html, { vary: 'accept-encoding', ...p.headers });
  if (!acceptsGzip(headers)) return { raw: res };
  return {
    raw: {
      ...res,
      headers: { ...res.headers, 'content-encoding': 'gzip' },
      isBase64Encoded: true,
      body: gzipSync(p.html).toString('base64'),
    },
  };
}

/**
 * Every refusal of the simple pages is a zh-CN page too (a dead link, a full window, a body that is not a
 * form): the token is taken from the address only to lead back to the form, and escaped like anything else.
 */
const renderError: ProblemPageRenderer = (problem, req) => {
  const token = req.params.token;
  return problemPage(problem, token && /^[A-Za-z0-9._~-]{10,200}$/.test(token) ? token : undefined);
};

/** The simple form (简易版) for browsers without JavaScript: see contract-basic.ts and app/basic/. */
export const basicRoutes: RouteImpl[] = [
  implement(
    getBasicFormRoute,
    async ({ params, headers }) => {
      const p = await basicFormPage(deps, params.token);
      // Kept by this browser alone (the ticket in it is for one resident), so that Back after sending shows
      // this very page with its ticket: a second Submit then gets the first receipt, not a second submission
      // (the form posts to …/basic/send, whose POST does not evict this page from the cache).
      return page({ ...p, headers: { ...p.headers, 'cache-control': 'private, max-age=0' } }, headers);
    },
    { renderError },
  ),
  implement(
    submitBasicFormRoute,
    async ({ params, body, correlationId, headers, sourceIp }) => {
      const out = await submitBasicForm(deps, {
        token: params.token,
        body,
        correlationId,
        headers,
        sourceIp,
      });
      if (out.submitted?.outcome === 'stored')
        logger.info('feedback submitted', {
          tenantId: out.submitted.tenantId,
          feedbackId: out.submitted.feedbackId,
          form: 'basic',
        });
      return page(out, headers);
    },
    { renderError },
  ),
  implement(
    getBasicLookupRoute,
    async ({ params, query, headers }) => {
      const out = await basicLookup(deps, params.token, query.code);
      if ('redirect' in out) {
        return {
          raw: {
            statusCode: 303,
            headers: {
              location: out.redirect,
              'cache-control': 'no-store',
              'referrer-policy': 'no-referrer',
            },
            body: '',
          },
        };
      }
      return page(out, headers);
    },
    { renderError },
  ),
  implement(
    getBasicReceiptRoute,
    async ({ params, headers }) => page(await basicStatusPage(deps, params.token, params.code), headers),
    { renderError },
  ),
];
