import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  bilingual,
  ConflictError,
  NotFoundError,
  type Principal,
  type Text,
  ValidationError,
} from '@zuofeng/core';
import {
  commit,
  queryAll as queryPages,
  sharedKeys,
  type TenantProfile,
  type UnitRecord,
} from '@zuofeng/ddb';
import QRCode from 'qrcode';
import { ulid } from 'ulid';
import { signFormLink } from '../domain/form-link';
import { formatShortCode } from '../domain/short-code';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import { type LinkRow, linkKeys } from './link-keys';
import { ensureShortCode, type ShortCodedLink, shortLinkPut, withFreshShortCode } from './short-links';

/**
 * The path of the residents' page for a token (`packages/form` serves it). Short on purpose: it is printed
 * under the QR code and may have to be typed.
 */
export const formPath = (token: string): string => `/f/${token}`;

/**
 * The path of a link's short URL (`GET /s/{code}` redirects to the form page): what the poster prints under the
 * QR code for a resident who types the address. Grouped as printed; typed with or without the dashes, it works.
 */
export const shortPath = (code: string): string => `/s/${formatShortCode(code)}`;

/**
 * The public base URL of the form pages: `PUBLIC_BASE_URL` when configured (the deployed domain behind its
 * ICP filing), else the host the request came to, so a local runtime prints links that work on its own port.
 */
export function publicBaseUrl(
  configured: string | undefined,
  headers: Record<string, string | undefined>,
): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = headers.host ?? 'localhost';
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.test(host);
  const proto = headers['x-forwarded-proto']?.split(',')[0]?.trim() || (local ? 'http' : 'https');
  return `${proto}://${host}`;
}

const actor = (p: Principal) => ({ type: 'user' as const, id: p.userId });
const bad = (field: string, reason: Text) => new ValidationError(reason, [{ field, reason }]);

async function get<T>(deps: FeedbackDeps, Key: Record<string, string>, consistent = false) {
  return (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key, ConsistentRead: consistent })))
    .Item as T | undefined;
}

/** Every item of one partition whose sort key starts with `prefix`. */
const queryAll = <T>(deps: FeedbackDeps, pk: string, prefix: string): Promise<T[]> =>
  queryPages<T>(deps.doc, {
    TableName: deps.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
  });

export async function unitsOf(deps: FeedbackDeps, t: string): Promise<UnitRecord[]> {
  const { pk, skPrefix } = sharedKeys.unitsPrefix(t);
  return queryAll<UnitRecord>(deps, pk, skPrefix);
}

export type LinkState = 'active' | 'revoked' | 'expired';

export const linkStateOf = (link: LinkRow, now: Date): LinkState =>
  link.revoked
    ? 'revoked'
    : link.validUntil && Date.parse(link.validUntil) < now.getTime()
      ? 'expired'
      : 'active';

export interface LinkView {
  linkId: string;
  scope: 'unit' | 'township';
  unitId?: string;
  unitName?: string;
  label?: string;
  validUntil?: string;
  createdAt?: string;
  state: LinkState;
  revokedAt?: string;
  token: string;
  path: string;
  url: string;
  /** Absent on a link made before short codes, until its poster is first printed (short-links.ts). */
  shortCode?: string;
  shortUrl?: string;
  version: number;
  submissions: number;
  lastSubmittedAt?: string;
}

async function viewOf(
  deps: FeedbackDeps,
  t: string,
  link: ShortCodedLink,
  unitName: string | undefined,
  baseUrl: string,
): Promise<LinkView> {
  const token = signFormLink(await deps.formLinkSecret(), { tenantId: t, linkId: link.linkId });
  return {
    linkId: link.linkId,
    scope: link.unitId ? 'unit' : 'township',
    ...(link.unitId ? { unitId: link.unitId } : {}),
    ...(unitName ? { unitName } : {}),
    ...(link.label ? { label: link.label } : {}),
    ...(link.validUntil ? { validUntil: link.validUntil } : {}),
    ...(link.createdAt ? { createdAt: link.createdAt } : {}),
    state: linkStateOf(link, deps.now()),
    ...(link.revokedAt ? { revokedAt: link.revokedAt } : {}),
    token,
    path: formPath(token),
    url: `${baseUrl}${formPath(token)}`,
    ...(link.shortCode
      ? { shortCode: link.shortCode, shortUrl: `${baseUrl}${shortPath(link.shortCode)}` }
      : {}),
    version: link.version ?? 0,
    submissions: link.submissions ?? 0,
    ...(link.lastSubmittedAt ? { lastSubmittedAt: link.lastSubmittedAt } : {}),
  };
}

