/**
 * Words the residents' two forms share: the full form (packages/form, bundled into the page's script) and the
 * simple form without scripts (app/basic). One constant each, so the two never say the same thing two ways.
 * This module imports nothing: the full form's 50 KB budget carries whatever it brings.
 */

/** The consent a call-back number needs (the contract's rule across fields, and the full form's own check). */
export const CONSENT_NEEDED_ZH = '留电话需要您同意：仅用于回电核实和告知办理结果';

/** A receipt lookup sent with no code at all (not a wrong code: nothing was typed). */
export const CODE_EMPTY_ZH = '请输入回执码';

/** Why a form link does not open: from the API's refusal of it (see `linkRefusalOf`). */
export type LinkRefusal = 'invalid' | 'revoked' | 'expired' | 'suspended' | 'gone';

/**
 * The reason the API gives on `path.token` when a link no longer opens (410, app/form-links.ts): one constant
 * each, which the pages read back exactly (`linkRefusalOf`), so rewording one cannot silently break the other.
 */
export const LINK_GONE_REASON_ZH = {
  revoked: '链接已停用',
  expired: '链接已过期',
  suspended: '该镇暂停受理',
} as const satisfies Partial<Record<LinkRefusal, string>>;

/**
 * What a resident reads when their link does not open: a heading that says what happened in plain words, and
 * the next step. A villager cannot fix a link; they can scan another poster or go to the township's service
 * centre, so every refusal ends there.
 */
export const LINK_REFUSAL_ZH: Readonly<Record<LinkRefusal, { title: string; next: string }>> = {
  invalid: {
    title: '链接不完整或有误，请重新扫描海报上的二维码',
    next: '如果还是打不开，可以直接到镇便民服务中心反映，或拨打镇政府公布的联系电话。',
  },
  revoked: {
    title: '这个评价二维码已停用',
    next: '请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。',
  },
  expired: {
    title: '这个评价二维码已过期',
    next: '它的使用期限已经到了。请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。',
  },
  suspended: {
    title: '本镇的意见征集暂停受理',
    next: '有问题或建议，请直接到镇便民服务中心当面反映，或拨打镇政府公布的联系电话。',
  },
  gone: {
    title: '这个评价二维码已经不能用了',
    next: '请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。',
  },
};

/**
 * Which refusal of the link an API error is, or undefined when it is not about the link. The link check
 * (app/form-links.ts, app/receipts.ts, and the routes' token rule) names the token as the field, with a reason
 * that says what is wrong with it: a 404 or a 400 on it is a link mistyped or forged, a 410 one no longer
 * used. The words the API gives are for staff and logs; these are for the villager.
 */
export function linkRefusalOf(p: {
  status: number;
  errors?: readonly { field: string; reason: string }[] | undefined;
}): LinkRefusal | undefined {
  const about = (p.errors ?? []).filter((e) => e.field === 'path.token').map((e) => e.reason);
  if (!about.length) return undefined;
  if (p.status === 410) {
    const kinds = Object.keys(LINK_GONE_REASON_ZH) as (keyof typeof LINK_GONE_REASON_ZH)[];
    return kinds.find((k) => about.includes(LINK_GONE_REASON_ZH[k])) ?? 'gone';
  }
  return p.status === 404 || p.status === 400 ? 'invalid' : undefined;
}
