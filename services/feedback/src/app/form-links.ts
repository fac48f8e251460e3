import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { GoneError, NotFoundError } from '@zuofeng/core';
import { sharedKeys, type TenantProfile, type UnitRecord } from '@zuofeng/ddb';
import { type FormLinkRef, verifyFormLink } from '../domain/form-link';
import { LINK_GONE_REASON_ZH } from '../domain/form-wording';
import type { FeedbackDeps } from './deps';
import { type FormLinkRecord, feedbackKeys } from './keys';

export interface OpenLink {
  ref: FormLinkRef;
  link: FormLinkRecord;
  profile: TenantProfile;
}

/**
 * Resolve a public token to a live link. The tenant is trusted only after the signature verifies. Every
 * refusal is a 4xx with a sentence a resident understands.
 */
export async function openLink(deps: FeedbackDeps, token: string): Promise<OpenLink> {
  const ref = verifyFormLink(await deps.formLinkSecret(), token);
  const invalid = () =>
    new NotFoundError('链接无效，请重新扫描二维码', [{ field: 'path.token', reason: '链接无效或不完整' }]);
  if (!ref) throw invalid();
  const [linkOut, profileOut] = await Promise.all([
    deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: feedbackKeys.link(ref.tenantId, ref.linkId) }),
    ),
    deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.profile(ref.tenantId) })),
  ]);
  const link = linkOut.Item as FormLinkRecord | undefined;
  const profile = profileOut.Item as TenantProfile | undefined;
  if (!link || !profile) throw invalid();
  if (profile.status === 'suspended') {
    throw new GoneError('本镇的意见征集暂停受理', [
      { field: 'path.token', reason: LINK_GONE_REASON_ZH.suspended },
    ]);
  }
  if (link.revoked)
    throw new GoneError('该链接已停用', [{ field: 'path.token', reason: LINK_GONE_REASON_ZH.revoked }]);
  if (link.validUntil && new Date(link.validUntil) < deps.now()) {
    throw new GoneError('该链接已过期', [{ field: 'path.token', reason: LINK_GONE_REASON_ZH.expired }]);
  }
  return { ref, link, profile };
}

export async function unitOf(
  deps: FeedbackDeps,
  tenantId: string,
  unitId: string,
): Promise<UnitRecord | undefined> {
  const out = await deps.doc.send(
    new GetCommand({ TableName: deps.tableName, Key: sharedKeys.unit(tenantId, unitId) }),
  );
  return out.Item as UnitRecord | undefined;
}
