import { NotFoundError, ValidationError } from '@zuofeng/core';
import type { BasicFormBody } from '../../contract-basic';
import type { FormLinkRef } from '../../domain/form-link';
import { CODE_EMPTY_ZH } from '../../domain/form-wording';
import { normaliseReceiptCode } from '../../domain/receipt-code';
import { BASIC_TICKET } from '../abuse/config';
import type { AbuseDeps } from '../abuse/deps';
import { IdempotencyKeyReusedError, TicketError, TooManyRequestsError } from '../abuse/errors';
import { issueTicket, readTicket, ticketKey } from '../abuse/ticket';
import type { FeedbackDeps } from '../deps';
import { type OpenLink, openLink, unitOf } from '../form-links';
import { formUnits } from '../links';
import { linkPlace, receiptStatus } from '../receipts';
import { type SubmitResult, submitFeedback } from '../submit-feedback';
import { type Answers, checkAnswers, EMPTY_ANSWERS, fieldErrorsOf, readAnswers } from './answers';
import { type FormView, formPage, lookupPage, paths, receiptPage, statusPage } from './html';

/** A page to answer with: its status, its HTML, and any header beyond the HTML ones. */
export interface Page {
  status: number;
  html: string;
  headers?: Record<string, string>;
  /** Set on a submission's answer: what happened to it (for the log). */
  submitted?: Pick<SubmitResult, 'outcome' | 'tenantId' | 'feedbackId'>;
}

/** What the form shows of its link: the township, the unit, and for a township-wide link the units. */
async function viewOf(deps: FeedbackDeps, token: string, opened: OpenLink): Promise<FormView> {
  const { ref, link, profile } = opened;
  const [unit, units] = await Promise.all([
    link.unitId ? unitOf(deps, ref.tenantId, link.unitId) : undefined,
    formUnits(deps, ref.tenantId, link),
  ]);
  return { token, township: profile.name, ...(unit ? { unit: unit.name } : {}), units };
}

const newTicket = async (deps: FeedbackDeps, ref: FormLinkRef, issuedAt?: number) =>
  issueTicket(ticketKey(await deps.formLinkSecret()), ref, deps.now(), {
    ttlSeconds: BASIC_TICKET.ttlSeconds,
    ...(issuedAt !== undefined ? { issuedAt } : {}),
  }).ticket;

/**
 * The ticket of a form shown again. The page's own while it is ours, unused and not about to expire: it has
 * dated the page since it was first shown, so the minimum fill time does not start over for a resident who
 * only fixes one field (starting over would make a quick fix look like a bot's, and a bot's answer is a
 * decoy). Otherwise a fresh one; still dated from the first showing when the old one was ours, since the
 * resident has had the page that long.
 */
async function ticketForAgain(
  deps: FeedbackDeps,
  ref: FormLinkRef,
  sent: string,
  opts: { used: boolean },
): Promise<string> {
  const claims = readTicket(ticketKey(await deps.formLinkSecret()), sent);
  const ours =
    claims && claims.tenantId === ref.tenantId && claims.linkId === ref.linkId ? claims : undefined;
  const lastsAWhile = ours && ours.expiresAt * 1000 - deps.now().getTime() > 10 * 60_000;
  if (ours && lastsAWhile && !opts.used) return sent;
  return newTicket(deps, ref, ours?.issuedAt);
}

/** `GET /f/{token}/basic`: the empty form with a fresh ticket. A dead link is a 404 or 410 (thrown). */
export async function basicFormPage(deps: FeedbackDeps, token: string): Promise<Page> {
  const opened = await openLink(deps, token);
  const view = await viewOf(deps, token, opened);
  const ticket = await newTicket(deps, opened.ref);
  return { status: 200, html: formPage(view, { answers: EMPTY_ANSWERS, ticket }) };
}

/**
 * `POST /f/{token}/basic`: check the answers as the JSON route does, then the same use case behind the same
 * guard (app/abuse/guard.ts), with the ticket as the proof and as the Idempotency-Key. The answer is a page:
 * the receipt (a suspected bot's decoy looks the same); or the form again with the answers kept and what to
 * fix (400), the same page sent with other answers (422), too many submissions (429). Nothing is stored for
 * any of these. A dead link is a 404 or 410 (thrown, drawn by the route's error page).
 */
