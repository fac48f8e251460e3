import { z } from 'zod';

/**
 * How long a resident's call-back number is kept: 90 days from the submission, then DynamoDB's TTL deletes it.
 *
 * Why 90: PIPL asks for the shortest time the purpose needs, and the purpose is to call back about this one
 * case. A 差评 is rectified within 5–15 working days (about three weeks), sign-off and the follow-up window
 * (回访, 10 days by default) add two more, and a case sent back for rework (重办) runs that again: 90 days
 * covers a case with a round or two of rework and the last call. After that the number serves no purpose.
 */
export const CONTACT_RETENTION_DAYS = 90;

/** The form's plain-words statement of the retention, from the same constant (PIPL: say how long). */
export const CONTACT_RETENTION_ZH = `提交后保存 ${CONTACT_RETENTION_DAYS} 天，到期自动删除`;

/** What the number is for, in the form's words. */
export const CONTACT_PURPOSE_ZH = '只用于就您反映的问题回电核实、告知办理结果，不作他用';

/** How the number is kept, in the form's words (both forms print it). */
export const CONTACT_KEEPING_ZH =
  '号码加密保存，和评价内容分开存放；工作人员只能看到打了星号的号码，只有负责回访的人员能看到完整号码，每次查看都有记录。您反映的是某位干部的问题时，这位干部看不到您的号码。';

/** The complaint box's hint (both forms print it, then its length limit). */
export const COMPLAINT_HINT_ZH =
  '遇到了什么问题、希望怎么改，都可以写。可以写明是哪个单位、哪位干部（写姓名或称呼，如“王书记”）。要回电请在下面留手机号：写在这里的手机号、身份证号会被隐去。';

/** What stands in a complaint for a number the resident typed into it. */
export const HIDDEN_PHONE_ZH = '［手机号已隐去］';
export const HIDDEN_ID_ZH = '［身份证号已隐去］';

/**
 * Full-width digits, dashes, dots, X and the ideographic space folded one for one into ASCII, so that a match
 * in the folded text stands at the same place in the resident's own text (whose Chinese punctuation stays).
 */
