import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ForbiddenError, NotFoundError, type Principal, ValidationError } from '@zuofeng/core';
import { commit, expiresInDays, sharedKeys, type TransactItem } from '@zuofeng/ddb';
import type { Sealer } from '@zuofeng/sealing';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import { ulid } from 'ulid';
import {
  type CallerPerson,
  CONTACT_RETENTION_DAYS,
  contactContext,
  maskPhone,
  mayOpenContact,
  namedPersonOf,
  normalisePhone,
} from '../domain/contact';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import { type CaseRow, type ContactRow, linkKeys } from './link-keys';

/** What sealing a number needs: the sealer (KMS on AWS, the local AES key on `npm start`), the table, a clock. */
export interface ContactDeps {
  sealer: Sealer;
  tableName: string;
  now: () => Date;
}

/**
 * The transaction items that store a resident's call-back number, sealed, apart from the case: one item in
 * `T#<t>#CONTACT` holding the ciphertext (bound to the tenant and the feedback), the mask staff see, when
 * consent was given, and a TTL `CONTACT_RETENTION_DAYS` ahead, after which DynamoDB deletes it.
 *
 * Integration (the submission): call it only when the body carries `phone` and `consent === true`, after
 * `feedbackId` is known, and put its items into the same `commit(...)` as the feedback and its receipt, so
 * the number is stored if and only if the feedback is. Never put the number in the event, the audit entry
 * (`after`) or the feedback item.
 */
export async function sealContact(
  deps: ContactDeps,
  tenantId: string,
  feedbackId: string,
  phone: string,
): Promise<TransactItem[]> {
  const normalised = normalisePhone(phone);
  if (!normalised)
    throw new ValidationError('手机号格式不对，请填写 11 位手机号', [
      { field: 'body.phone', reason: '手机号格式不对，请填写 11 位手机号' },
    ]);
  const now = deps.now();
  const row: ContactRow = {
    feedbackId,
    sealedBy: deps.sealer.kind,
    ciphertext: await deps.sealer.seal(normalised, contactContext(tenantId, feedbackId)),
    masked: maskPhone(normalised),
    consentAt: now.toISOString(),
    sealedAt: now.toISOString(),
    expiresAt: expiresInDays(CONTACT_RETENTION_DAYS, now),
  };
  return [
    {
      Put: {
        TableName: deps.tableName,
        Item: { ...linkKeys.contact(tenantId, feedbackId), kind: 'feedback-contact', ...row },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/** TTL deletion lags (up to a couple of days on AWS): an expired number is treated as gone at once. */
const live = (c: ContactRow | undefined, now: Date): ContactRow | undefined =>
  c && c.expiresAt * 1000 > now.getTime() ? c : undefined;

/**
 * How a call-back number shows in the staff list: the mask (`138****0000`), or, to the person the feedback is
 * about (a complaint against a cadre, treated like a report), not even the mask: only that one was left.
 */
export type ContactView =
  | { masked: string; sealed: false; expiresAt: string }
  | { sealed: true; expiresAt: string };

/** Read items by key in batches of 100, unprocessed keys retried. */
export async function batchGet<T>(
  deps: FeedbackDeps,
  keys: Record<string, unknown>[],
  projection: string,
  names?: Record<string, string>,
) {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; batch?.length && attempt < 5; attempt++) {
      const res = await deps.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [deps.tableName]: {
              Keys: batch,
              ProjectionExpression: projection,
              ...(names ? { ExpressionAttributeNames: names } : {}),
            },
          },
        }),
      );
      found.push(...((res.Responses?.[deps.tableName] ?? []) as T[]));
      batch = res.UnprocessedKeys?.[deps.tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

/** What the list needs of a feedback's case: the problem it became, its state, and who it is about. */
export type CaseFacts = Pick<CaseRow, 'feedbackId' | 'problemId' | 'state' | 'personId'>;

/** The cases of a page of feedback, by feedback id: one batch read of this service's projection. */
export async function casesOf(
  deps: FeedbackDeps,
  tenantId: string,
  feedbackIds: readonly string[],
): Promise<Map<string, CaseFacts>> {
  const found = await batchGet<CaseFacts>(
    deps,
    [...new Set(feedbackIds)].map((id) => linkKeys.case(tenantId, id)),
    'feedbackId, problemId, #s, personId',
    { '#s': 'state' },
  );
  return new Map(found.map((c) => [c.feedbackId, c]));
}

/**
 * Whether the caller is the person a feedback is about: named on it, the subject of the problem it became,
 * or named by name or title in its complaint (domain/contact.ts).
 */
const isAbout = (
  caller: CallerPerson,
  feedback: Record<string, unknown>,
  kase: Pick<CaseRow, 'personId'> | undefined,
) =>
  !mayOpenContact(caller, [namedPersonOf(feedback), kase?.personId], feedback.complaint as string | undefined)
    .ok;

/**
 * The contact views of a page of feedback items (raw, as read from the table), by feedback id, as the caller
 * may see them. One batch read of the contact partition (ciphertext and masks only: nothing is decrypted to
 * list); the cases (who the problem is about) are the ones the list has read (`casesOf`).
 *
 * Integration (`GET /feedback`): `listFeedback` passes its page's items and cases and adds `contact` to each row.
 */
export async function contactViews(
  deps: FeedbackDeps,
  principal: Principal,
  items: readonly Record<string, unknown>[],
  caseOf: ReadonlyMap<string, Pick<CaseRow, 'personId'>>,
): Promise<Map<string, ContactView>> {
  const tenantId = principal.tenantId;
  const out = new Map<string, ContactView>();
  const ids = [...new Set(items.map((i) => i.feedbackId as string).filter(Boolean))];
  if (!ids.length) return out;
  const [found, caller] = await Promise.all([
    batchGet<ContactRow>(
      deps,
      ids.map((id) => linkKeys.contact(tenantId, id)),
      'feedbackId, masked, expiresAt',
    ),
    callerPerson(deps, principal),
  ]);
  const now = deps.now();
  const byId = new Map(items.map((i) => [i.feedbackId as string, i]));
  for (const c of found) {
    if (!live(c, now)) continue;
    const expiresAt = new Date(c.expiresAt * 1000).toISOString();
    const sealed = isAbout(caller, byId.get(c.feedbackId) ?? {}, caseOf.get(c.feedbackId));
    out.set(
      c.feedbackId,
      sealed ? { sealed: true, expiresAt } : { masked: c.masked, sealed: false, expiresAt },
    );
  }
  return out;
}

/** The caller's own person and its name: sign-in name → account → person, within the caller's tenant only. */
async function callerPerson(deps: FeedbackDeps, p: Principal): Promise<CallerPerson> {
  if (!p.username) return {};
  const get = async (Key: Record<string, string>) =>
    (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key }))).Item;
  const user = await get(sharedKeys.username(p.username));
  if (!user || user.tenantId !== p.tenantId) return {};
  const account = await get(tenancyKeys.account(p.tenantId, user.accountId as string));
  const personId = account?.personId as string | undefined;
  if (!personId) return { name: account?.name as string | undefined };
  const person = await get(tenancyKeys.person(p.tenantId, personId));
  return { personId, name: (person?.name ?? account?.name) as string | undefined };
}

