import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@zuofeng/core';
import { cancellationCodes, commit, PLATFORM_TENANT, type TransactItem, tenantPk } from '@zuofeng/ddb';
import { signFormLink } from '../domain/form-link';
import { newShortCode, normaliseShortCode } from '../domain/short-code';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import type { LinkRow } from './link-keys';

/**
 * Short codes of form links (`/s/<code>`, printed on the poster). A request to `/s/…` names no tenant, so the
 * lookup item lives in the reserved `platform` tenant, like the tenant registry and the sign-in names: one
 * partition per code (`T#platform#SHORTLINK#<code>`), so that lookups spread, and the item holds only which
 * tenant and which link, never anything the link's tenant wrote. The token the redirect goes to is signed
 * afresh from those two, so nothing printable is stored twice.
 */
export const shortLinkKeys = {
  code: (code: string) => ({ pk: tenantPk(PLATFORM_TENANT, 'SHORTLINK', code), sk: 'FORMLINK' }),
};

/** A form link as stored, with the short code links get since they have one (older links have none). */
export type ShortCodedLink = LinkRow & { shortCode?: string };

export interface ShortLinkRow {
  code: string;
  tenantId: string;
  linkId: string;
  createdAt: string;
}

/** How many fresh codes a write tries when one is taken (55 random bits: the first one always fits, in practice). */
const CODE_ATTEMPTS = 3;

/** The lookup item of a code, put in the link's own transaction; a code that is taken fails it, never overwrites. */
export function shortLinkPut(deps: FeedbackDeps, row: ShortLinkRow): TransactItem {
  return {
    Put: {
      TableName: deps.tableName,
      Item: { ...shortLinkKeys.code(row.code), kind: 'form-link-short', ...row },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Write a link together with a fresh short code: `write(code)` gives the transaction's items, the lookup item
 * last of them (its index tells a taken code from any other failure). A taken code is retried with a new one.
 * @param generate where codes come from. @default newShortCode (crypto randomness)
 */
export async function withFreshShortCode(
  deps: FeedbackDeps,
  write: (code: string) => { items: TransactItem[]; audit: Parameters<typeof commit>[4] },
  generate: () => string = newShortCode,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const code = generate();
    const { items, audit } = write(code);
    try {
      await commit(deps.doc, deps.tableName, items, [], audit, deps.now);
      return code;
    } catch (err) {
      const taken = cancellationCodes(err)?.[items.length - 1] === 'ConditionalCheckFailed';
      if (!taken || attempt >= CODE_ATTEMPTS) throw err;
    }
  }
}

/**
 * The short code of a link, given one now if it has none: links made before short codes existed (and the
 * local runtime's seeded ones) get theirs the first time their poster is printed, which is the only place a
 * short URL has to exist on paper. Recorded in the township's audit log as the system's doing. Two printings
 * at once agree: the second finds the first one's code.
 */
export async function ensureShortCode(deps: FeedbackDeps, t: string, link: ShortCodedLink): Promise<string> {
  if (link.shortCode) return link.shortCode;
  try {
    return await withFreshShortCode(deps, (code) => ({
      items: [
        {
          Update: {
            TableName: deps.tableName,
            Key: feedbackKeys.link(t, link.linkId),
            UpdateExpression: 'SET shortCode = :c',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(shortCode)',
            ExpressionAttributeValues: { ':c': code },
          },
        },
        shortLinkPut(deps, { code, tenantId: t, linkId: link.linkId, createdAt: deps.now().toISOString() }),
      ],
      audit: [
        {
          tenantId: t,
          actor: { type: 'system', id: 'feedback-short-code' },
          action: 'form-link.short-code',
          entity: `form-link/${link.linkId}`,
          before: link,
          after: { ...link, shortCode: code },
        },
      ],
    }));
  } catch (err) {
    if (cancellationCodes(err)?.[0] !== 'ConditionalCheckFailed') throw err;
    const now = (
      await deps.doc.send(
        new GetCommand({
          TableName: deps.tableName,
          Key: feedbackKeys.link(t, link.linkId),
          ConsistentRead: true,
        }),
      )
    ).Item as ShortCodedLink | undefined;
    if (!now?.shortCode) throw err;
    return now.shortCode;
  }
}

/** What `/s/<code>` answers when the code is not one: the page says it in Chinese (routes-pages.ts). */
const unknown = () =>
  new NotFoundError('没有找到这个评价页面，请核对网址', [
    { field: 'path.code', reason: '请对照海报核对 /s/ 后面的字母和数字，或用手机扫描海报上的二维码' },
  ]);

/**
 * The form link a typed short code names, with its signed token: one read, whatever the link's state. A
 * revoked or expired link is still found, and its form page tells the resident so in plain words.
 */
export async function resolveShortCode(
  deps: FeedbackDeps,
  typed: string,
): Promise<{ tenantId: string; linkId: string; token: string }> {
  const code = normaliseShortCode(typed);
  if (!code) throw unknown();
  const row = (
    await deps.doc.send(
      // Strong: a code copied from the console a second after the link was made is found.
      new GetCommand({ TableName: deps.tableName, Key: shortLinkKeys.code(code), ConsistentRead: true }),
    )
  ).Item as ShortLinkRow | undefined;
  if (!row) throw unknown();
  const token = signFormLink(await deps.formLinkSecret(), { tenantId: row.tenantId, linkId: row.linkId });
  return { tenantId: row.tenantId, linkId: row.linkId, token };
}