export interface CreateLinkInput {
  unitId?: string;
  label?: string;
  validUntil?: string;
}

/**
 * A new form link, for one unit or (without `unitId`) for the whole township. Signed, unguessable, audited.
 * Its short code (short-links.ts) is written in the same transaction: a link never exists without it.
 */
export async function createLink(
  deps: FeedbackDeps,
  principal: Principal,
  input: CreateLinkInput,
  baseUrl: string,
): Promise<LinkView> {
  const t = principal.tenantId;
  const now = deps.now();
  let unit: UnitRecord | undefined;
  if (input.unitId) {
    unit = await get<UnitRecord>(deps, sharedKeys.unit(t, input.unitId));
    if (!unit) throw bad('body.unitId', bilingual('not a unit of this township', '不是本镇的单位'));
  }
  if (input.validUntil && Date.parse(input.validUntil) <= now.getTime())
    throw bad('body.validUntil', bilingual('must be in the future', '有效期须晚于当前时间'));
  const linkId = ulid(now.getTime());
  const rowWith = (shortCode: string): ShortCodedLink => ({
    linkId,
    ...(input.unitId ? { unitId: input.unitId } : {}),
    ...(input.label ? { label: input.label } : {}),
    ...(input.validUntil ? { validUntil: new Date(input.validUntil).toISOString() } : {}),
    shortCode,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
  });
  const shortCode = await withFreshShortCode(deps, (code) => ({
    items: [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...feedbackKeys.link(t, linkId), kind: 'form-link', ...rowWith(code) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      shortLinkPut(deps, { code, tenantId: t, linkId, createdAt: now.toISOString() }),
    ],
    audit: [
      {
        tenantId: t,
        actor: actor(principal),
        action: 'form-link.create',
        entity: `form-link/${linkId}`,
        after: rowWith(code),
      },
    ],
  }));
  return viewOf(deps, t, rowWith(shortCode), unit?.name, baseUrl);
}

/** The township's form links, newest first, each with its URL and how many submissions came through it. */
export async function listLinks(deps: FeedbackDeps, t: string, baseUrl: string) {
  const { pk, skPrefix } = linkKeys.linksPrefix(t);
  const [links, units] = await Promise.all([queryAll<ShortCodedLink>(deps, pk, skPrefix), unitsOf(deps, t)]);
  const names = new Map(units.map((u) => [u.unitId, u.name]));
  const items = await Promise.all(
    links
      .sort((a, b) => (a.linkId < b.linkId ? 1 : -1))
      .map((l) => viewOf(deps, t, l, l.unitId ? names.get(l.unitId) : undefined, baseUrl)),
  );
  return { items };
}

async function linkOf(
  deps: FeedbackDeps,
  t: string,
  linkId: string,
  consistent = false,
): Promise<ShortCodedLink> {
  const link = await get<ShortCodedLink & { kind?: string }>(deps, feedbackKeys.link(t, linkId), consistent);
  if (!link) throw new NotFoundError(bilingual(`form link ${linkId} not found`, '没有找到这个评价链接'));
  return link;
}

/** A link as stored now (a consistent read: it is about to be changed), with its unit's name. */
async function linkAndUnitName(deps: FeedbackDeps, t: string, linkId: string) {
  const link = await linkOf(deps, t, linkId, true);
  const unitName = link.unitId
    ? (await get<UnitRecord>(deps, sharedKeys.unit(t, link.unitId)))?.name
    : undefined;
  return { link, unitName };
}

