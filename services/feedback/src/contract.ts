import { Rating } from '@zuofeng/events';
import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';
import { getFormChallengeRoute } from './contract-abuse';
import { basicRouteDefs } from './contract-basic';
import { FeedbackContactView, linkRouteDefs } from './contract-links';
import { pageRouteDefs } from './contract-pages';
import { ContactPhone, hideNumbersIn } from './domain/contact';
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
    message: '留电话需要您同意：仅用于回电核实和告知办理结果',
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

export const listFeedbackRoute = defineRoute({
  operationId: 'listFeedback',
  method: 'GET',
  path: '/feedback',
  summary: "The township's incoming feedback, newest first",
  auth: 'staff',
  action: 'feedback.read',
  query: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
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
