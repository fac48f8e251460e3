import { DomainError, type FieldIssue } from '@zuofeng/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

const TITLES: Record<'zh-CN' | 'en', Record<number, string>> = {
  'zh-CN': {
    400: '提交的内容有误，请检查后再试',
    401: '请先登录',
    403: '没有权限进行此操作',
    404: '没有找到相关内容',
    405: '不支持此请求方式',
    409: '内容已被他人修改，请刷新后再试',
    410: '该链接已失效',
    413: '提交的内容太大',
    415: '请以 JSON 格式提交',
    429: '提交太频繁，请稍后再试',
    500: '系统繁忙，请稍后再试',
  },
  en: {
    400: 'The request is invalid',
    401: 'Sign-in required',
    403: 'Not allowed',
    404: 'Not found',
    405: 'Method not allowed',
    409: 'The record changed since you read it',
    410: 'Gone',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
    500: 'Internal error',
  },
};

export type Locale = keyof typeof TITLES;

/** An RFC 9457 problem-details response. `errors` names each field and the reason. */
export function problemResponse(
  status: number,
  locale: Locale,
  opts: { detail?: string; errors?: FieldIssue[]; code?: string; instance?: string } = {},
): APIGatewayProxyResultV2 {
  const title = TITLES[locale][status] ?? TITLES[locale][status >= 500 ? 500 : 400]!;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify({
      type: `https://zuofeng.dev/problems/${opts.code ?? status}`,
      title,
      status,
      ...(opts.detail ? { detail: opts.detail } : {}),
      ...(opts.instance ? { instance: opts.instance } : {}),
      ...(opts.errors?.length ? { errors: opts.errors } : {}),
    }),
  };
}

/** Map any thrown value to a problem response. Unknown errors are 500s whose details stay in the logs. */
export function errorToProblem(err: unknown, locale: Locale, instance?: string): APIGatewayProxyResultV2 {
  if (err instanceof DomainError) {
    return problemResponse(err.status, locale, {
      detail: err.message,
      errors: err.issues,
      code: err.code,
      instance,
    });
  }
  const status = (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problemResponse(status, locale, { instance });
  }
  return problemResponse(500, locale, { instance });
}