export async function submitBasicForm(
  deps: AbuseDeps,
  input: {
    token: string;
    body: BasicFormBody;
    correlationId: string;
    headers: Record<string, string | undefined>;
    sourceIp: string;
  },
): Promise<Page> {
  const opened = await openLink(deps, input.token);
  const view = await viewOf(deps, input.token, opened);
  const answers: Answers = readAnswers(input.body);
  const sent = input.body.ticket ?? '';
  const again = async (
    status: number,
    opts: { errors?: ReturnType<typeof fieldErrorsOf>; alert?: string; used?: boolean },
    headers?: Record<string, string>,
  ): Promise<Page> => ({
    status,
    html: formPage(view, {
      answers,
      ticket: await ticketForAgain(deps, opened.ref, sent, { used: !!opts.used }),
      ...(opts.errors ? { errors: opts.errors } : {}),
      ...(opts.alert ? { alert: opts.alert } : {}),
    }),
    ...(headers ? { headers } : {}),
  });

  const checked = checkAnswers(answers, view.units);
  if ('errors' in checked) return again(400, { errors: checked.errors });
  try {
    const out = await submitFeedback(deps, {
      token: input.token,
      opened,
      body: { ...checked.content, website: input.body.website, ticket: sent },
      correlationId: input.correlationId,
      headers: input.headers,
      sourceIp: input.sourceIp,
    });
    return {
      status: 200,
      html: receiptPage(view, out.receiptCode),
      submitted: {
        outcome: out.outcome,
        tenantId: out.tenantId,
        ...(out.feedbackId ? { feedbackId: out.feedbackId } : {}),
      },
    };
  } catch (err) {
    if (err instanceof TicketError && !sent && !input.body.website) {
      // No ticket at all: the full page's form, sent by the browser itself because its script never ran (a
      // weak signal that lost form.js; that form posts here for this case). The resident has had the page a
      // while, so the fresh ticket is dated back by the minimum fill time: sending again at once must not
      // read as a bot's haste and get a decoy. (A bot gains 3 s by this; the honeypot and the rate limits
      // still stand.)
      return {
        status: 400,
        html: formPage(view, {
          answers,
          ticket: await newTicket(deps, opened.ref, deps.now().getTime() - deps.abuse.minFillMs),
          alert: '页面没有加载完整。您填的内容都还在，请核对后再点一次“提交评价”。',
        }),
      };
    }
    if (err instanceof TicketError) {
      return again(400, { alert: err.message, used: true });
    }
    if (err instanceof IdempotencyKeyReusedError) {
      const first = err.firstReceiptCode ? `（回执码 ${err.firstReceiptCode}）` : '';
      return again(422, {
        alert: `这份表单已经提交过一次${first}，这次改过的内容没有保存。如果要把下面的内容作为一条新的评价提交，请核对后再点一次“提交评价”。`,
        used: true,
      });
    }
    if (err instanceof TooManyRequestsError) {
      return again(
        429,
        { alert: `${err.message}。您填的内容还在，到时再点“提交评价”即可。` },
        err.retryAfterSeconds ? { 'retry-after': String(err.retryAfterSeconds) } : undefined,
      );
    }
    if (err instanceof ValidationError) {
      // The page is zh-CN: a reason given in English and Chinese is read in Chinese.
      const errors = fieldErrorsOf(err.localized('zh-CN').issues);
      if (Object.keys(errors).length) return again(400, { errors });
    }
    throw err;
  }
}

/**
 * `GET /f/{token}/basic/r`: where a code is typed, under the link's township and unit; with `?code=` a
 * redirect to its page (303), or the form again with what is wrong with the code. A forged or unknown link is
 * a 404, like the form's; a revoked or expired one still looks up its receipts (app/receipts.ts).
 */
export async function basicLookup(
  deps: FeedbackDeps,
  token: string,
  code: string | undefined,
): Promise<Page | { redirect: string }> {
  const place = await linkPlace(deps, token);
  if (code === undefined) return { status: 200, html: lookupPage(token, { place }) };
  if (code.trim() === '') return { status: 400, html: lookupPage(token, { place, error: CODE_EMPTY_ZH }) };
  const normal = normaliseReceiptCode(code);
  if (!normal) {
    const error = '回执码格式不对：是 16 位字母和数字，例如 7K3Q-9M2D-X8PA-4TNB，请核对后再输入';
    return { status: 400, html: lookupPage(token, { place, code, error }) };
  }
  return { redirect: paths.status(token, normal) };
}

/**
 * `GET /f/{token}/basic/r/{code}`: the case's state and the public reply (app/receipts.ts `receiptStatus`,
 * the same view as the JSON route's). An unknown or malformed code shows the lookup again with the reason.
 */
export async function basicStatusPage(deps: FeedbackDeps, token: string, code: string): Promise<Page> {
  // The place only names the page: the receipt's own answer (and its refusals) decide what the page is.
  const place = linkPlace(deps, token).catch(() => undefined);
  try {
    const status = await receiptStatus(deps, token, code);
    return { status: 200, html: statusPage(token, status, await place) };
  } catch (err) {
    const aboutCode =
      (err instanceof NotFoundError || err instanceof ValidationError) &&
      err.issues.some((i) => i.field === 'path.code');
    if (!aboutCode) throw err;
    return {
      status: err instanceof NotFoundError ? 404 : 400,
      html: lookupPage(token, {
        place: await place,
        // A code of spaces only is an empty lookup: the route's path cannot carry an empty one.
        ...(code.trim() ? { code } : {}),
        error: (err as NotFoundError).message,
      }),
    };
  }
}