/** One conditional update of a link's row and its audit entry (before and after), in one transaction. */
function commitLinkChange(
  deps: FeedbackDeps,
  principal: Principal,
  action: 'form-link.revoke' | 'form-link.update',
  before: ShortCodedLink,
  after: ShortCodedLink,
  update: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  },
) {
  const t = principal.tenantId;
  return commit(
    deps.doc,
    deps.tableName,
    [{ Update: { TableName: deps.tableName, Key: feedbackKeys.link(t, before.linkId), ...update } }],
    [],
    [{ tenantId: t, actor: actor(principal), action, entity: `form-link/${before.linkId}`, before, after }],
    deps.now,
  );
}

/** Revoke a link: the public form answers 410 from now on. Revoking a revoked link changes nothing. */
export async function revokeLink(deps: FeedbackDeps, principal: Principal, linkId: string, baseUrl: string) {
  const t = principal.tenantId;
  const { link, unitName } = await linkAndUnitName(deps, t, linkId);
  if (link.revoked) return viewOf(deps, t, link, unitName, baseUrl);
  const revokedAt = deps.now().toISOString();
  const after: ShortCodedLink = { ...link, revoked: true, revokedAt };
  try {
    await commitLinkChange(deps, principal, 'form-link.revoke', link, after, {
      UpdateExpression: 'SET revoked = :yes, revokedAt = :at, revokedBy = :by',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(revoked) OR revoked = :no)',
      ExpressionAttributeValues: { ':yes': true, ':no': false, ':at': revokedAt, ':by': principal.userId },
    });
  } catch (err) {
    if ((err as { name?: string }).name === 'TransactionCanceledException')
      throw new ConflictError(bilingual('the link was revoked meanwhile', '这个评价链接刚刚已被停用'), [
        { field: 'path.linkId', reason: bilingual('already revoked', '已停用') },
      ]);
    throw err;
  }
  return viewOf(deps, t, after, unitName, baseUrl);
}

export interface UpdateLinkInput {
  label?: string;
  validUntil?: string;
  /** The version the caller read. */
  version: number;
}

const revokedLink = () =>
  new ConflictError(
    bilingual('a revoked link cannot be changed; create a new one', '已停用的评价链接不能修改，请新建一个'),
    [{ field: 'path.linkId', reason: bilingual('revoked', '已停用') }],
  );

/**
 * Change where a link is posted and until when it is valid. The link keeps its id, so its token, QR code and
 * short URL stay: the posters already up keep working, and a reprint carries the new words. A field left out
 * is cleared (no label; no end), as a PUT replaces. Optimistic like the other records: `version` must be the
 * one stored, else 409 (someone changed it meanwhile: reload); a revoked link is refused (409). Audited with
 * before and after; a change that changes nothing writes nothing.
 */
