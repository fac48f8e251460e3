import { createLogger } from '@zuofeng/core';
import { cancellationCodes, type TransactItem } from '@zuofeng/ddb';
import type { FeedbackContent } from '../../contract';
import type { FormLinkRef } from '../../domain/form-link';
import { type OpenLink, openLink } from '../form-links';
import { decoyReceiptCode, suspectBot } from './bot';
import { type VerifiedChallenge, verifyChallenge } from './challenge';
import { hashClientAddress } from './client-address';
import type { AbuseDeps } from './deps';
import { ChallengeError, IdempotencyKeyReusedError, TicketError, TooManyRequestsError } from './errors';
import {
  type IdempotencyRecord,
  idempotencyPut,
  parseIdempotencyKey,
  readIdempotency,
  wholeFingerprintOf,
} from './idempotency';
import { abuseKeys } from './keys';
import { countInWindow, minutesLeft, secondsLeft, windowOf } from './rate-limit';
import { ticketKey, verifyTicket } from './ticket';

const logger = createLogger('feedback');

/**
 * What a public submission carries: the content, the honeypot (`website`), and one proof that a person's
 * page sent it: an ALTCHA solution (`altcha`, the form with scripts) or the simple page's ticket (`ticket`,
 * ticket.ts).
 */
export type SubmissionBody = FeedbackContent & { website?: unknown } & (
    | { altcha: string; ticket?: undefined }
    | { ticket: string; altcha?: undefined }
  );

export interface PublicSubmission {
  token: string;
  body: SubmissionBody;
  correlationId: string;
  headers: Record<string, string | undefined>;
  sourceIp: string;
  /** The link, when the caller has opened it already (the simple page shows it): it is not read again. */
  opened?: OpenLink;
}

/** A verified proof, and what the guard writes and says for its kind. */
interface Proof extends VerifiedChallenge {
  kind: 'altcha' | 'ticket';
  /** The nonce store's item for it. */
  nonceKey: { pk: string; sk: string };
  /** The Idempotency-Key: the header's with a solution; the ticket's own nonce with a ticket. */
  idempotencyKey: string | undefined;
}

/**
 * Check the proof without touching the table. A solution's Idempotency-Key is the client's header; a
 * ticket's is its nonce, so that the browser posting the same page twice (a double tap, a reload) gets the
 * first answer, and the same page with other answers is refused.
 */
async function verifyProof(
  deps: AbuseDeps,
  input: PublicSubmission,
  form: FormLinkRef,
  now: Date,
): Promise<Proof> {
  const { body } = input;
  if (body.ticket !== undefined) {
    const verified = verifyTicket(ticketKey(await deps.formLinkSecret()), body.ticket, form, now);
    return {
      kind: 'ticket',
      ...verified,
      nonceKey: abuseKeys.ticketNonce(form.tenantId, verified.nonce),
      idempotencyKey: verified.nonce,
    };
  }
  const idempotencyKey = parseIdempotencyKey(input.headers);
  const verified = await verifyChallenge(await deps.altchaKey(), body.altcha, form, now);
  return {
    kind: 'altcha',
    ...verified,
    nonceKey: abuseKeys.nonce(form.tenantId, verified.nonce),
    idempotencyKey,
  };
}

/** What the guard decides once the transaction that stores the submission was cancelled. */
export type Settled = { kind: 'repeat'; record: IdempotencyRecord } | { kind: 'retry' };

export type Guarded =
  | { outcome: 'decoy'; tenantId: string; receiptCode: string }
  | {
      outcome: 'proceed';
      opened: OpenLink;
      content: FeedbackContent;
      /**
       * The guard's writes, to lead the submission's transaction: the used challenge, the idempotency record
       * (with the answer) and the rate-limit counters. Each has a condition; all commit or none.
       */
      items: (answer: { feedbackId: string; receiptCode: string }) => TransactItem[];
      /** Read a cancelled transaction: the first answer to repeat, a retry, or a 4xx (thrown). */
      settle: (err: unknown) => Promise<Settled | undefined>;
    };

/**
 * The public form's checks, in front of the use case (trusted callers such as the demo seed call the use case
 * directly). In order: a live link (404/410); a well-formed Idempotency-Key (400); a proof signed by us for
 * this form and not expired (400): a proof of work, or the simple page's ticket; then a suspected bot
 * (honeypot, too fast) gets a decoy answer and nothing is written. What needs the table's word (a used
 * solution or ticket, a repeated key, a full window) is decided by conditions in the one transaction that
 * stores the submission, so nothing is stored when any of them fails and nothing is counted when the
 * submission is not stored.
 */
