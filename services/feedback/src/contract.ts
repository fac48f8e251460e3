import { zodMessage as say } from '@zuofeng/core';
import { Rating } from '@zuofeng/events';
import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';
import { getFormChallengeRoute } from './contract-abuse';
import { basicRouteDefs } from './contract-basic';
import { FeedbackContactView, linkRouteDefs } from './contract-links';
import { pageRouteDefs } from './contract-pages';
import { ContactPhone, hideNumbersIn } from './domain/contact';
import { CONSENT_NEEDED_ZH } from './domain/form-wording';
import { MAX_PHOTO_BYTES, PHOTO_KEY } from './domain/photo';

const RATING_MSG = '请选择：非常满意、满意、基本满意、不满意、非常不满意';
const ZhRating = z.enum(Rating.options, { error: RATING_MSG });

/** What a resident says: the three questions of the seed ("三问"), each on the 好差评 scale, and a problem. */
export const FeedbackContent = z
  .object(
    {
      ratings: z.object(
        {
          warmth: ZhRating,
          solved: ZhRating,
          happiness: ZhRating,
        },
        { error: '请回答全部三个问题' },
      ),
      complaint: z
        .string({ error: '问题或建议须为文字' })
        .trim()
        .max(1000, '问题或建议不能超过 1000 字')
        .optional()
        // A phone or ID number written into the text is hidden before anything stores it (domain/contact.ts).
        .transform((s) => (s ? hideNumbersIn(s) : undefined)),
      /** The village or office, when the link is for the whole township (the resident picks it). */
      unitId: z.string({ error: '请选择您要评价的村或单位' }).max(64, '请选择您要评价的村或单位').optional(),
      /** An optional call-back number; kept only with `consent` (PIPL), sealed and apart from the case. */
      phone: ContactPhone.optional(),
      consent: z.boolean({ error: '请勾选是否同意' }).optional(),
      /** The photo uploaded through this link (`POST …/photos`), if any. */
      photoKey: z
        .string({ error: '照片无效，请重新选择' })
        .regex(PHOTO_KEY, '照片无效，请重新选择')
        .optional(),
    },
    { error: '请按表单填写后提交' },
  )
  .refine((b) => !b.phone || b.consent === true, {
    message: CONSENT_NEEDED_ZH,
    path: ['consent'],
  });
export type FeedbackContent = z.infer<typeof FeedbackContent>;

/** The public form's body: the content, the proof of work, and the honeypot (see app/abuse). */
export const FeedbackBody = FeedbackContent.extend({
  altcha: z
    .string({ error: '请等待人机验证完成后再提交' })
    .min(1, '请等待人机验证完成后再提交')
    .max(1000, '人机验证数据无效，请刷新页面后重新提交'),
  /** Hidden from people (and from autofill); a bot that fills every field fills this one. */
  website: z.unknown().optional(),
});
export type FeedbackBody = z.infer<typeof FeedbackBody>;

const FormToken = z.object({
  token: z.string().min(10, '链接无效').max(200, '链接无效'),
});

export const submitFeedbackRoute = defineRoute({
  operationId: 'submitFeedback',
  method: 'POST',
  path: '/public/forms/{token}/feedback',
  summary:
    'A resident submits the three ratings and, optionally, a problem or suggestion, with a solved challenge ' +
    '(GET …/challenge) as `altcha`. An optional `Idempotency-Key` header (8–128 of A-Z a-z 0-9 _ -) makes a ' +
    'repeat within 24 h return the first answer. 429 when an address or a link submits too often.',
  auth: 'public',
  params: FormToken,
  body: FeedbackBody,
  maxBodyBytes: 8 * 1024,
  successStatus: 201,
  response: z.object({
    receiptCode: z.string(),
    message: z.string(),
  }),
});

export const uploadPhotoRoute = defineRoute({
  operationId: 'uploadFormPhoto',
  method: 'POST',
  path: '/public/forms/{token}/photos',
  summary:
    "A resident's optional photo, as the request body itself (image/jpeg, image/png or image/webp, ≤ 2 MB; the " +
    "form redraws it to ≤ 1280 px first). The answer's `key` goes into the submission as `photoKey` within two " +
    'hours, through the same link; a photo no submission claims is deleted after a day. 429 when an address or ' +
    'a link uploads too often.',
  auth: 'public',
  params: FormToken,
  maxBodyBytes: MAX_PHOTO_BYTES,
  successStatus: 201,
  response: z.object({ key: z.string(), message: z.string() }),
});