export async function updateLink(
  deps: FeedbackDeps,
  principal: Principal,
  linkId: string,
  input: UpdateLinkInput,
  baseUrl: string,
): Promise<LinkView> {
  const t = principal.tenantId;
  const now = deps.now();
  const { link, unitName } = await linkAndUnitName(deps, t, linkId);
  if (link.revoked) throw revokedLink();
  const version = link.version ?? 0;
  const changedMeanwhile = () =>
    new ConflictError(
      bilingual(
        'the link was changed meanwhile; reload to see how it reads now',
        '这个评价链接刚刚被别人改过，请刷新后再改',
      ),
      [{ field: 'body.version', reason: bilingual('changed meanwhile', '已被修改') }],
    );
  if (input.version !== version) throw changedMeanwhile();
  const validUntil = input.validUntil ? new Date(input.validUntil).toISOString() : undefined;
  // An unchanged end may lie in the past (an expired link whose label is mended); a new one may not.
  if (validUntil && validUntil !== link.validUntil && Date.parse(validUntil) <= now.getTime())
    throw bad('body.validUntil', bilingual('must be in the future', '有效期须晚于当前时间'));
  if ((link.label ?? '') === (input.label ?? '') && (link.validUntil ?? '') === (validUntil ?? ''))
    return viewOf(deps, t, link, unitName, baseUrl);

  const { label: _l, validUntil: _v, ...rest } = link;
  const after: ShortCodedLink = {
    ...rest,
    ...(input.label ? { label: input.label } : {}),
    ...(validUntil ? { validUntil } : {}),
    version: version + 1,
    updatedAt: now.toISOString(),
    updatedBy: principal.userId,
  };
  const set = ['version = :next', 'updatedAt = :at', 'updatedBy = :by'];
  const remove: string[] = [];
  const values: Record<string, unknown> = {
    ':next': version + 1,
    ':at': now.toISOString(),
    ':by': principal.userId,
    ':no': false,
  };
  if (input.label) {
    set.push('label = :label');
    values[':label'] = input.label;
  } else remove.push('label');
  if (validUntil) {
    set.push('validUntil = :until');
    values[':until'] = validUntil;
  } else remove.push('validUntil');
  if (version > 0) values[':version'] = version;
  try {
    await commitLinkChange(deps, principal, 'form-link.update', link, after, {
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: [
        'attribute_exists(pk)',
        '(attribute_not_exists(revoked) OR revoked = :no)',
        version > 0 ? 'version = :version' : 'attribute_not_exists(version)',
      ].join(' AND '),
      ExpressionAttributeValues: values,
    });
  } catch (err) {
    if ((err as { name?: string }).name !== 'TransactionCanceledException') throw err;
    // Revoked or changed between the read and the write: say which.
    throw (await linkOf(deps, t, linkId, true)).revoked ? revokedLink() : changedMeanwhile();
  }
  return viewOf(deps, t, after, unitName, baseUrl);
}

/**
 * A link with the names it prints: the township's and the unit's. For a poster (`forPoster`), a link made
 * before short codes gets its code now, so that every printed poster carries a short URL.
 */
export async function printable(
  deps: FeedbackDeps,
  t: string,
  linkId: string,
  baseUrl: string,
  forPoster = false,
) {
  const stored = await linkOf(deps, t, linkId);
  const link =
    forPoster && !stored.shortCode
      ? { ...stored, shortCode: await ensureShortCode(deps, t, stored) }
      : stored;
  const [profile, unit] = await Promise.all([
    get<TenantProfile>(deps, sharedKeys.profile(t)),
    link.unitId ? get<UnitRecord>(deps, sharedKeys.unit(t, link.unitId)) : Promise.resolve(undefined),
  ]);
  const view = await viewOf(deps, t, link, unit?.name, baseUrl);
  return { link, view, township: profile?.name ?? '', unit: unit?.name };
}

/** The QR code of a link's public URL, as an SVG document. */
export async function qrSvgOf(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The unit a submission is for. A unit's link decides it; a link of the whole township lets the resident
 * pick one of the township's units (the event, intake and the figures all need a unit), and refuses a
 * submission without one with a sentence the resident understands.
 *
 * Integration: `submitFeedback` calls this in place of `link.unitId`, with the body's `unitId`.
 */
export async function unitForSubmission(
  deps: FeedbackDeps,
  t: string,
  link: { unitId?: string },
  chosenUnitId: string | undefined,
): Promise<string> {
  if (link.unitId) return link.unitId;
  const refuse = (reason: string) =>
    new ValidationError('请选择您要评价的村或单位', [{ field: 'body.unitId', reason }]);
  if (!chosenUnitId) throw refuse('请选择您要评价的村或单位');
  if (!/^[a-z0-9][a-z0-9-]{1,60}$/.test(chosenUnitId) || !(await get(deps, sharedKeys.unit(t, chosenUnitId))))
    throw refuse('没有这个村或单位，请重新选择');
  return chosenUnitId;
}

/**
 * What the form offers to choose from for a link of the whole township: every unit's id and name; nothing
 * for a unit's link. Integration: `GET /public/forms/{token}` adds it as `units`.
 */
export async function formUnits(
  deps: FeedbackDeps,
  t: string,
  link: { unitId?: string },
): Promise<{ unitId: string; name: string }[]> {
  if (link.unitId) return [];
  return (await unitsOf(deps, t)).map((u) => ({ unitId: u.unitId, name: u.name }));
}
