import type { Action } from '@zuofeng/core';
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A route's contract: everything CDK, the local HTTP server and the OpenAPI document need, and nothing that
 * pulls in the handler's code. Declared in each service's `contract.ts`.
 */
export interface RouteDef<
  P extends z.ZodObject = z.ZodObject,
  Q extends z.ZodObject = z.ZodObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends 'public' | 'staff' = 'public' | 'staff',
> {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path template, e.g. `/problems/{problemId}`. */
  path: string;
  summary: string;
  /**
   * `public`: no token (residents, health, docs); throttled per route in CDK and errors speak zh-CN.
   * `staff`: the JWT authorizer runs first; `roles` lists who may call it.
   */
  auth: A;
  /** The action a staff route performs; the permission matrix (packages/core/src/permissions.ts) says who may. */
  action?: Action;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** @default 200 */
  successStatus?: number;
  /** Largest accepted body in bytes. @default 16384 */
  maxBodyBytes?: number;
  /**
   * How the body is sent: `json` (application/json), or `form` (application/x-www-form-urlencoded, what a
   * `<form method="post">` sends without a script). A form's fields reach the body schema as strings (a name
   * sent more than once, as an array of strings). @default json
   */
  bodyType?: 'json' | 'form';
  /**
   * What the route answers: `json`, or `html` for a page a browser shows. An HTML route answers its errors
   * as HTML pages too (see `implement`'s `renderError`), never as problem details, and a string it returns
   * goes out as `text/html` with the no-script security headers (problem.ts `HTML_HEADERS`). @default json
   */
  responds?: 'json' | 'html';
  /** Content type of the response. @default application/json, or text/html when `responds` is `html` */
  contentType?: string;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Identity helper that keeps the literal types of a route contract. */
export const defineRoute = <
  P extends z.ZodObject,
  Q extends z.ZodObject,
  B extends z.ZodType,
  R extends z.ZodType,
  A extends 'public' | 'staff',
>(
  def: RouteDef<P, Q, B, R, A>,
): RouteDef<P, Q, B, R, A> => def;
