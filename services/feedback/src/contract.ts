import { Rating } from '@zuofeng/events';
import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';
import { linkRouteDefs } from './contract-links';

const RATING_MSG = '请选择：非常满意、满意、基本满意、不满意、非常不满意';
const ZhRating = z.enum(Rating.options, { error: RATING_MSG });

/** The three questions of the seed ("三问"), each on the 好差评 scale. */
export const FeedbackBody = z.object({
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
    .transform((s) => (s ? s : undefined)),
});
export type FeedbackBody = z.infer<typeof FeedbackBody>;

const FormToken = z.object({
  token: z.string().min(10, '链接无效').max(200, '链接无效'),
});

export const submitFeedbackRoute = defineRoute({
  operationId: 'submitFeedback',
  method: 'POST',
  path: '/public/forms/{token}/feedback',
  summary: 'A resident submits the three ratings and, optionally, a problem or suggestion',
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
        submittedAt: z.string(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
});

export const routes = [submitFeedbackRoute, getFormRoute, listFeedbackRoute, ...linkRouteDefs] as const;