/**
 * Open a resident's call-back number, for the call-back role (the route's action admits no one else) and
 * never for the person the feedback names or the subject of the problem it became. The opening is logged
 * (who, when, why) and audited in one transaction before the number is handed out: if that record cannot
 * be written, nothing is revealed. Every read is a new opening.
 */
export async function openContact(
  deps: FeedbackDeps & { sealer: Sealer },
  principal: Principal,
  feedbackId: string,
  reason: string,
) {
  const t = principal.tenantId;
  const read = async <T>(Key: Record<string, string>) =>
    (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key, ConsistentRead: true }))).Item as
      | T
      | undefined;
  const [feedback, kase, contact] = await Promise.all([
    read<Record<string, unknown>>(feedbackKeys.feedback(t, feedbackId)),
    read<CaseRow>(linkKeys.case(t, feedbackId)),
    read<ContactRow>(linkKeys.contact(t, feedbackId)),
  ]);
  if (!feedback)
    throw new NotFoundError(bilingual(`feedback ${feedbackId} not found`, '没有找到这条群众评价'));
  const verdict = mayOpenContact(
    await callerPerson(deps, principal),
    [namedPersonOf(feedback), kase?.personId],
    feedback.complaint as string | undefined,
  );
  if (!verdict.ok)
    throw new ForbiddenError(
      bilingual(
        'the person a complaint names may not open the number of the one who complained',
        '群众反映的问题涉及您本人，您不能查看反映人留下的号码',
      ),
      [{ field: 'path.feedbackId', reason: bilingual(verdict.reason, '这条群众评价反映的是您本人') }],
    );
  const now = deps.now();
  const sealed = live(contact, now);
  if (!sealed)
    throw new NotFoundError(
      bilingual(
        'no call-back number on record: none was left, or it was deleted when its retention ended',
        '没有可回电的号码：群众没有留下号码，或号码已到期删除',
      ),
      [{ field: 'path.feedbackId', reason: bilingual('no call-back number', '没有回电号码') }],
    );
  const phone = await deps.sealer.open(sealed.ciphertext, contactContext(t, feedbackId));
  const openedAt = now.toISOString();
  const openingId = ulid(now.getTime());
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...linkKeys.contactOpening(t, feedbackId, openingId),
            kind: 'contact-opening',
            feedbackId,
            openedBy: principal.userId,
            openedAt,
            reason,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: 'feedback.contact.open',
        entity: `feedback/${feedbackId}/contact`,
        after: { openingId, reason, openedAt },
      },
    ],
    deps.now,
  );
  return { feedbackId, phone, openedAt, expiresAt: new Date(sealed.expiresAt * 1000).toISOString() };
}
