import { createLogger } from '@zuofeng/core';
import { buildHttpHandler, type RouteImpl } from '@zuofeng/http';
import { deps } from './deps';

/** The feedback service's logger, one for its HTTP functions. */
export const logger = createLogger('feedback');

/**
 * An HTTP function of the feedback service over these routes: the main one (residents and staff), the print
 * one (the PDF poster and its font) and the contact one (the only one that opens sealed numbers) differ only
 * in their routes and in what the manifest grants each.
 */
export const feedbackHttpHandler = (routes: RouteImpl[]) =>
  buildHttpHandler({ service: 'feedback', doc: deps.doc, tableName: deps.tableName, logger, routes });