export const getFormRoute = defineRoute({
  operationId: 'getForm',
  method: 'GET',
  path: '/public/forms/{token}',
  summary: 'What the form shows: the township and unit it is for, and the three questions',
  auth: 'public',
  params: FormToken,
  response: z.object({
    township: z.string(),
    unit: z.string(),
    questions: z.array(z.object({ id: z.enum(['warmth', 'solved', 'happiness']), text: z.string() })),
    scale: z.array(z.object({ value: Rating, label: z.string() })),
    /** For a township-wide link: the villages and offices to choose from. */
    units: z.array(z.object({ unitId: z.string(), name: z.string() })),
    /** What the form says about an optional call-back number (PIPL). */
    contact: z.object({ purpose: z.string(), retention: z.string() }),
  }),
});

/** A day of the list's filter: `YYYY-MM-DD`, a real calendar day (read in China time by app/list-feedback.ts). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDay = (d: string) => {
  const at = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().startsWith(d);
};
const FeedbackDay = z
  .string()
  .regex(DAY, say('a day as YYYY-MM-DD', '日期格式应为 YYYY-MM-DD，例如 2026-12-31'))
  // Only a well-formed day is looked up in the calendar: one issue per field.
  .refine((d) => !DAY.test(d) || isCalendarDay(d), {
    message: say('no such day in the calendar', '日历上没有这一天'),
  });

export const listFeedbackRoute = defineRoute({
  operationId: 'listFeedback',
  method: 'GET',
  path: '/feedback',
  summary:
    "The township's incoming feedback, newest first, filtered by unit, China-time days (`from`, `to`, " +
    'inclusive), `complaint` (with | without) and `bad` (差评: any question dissatisfied or worse). A page ' +
    'may hold fewer than `limit` items while `nextCursor` says more may match: one request examines at most ' +
    '1000 submissions.',
  auth: 'staff',
  action: 'feedback.read',
  query: z
    .object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(500).optional(),
      /** One village or office. */
      unitId: z
        .string()
        .min(1, say('a unit to filter by', '请选择要筛选的单位'))
        .max(80, say('a unit id of at most 80 characters', '单位编号格式不对'))
        .optional(),
      /** The first and last day (`YYYY-MM-DD`, China time, inclusive) of submission. */
      from: FeedbackDay.optional(),
      to: FeedbackDay.optional(),
      /** With or without a problem or suggestion written. */
      complaint: z
        .enum(['with', 'without'], {
          error: say('with or without a problem or suggestion', '请选择“有问题或建议”或“只有评分”'),
        })
        .optional(),
      /** 差评: any of the three questions rated dissatisfied or very dissatisfied (`true`), or none (`false`). */
      bad: z
        .enum(['true', 'false'], { error: say('bad reviews: true or false', '请选择是否只看差评') })
        .optional(),
    })
    .refine((q) => !q.from || !q.to || q.from <= q.to, {
      message: say('the last day must not be before the first', '截止日期不能早于起始日期'),
      path: ['to'],
    }),
  response: z.object({
    items: z.array(
      z.object({
        feedbackId: z.string(),
        unitId: z.string(),
        ratings: z.object({ warmth: Rating, solved: Rating, happiness: Rating }),
        complaint: z.string().optional(),
        /** The resident's photo in the evidence store: shown through GET /evidence/url?key=… (intake). */
        photoKey: z.string().optional(),
        submittedAt: z.string(),
        /** A call-back number, masked (138****0000), or sealed whole when the feedback names a person. */
        contact: FeedbackContactView.optional(),
        /** The township's reply to the resident (办理回复), as the receipt shows it, and when it was written. */
        reply: z.object({ text: z.string(), repliedAt: z.string() }).optional(),
        /** The problem intake opened from this feedback's complaint, once it has (console: /problems/<id>). */
        problemId: z.string().optional(),
        /** That problem's state in intake's lifecycle, as this service's projection last saw it. */
        problemState: z
          .enum(['reported', 'accepted', 'rectifying', 'submitted', 'closed', 'rejected', 'reopened'])
          .optional(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
});

export const routes = [
  submitFeedbackRoute,
  getFormRoute,
  listFeedbackRoute,
  ...linkRouteDefs,
  getFormChallengeRoute,
  uploadPhotoRoute,
  ...pageRouteDefs,
  ...basicRouteDefs,
] as const;
