import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '@zuofeng/core';
import { cancellationCodes, commit, sharedKeys, type TenantProfile } from '@zuofeng/ddb';
import { feedbackRerated, type Rating } from '@zuofeng/events';
import {
  type CaseFacts,
  type PublicState,
  publicLabelOf,
  publicStateOf,
  rerating,
} from '../domain/case-status';
import { type FormLinkRef, verifyFormLink } from '../domain/form-link';
import { CODE_EMPTY_ZH, LINK_GONE_REASON_ZH } from '../domain/form-wording';
import { normaliseReceiptCode } from '../domain/receipt-code';
import type { FeedbackDeps } from './deps';
import { unitOf } from './form-links';
import { type FormLinkRecord, feedbackKeys } from './keys';
import { type CaseRow, linkKeys } from './link-keys';

const invalidLink = () =>
  new NotFoundError('链接无效，请重新扫描二维码', [{ field: 'path.token', reason: '链接无效或不完整' }]);

/**
 * The link a receipt is looked up through, and its tenant: the one the signed token names, once its signature
 * verifies and the link exists there. A revoked or expired link still answers for its receipts: the poster
 * may be gone, but a resident who submitted keeps the right to follow the case and to re-rate it. A
 * suspended township answers 410, as its form does.
 */
async function linkOf(
  deps: FeedbackDeps,
  token: string,
): Promise<{ ref: FormLinkRef; link: FormLinkRecord; township: string }> {
  const ref = verifyFormLink(await deps.formLinkSecret(), token);
  if (!ref) throw invalidLink();
  const [link, profile] = await Promise.all([
    deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: feedbackKeys.link(ref.tenantId, ref.linkId) }),
    ),
    deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.profile(ref.tenantId) })),
  ]);
  if (!link.Item || !profile.Item) throw invalidLink();
  if (profile.Item.status === 'suspended') {
    throw new GoneError('本镇的意见征集暂停受理', [
      { field: 'path.token', reason: LINK_GONE_REASON_ZH.suspended },
    ]);
  }
  return { ref, link: link.Item as FormLinkRecord, township: (profile.Item as TenantProfile).name };
}

/**
 * Where a link's receipts are looked up: its township and unit (none for a township-wide link), shown at the
 * top of the pages that follow a case. Refused as `receiptStatus` refuses the link, and only so: a revoked or
 * expired link still has its place.
 */
export async function linkPlace(
  deps: FeedbackDeps,
  token: string,
): Promise<{ township: string; unit?: string }> {
  const { ref, link, township } = await linkOf(deps, token);
  const unit = link.unitId ? await unitOf(deps, ref.tenantId, link.unitId) : undefined;
  return { township, ...(unit?.name ? { unit: unit.name } : {}) };
}

function codeOf(input: string): string {
  if (!input.trim())
    throw new ValidationError(CODE_EMPTY_ZH, [{ field: 'path.code', reason: CODE_EMPTY_ZH }]);
  const code = normaliseReceiptCode(input);
  if (!code)
    throw new ValidationError('回执码格式不对', [
      { field: 'path.code', reason: '回执码是 16 位字母和数字，例如 7K3Q-9M2D-X8PA-4TNB，请核对后再输入' },
    ]);
  return code;
}

interface Loaded {
  tenantId: string;
  linkId: string;
  code: string;
  feedback: { feedbackId: string; submittedAt: string; complaint?: string; status?: string };
  kase?: CaseRow;
  facts: CaseFacts;
  roundAt?: string;
}

async function load(deps: FeedbackDeps, token: string, rawCode: string): Promise<Loaded> {
  const code = codeOf(rawCode);
  const { ref } = await linkOf(deps, token);
  const t = ref.tenantId;
  const get = async <T>(Key: Record<string, string>) =>
    (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key, ConsistentRead: true }))).Item as
      | T
      | undefined;
  const receipt = await get<{ feedbackId: string }>(feedbackKeys.receipt(t, code));
  const notFound = () =>
    new NotFoundError('没有找到这个回执码，请核对后再输入', [
      { field: 'path.code', reason: '没有这个回执码' },
    ]);
  if (!receipt) throw notFound();
  const [feedback, kase] = await Promise.all([
    get<Loaded['feedback']>(feedbackKeys.feedback(t, receipt.feedbackId)),
    get<CaseRow>(linkKeys.case(t, receipt.feedbackId)),
  ]);
  if (!feedback) throw notFound();
  const roundAt = kase?.state === 'submitted' ? kase.stateAt : undefined;
  const given = roundAt
    ? await get<{ rating: Rating }>(linkKeys.rerating(t, receipt.feedbackId, roundAt))
    : undefined;
  const facts: CaseFacts = {
    hasComplaint: !!feedback.complaint || feedback.status === 'received',
    ...(kase ? { problemState: kase.state } : {}),
    ...(given ? { reratedThisRound: given.rating } : {}),
  };
  return {
    tenantId: t,
    linkId: ref.linkId,
    code,
    feedback,
    ...(kase ? { kase } : {}),
    facts,
    ...(roundAt ? { roundAt } : {}),
  };
}

