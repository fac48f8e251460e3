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

/**
 * A mainland mobile number as residents type it: spaces, dashes, a +86 / 0086 prefix and full-width digits
 * are forgiven; what is kept is the 11 digits. Undefined when it is not a mobile number.
 */
export function normalisePhone(input: string): string | undefined {
  const halfWidth = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  let digits = halfWidth.replace(/[\s\-()（）]/g, '');
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

/**
 * Who may open a sealed number. The route's action (`feedback.contact.read`) already admits only the
 * call-back role; on top of that, a complaint that names a cadre is treated like a report (信访举报): the
 * person it names (on the feedback, or as the subject of the problem it became) never opens the number of
 * the resident who complained about them, whatever their role.
 */
export function mayOpenContact(
  callerPersonId: string | undefined,
  subjects: readonly (string | undefined)[],
): { ok: true } | { ok: false; reason: string } {
  if (callerPersonId && subjects.includes(callerPersonId))
    return { ok: false, reason: 'you are the person this feedback is about' };
  return { ok: true };
}

/** The person a feedback names, however the submission stores it (`personId`, or `subject.personId`). */
export function namedPersonOf(feedback: Record<string, unknown> | undefined): string | undefined {
  if (!feedback) return undefined;
  if (typeof feedback.personId === 'string' && feedback.personId) return feedback.personId;
  const subject = feedback.subject as { personId?: unknown } | undefined;
  return typeof subject?.personId === 'string' && subject.personId ? subject.personId : undefined;
}