const foldForNumbers = (s: string) =>
  s.replace(/[\uFF10-\uFF19\uFF0D\uFF0E\uFF38\uFF58\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
/** What residents put between the groups of a number: a space, a dot, or any dash. */
const SEP = '[ \\t.\\-\u2010-\u2015]?';
const NUMBERS = new RegExp(
  // An ID number first, so that no mobile number is read out of the middle of one.
  `(?<id>(?<![\\dA-Za-z])\\d(?:${SEP}\\d){16}${SEP}[\\dXx](?![\\dA-Za-z]))` +
    `|(?<phone>(?<!\\d)(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}(?!\\d))`,
  'g',
);

/**
 * A complaint with the numbers that identify a resident replaced whole: a mobile number and an 18-digit ID
 * number, however they are grouped (spaces, dots, dashes, a +86) and in full-width characters too, as a phone
 * keyboard in 全角 mode types them. Residents write "我的电话138…" into the text, and the text reaches every
 * staff reader, the ledger (the cadre a complaint is about included), the event and the audit log, where a
 * number left in the phone field would have been sealed. Not even a mask stays: the mask is what the call-back
 * number shows, and the person a complaint names must not see that either. Replaced before anything is stored.
 */
export function hideNumbersIn(text: string): string {
  let out = '';
  let from = 0;
  for (const m of foldForNumbers(text).matchAll(NUMBERS)) {
    out += text.slice(from, m.index) + (m.groups?.id ? HIDDEN_ID_ZH : HIDDEN_PHONE_ZH);
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
}

/**
 * A mainland mobile number as residents type it: spaces, dashes, dots, a +86 / 0086 prefix and full-width
 * characters (the same fold as the complaint's numbers) are forgiven; what is kept is the 11 digits.
 * Undefined when it is not a mobile number.
 */
export function normalisePhone(input: string): string | undefined {
  let digits = foldForNumbers(input).replace(/[\s\-.()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** The zod field for the submission's `phone` (zh-CN message), normalised to 11 digits. */
export const ContactPhone = z
  .string({ error: '手机号须为数字' })
  .max(20, '手机号格式不对，请填写 11 位手机号')
  .transform((s, ctx) => {
    const phone = normalisePhone(s);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: '手机号格式不对，请填写 11 位手机号' });
      return z.NEVER;
    }
    return phone;
  });

/** What staff see of a number: the first three and the last four digits, `138****0000`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The encryption context of a number: it binds the ciphertext to this tenant, this feedback and its purpose. */
export const contactContext = (tenantId: string, feedbackId: string) => ({
  tenantId,
  feedbackId,
  purpose: 'callback',
});

/** Titles residents put after a cadre's surname: "王书记", "李副镇长", "张会计". */
const TITLES = [
  '书记',
  '主任',
  '镇长',
  '乡长',
  '村长',
  '站长',
  '所长',
  '局长',
  '部长',
  '队长',
  '组长',
  '主席',
  '会计',
  '委员',
  '干部',
  '专干',
  '秘书',
  '网格员',
  '同志',
];
/** Two-character surnames, so that "欧阳书记" is read as 欧阳 and not 欧. */
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '令狐',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '独孤',
  '南宫',
  '西门',
];
const compact = (s: string) => s.normalize('NFKC').replace(/[\s·•.]/g, '');

/**
 * Whether a complaint names this person: their full name, or their surname with a title ("王书记",
 * "王副镇长"). Residents write a cadre's name or how they address them into the complaint; nothing else in a
 * submission says who it is about. The match is deliberately broad: a wrong match only means another
 * call-back officer, not the one it might be about, makes the call.
 */
export function complaintNames(complaint: string | undefined, personName: string | undefined): boolean {
  if (!complaint || !personName) return false;
  const text = compact(complaint);
  // A roster's note in brackets ("（临时）张三", "张三(驻村)") is no part of the name residents write.
  const name = compact(personName).replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');
  if (name.length < 2) return false;
  if (text.includes(name)) return true;
  const surname = COMPOUND_SURNAMES.find((c) => name.startsWith(c) && name.length > 2) ?? name[0]!;
  // The surname is data: escaped, so that no character of a name is read as pattern.
  const escaped = surname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?:常务副|副)?(?:${TITLES.join('|')})`).test(text);
}

/** The caller as the sealing sees them: their own person in the township, if they have one. */
export interface CallerPerson {
  personId?: string;
  name?: string;
}

/**
 * Who may open a sealed number. The route's action (`feedback.contact.read`) already admits only the
 * call-back roles; on top of that, a complaint that names a cadre is treated like a report (信访举报): the
 * person it names (on the feedback, as the subject of the problem it became, or by name or title in its text)
 * never opens the number of the resident who complained about them, whatever their role.
 */
export function mayOpenContact(
  caller: CallerPerson,
  subjects: readonly (string | undefined)[],
  complaint: string | undefined,
): { ok: true } | { ok: false; reason: string } {
  if (caller.personId && subjects.includes(caller.personId))
    return { ok: false, reason: 'you are the person this feedback is about' };
  if (complaintNames(complaint, caller.name))
    return { ok: false, reason: 'the complaint names you (by name or title)' };
  return { ok: true };
}

/** The person a feedback names, however the submission stores it (`personId`, or `subject.personId`). */
export function namedPersonOf(feedback: Record<string, unknown> | undefined): string | undefined {
  if (!feedback) return undefined;
  if (typeof feedback.personId === 'string' && feedback.personId) return feedback.personId;
  const subject = feedback.subject as { personId?: unknown } | undefined;
  return typeof subject?.personId === 'string' && subject.personId ? subject.personId : undefined;
}