export interface ReceiptView {
  receiptCode: string;
  submittedAt: string;
  state: { code: PublicState; label: string; since?: string };
  reply?: { text: string; repliedAt: string };
  rerating: { open: boolean; reason?: string; given?: Rating };
}

/**
 * What a receipt shows: the state of the case in the public vocabulary, the township's public reply, and
 * whether the resident may re-rate now. Nothing else: no complaint text, no unit, no measure, no internal note,
 * no name.
 */
export async function receiptStatus(
  deps: FeedbackDeps,
  token: string,
  rawCode: string,
): Promise<ReceiptView> {
  const l = await load(deps, token, rawCode);
  const reply = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: linkKeys.reply(l.tenantId, l.feedback.feedbackId) }),
    )
  ).Item as { text: string; repliedAt: string } | undefined;
  const state = publicStateOf(l.facts);
  const may = rerating(l.facts);
  return {
    receiptCode: l.code,
    submittedAt: l.feedback.submittedAt,
    state: { code: state, label: publicLabelOf(l.facts), ...(l.kase ? { since: l.kase.stateAt } : {}) },
    ...(reply ? { reply: { text: reply.text, repliedAt: reply.repliedAt } } : {}),
    rerating: {
      open: may.open,
      ...(may.open ? {} : { reason: may.reason }),
      ...(l.facts.reratedThisRound ? { given: l.facts.reratedThisRound } : {}),
    },
  };
}

/**
 * The resident's re-rating (回访) of the rectification, with their receipt: allowed while the problem awaits
 * sign-off, once per round. The re-rating, `feedback.rerated` (intake turns 不满意 or worse into rework) and
 * the audit entry commit in one transaction, with a check that the case is still in the same round.
 */
export async function rerate(
  deps: FeedbackDeps,
  input: { token: string; code: string; rating: Rating; correlationId: string },
) {
  const l = await load(deps, input.token, input.code);
  const may = rerating(l.facts);
  if (!may.open || !l.kase || !l.roundAt)
    throw new ConflictError(may.open ? '暂时不能回访评价' : may.reason, [
      { field: 'path.code', reason: may.open ? '暂时不能回访评价' : may.reason },
    ]);
  const t = l.tenantId;
  const now = deps.now();
  const who = { type: 'public' as const, id: `link:${l.linkId}` };
  const record = {
    feedbackId: l.feedback.feedbackId,
    problemId: l.kase.problemId,
    roundAt: l.roundAt,
    rating: input.rating,
    ratedAt: now.toISOString(),
  };
  const event = feedbackRerated.create(
    { tenantId: t, actor: who, correlationId: input.correlationId, occurredAt: now },
    { feedbackId: record.feedbackId, problemId: record.problemId, rating: input.rating, round: l.roundAt },
  );
  try {
    await commit(
      deps.doc,
      deps.tableName,
      [
        {
          Put: {
            TableName: deps.tableName,
            Item: {
              ...linkKeys.rerating(t, record.feedbackId, l.roundAt),
              kind: 'feedback-rerating',
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          ConditionCheck: {
            TableName: deps.tableName,
            Key: linkKeys.case(t, record.feedbackId),
            ConditionExpression: '#s = :submitted AND stateAt = :round',
            ExpressionAttributeNames: { '#s': 'state' },
            ExpressionAttributeValues: { ':submitted': 'submitted', ':round': l.roundAt },
          },
        },
      ],
      [event],
      [
        {
          tenantId: t,
          actor: who,
          action: 'feedback.rerate',
          entity: `feedback/${record.feedbackId}`,
          after: record,
        },
      ],
      deps.now,
    );
  } catch (err) {
    const codes = cancellationCodes(err);
    if (codes?.[0] === 'ConditionalCheckFailed')
      throw new ConflictError('您已经对这次整改评价过了，谢谢', [
        { field: 'path.code', reason: '已经评价过' },
      ]);
    if (codes?.[1] === 'ConditionalCheckFailed')
      throw new ConflictError('办理情况刚刚有了变化，请刷新后再看', [
        { field: 'path.code', reason: '状态已变化' },
      ]);
    throw err;
  }
  const satisfied = input.rating !== 'dissatisfied' && input.rating !== 'very_dissatisfied';
  return {
    message: satisfied
      ? '谢谢您的回访评价，我们会尽快验收销号。'
      : '谢谢您的回访评价。您不满意，问题将退回重新整改。',
    rating: input.rating,
  };
}