export async function guardSubmission(deps: AbuseDeps, input: PublicSubmission): Promise<Guarded> {
  const opened = input.opened ?? (await openLink(deps, input.token));
  const { tenantId, linkId } = opened.ref;
  const now = deps.now();
  const proof = await verifyProof(deps, input, opened.ref, now);
  const { idempotencyKey } = proof;
  const ticket = proof.kind === 'ticket';
  const pepper = await deps.addressPepper();

  const signal = suspectBot({
    honeypot: input.body.website,
    issuedAt: proof.issuedAt,
    now,
    minFillMs: deps.abuse.minFillMs,
  });
  if (signal) {
    logger.warn('suspected bot: decoy answer, nothing stored', {
      tenantId,
      linkId,
      signal,
      correlationId: input.correlationId,
    });
    const seed = idempotencyKey && `${tenantId}:${linkId}:${idempotencyKey}`;
    return { outcome: 'decoy', tenantId, receiptCode: decoyReceiptCode(pepper, seed) };
  }

  const { altcha: _a, ticket: _t, website: _w, ...content } = input.body;
  // Everything sent counts, whichever the proof: the same key with another unit, number or photo is told, not
  // answered with the first receipt as if it had been stored.
  const fingerprint = wholeFingerprintOf(pepper, content);
  const limits = deps.abuse.rateLimits;
  const address = hashClientAddress(pepper, input.sourceIp);
  const idem = idempotencyKey ? { tenantId, linkId, idempotencyKey } : undefined;
  /** The windows this submission counts in: every submission in the first two, the simple page's also in its own. */
  const windows = [
    {
      limit: limits.perAddress,
      key: (start: number) => abuseKeys.addressWindow(tenantId, address, start),
      scope: 'address' as const,
    },
    {
      limit: limits.perLink,
      key: (start: number) => abuseKeys.linkWindow(tenantId, linkId, start),
      scope: 'link' as const,
    },
    ...(ticket
      ? [
          {
            limit: limits.ticketPerAddress,
            key: (start: number) => abuseKeys.ticketAddressWindow(tenantId, address, start),
            scope: 'address' as const,
          },
          {
            limit: limits.ticketPerLink,
            key: (start: number) => abuseKeys.ticketLinkWindow(tenantId, linkId, start),
            scope: 'link' as const,
          },
        ]
      : []),
  ].map((w) => {
    const window = windowOf(now, w.limit.windowSeconds);
    return { ...w, window, item: countInWindow(deps.tableName, w.key(window.start), w.limit, window) };
  });

  // The order of the items, which `settle` reads the cancellation reasons by. The idempotency record leads:
  // a double tap's second request fails on it first, whatever else it fails on.
  const IDEM = idem ? 0 : -1;
  const NONCE = IDEM + 1;
  const FIRST_WINDOW = NONCE + 1;
  const items = (answer: { feedbackId: string; receiptCode: string }): TransactItem[] => [
    ...(idem
      ? [
          idempotencyPut(
            deps.tableName,
            idem,
            {
              ...answer,
              fingerprint,
              createdAt: now.toISOString(),
              expiresAt: Math.floor(now.getTime() / 1000) + deps.abuse.idempotencyTtlSeconds,
            },
            now,
          ),
        ]
      : []),
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          ...proof.nonceKey,
          kind: ticket ? 'ticket-nonce' : 'altcha-nonce',
          expiresAt: proof.expiresAt + 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...windows.map((w) => w.item),
  ];

  const settle = async (err: unknown): Promise<Settled | undefined> => {
    const codes = cancellationCodes(err);
    if (!codes) return undefined;
    const failed = (i: number) => i >= 0 && codes[i] === 'ConditionalCheckFailed';
    // A repeated key wins over everything else: a double tap's second request carries the same solution
    // and may find the window full, yet it must see the first answer.
    if (idem && failed(IDEM)) {
      const record = await readIdempotency(deps, idem, now);
      if (!record) return { kind: 'retry' };
      if (record.fingerprint !== fingerprint) {
        throw ticket
          ? new IdempotencyKeyReusedError(
              '这份表单已经提交过，这次的内容和上次不同，没有保存',
              [{ field: 'body.ticket', reason: '表单已提交过' }],
              record.receiptCode,
            )
          : new IdempotencyKeyReusedError('这个提交标识已用于另一份内容，请刷新页面后重新提交', [
              { field: 'header.idempotency-key', reason: '提交标识已被使用' },
            ]);
      }
      return { kind: 'repeat', record };
    }
    // DynamoDB cancels a transaction that races another on the same item; a retry sees the winner's write.
    if (codes.includes('TransactionConflict')) return { kind: 'retry' };
    if (failed(NONCE)) {
      throw ticket
        ? new TicketError('ticket_used', '这份表单已经提交过了，请重新打开表单后再提交', '表单已提交过')
        : new ChallengeError('challenge_used', '这次人机验证已经用过了，请刷新页面后重新提交', '验证已使用');
    }
    const full = windows.find((_, i) => failed(FIRST_WINDOW + i));
    if (full?.scope === 'address')
      throw new TooManyRequestsError(
        `您提交得太频繁了，请 ${minutesLeft(now, full.window)} 分钟后再试`,
        [
          {
            field: '',
            reason: `同一网络 ${full.limit.windowSeconds / 60} 分钟内最多提交 ${full.limit.max} 次`,
          },
        ],
        secondsLeft(now, full.window),
      );
    if (full?.scope === 'link')
      throw new TooManyRequestsError(
        `这个二维码近期收到的提交太多，请 ${minutesLeft(now, full.window)} 分钟后再试`,
        [
          {
            field: 'path.token',
            reason: `每个二维码 ${full.limit.windowSeconds / 60} 分钟内最多受理 ${full.limit.max} 份`,
          },
        ],
        secondsLeft(now, full.window),
      );
    return undefined;
  };

  return { outcome: 'proceed', opened, content, items, settle };
}
