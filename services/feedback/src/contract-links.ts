import { zodMessage as say } from '@zuofeng/core';
import { Rating } from '@zuofeng/events';
import { bilingualIssue, defineRoute, type RouteDef } from '@zuofeng/http';
import { z } from 'zod';
import { missingGlyphs, posterFontCoverage, printableText } from './domain/poster-coverage';

// ── shared shapes ────────────────────────────────────────────────────────────────────────────────────────
const Ulid = (what: string, zh: string) =>
  z.string().regex(/^[0-9A-Z]{26}$/, say(`${what} is a 26-character ULID`, `${zh}格式不对`));
const LinkParams = z.object({ linkId: Ulid('linkId', '评价链接编号') });
const FeedbackParams = z.object({ feedbackId: Ulid('feedbackId', '群众评价编号') });
const ReceiptParams = z.object({
  token: z.string().min(10, '链接无效').max(200, '链接无效'),
  code: z.string().min(1, '请输入回执码').max(40, '回执码格式不对'),
});

export const LinkView = z.object({
  linkId: z.string(),
  scope: z.enum(['unit', 'township']),
  unitId: z.string().optional(),
  unitName: z.string().optional(),
  label: z.string().optional(),
  validUntil: z.string().optional(),
  createdAt: z.string().optional(),
  state: z.enum(['active', 'revoked', 'expired']),
  revokedAt: z.string().optional(),
  /** The signed token: public by design, it is what the poster prints. */
  token: z.string(),
  /** The residents' page, `/f/<token>`. */
  path: z.string(),
  /** The page's full URL (PUBLIC_BASE_URL, else the request's host): what the QR code encodes. */
  url: z.string(),
  /**
   * The link's short code (11 of `0-9a-z` without i l o u), and the URL printed under the QR code for typing,
   * `<base>/s/<code grouped 4-4-3>`: it redirects to `url`. Absent on a link made before short codes, until its
   * poster is first printed.
   */
  shortCode: z.string().optional(),
  shortUrl: z.string().optional(),
  /** Send it back to change the link (PUT): a change made meanwhile is refused, not overwritten. */
  version: z.number().int(),
  submissions: z.number().int(),
  lastSubmittedAt: z.string().optional(),
});

/** How a call-back number shows in the staff list: masked, or sealed whole when the feedback names a person. */
export const FeedbackContactView = z.union([
  z.object({
    sealed: z.literal(false),
    masked: z.string().regex(/^\d{3}\*{4}\d{4}$/),
    expiresAt: z.string(),
  }),
  z.object({ sealed: z.literal(true), expiresAt: z.string() }),
]);

const Level = z.object({
  very_satisfied: z.number().int(),
  satisfied: z.number().int(),
  basically_satisfied: z.number().int(),
  dissatisfied: z.number().int(),
  very_dissatisfied: z.number().int(),
});
const Question = z.object({ counts: Level, answers: z.number().int(), index: z.number().nullable() });
const Figures = z.object({
  feedbacks: z.number().int(),
  index: z.number().nullable(),
  questions: z.object({ warmth: Question, solved: Question, happiness: Question }),
  updatedAt: z.string().optional(),
});

/** Where the link is posted (张贴位置), printed on the poster: only characters its font has. */
const LinkLabel = z
  .string()
  .trim()
  .min(1)
  .max(60, say('at most 60 characters', '不能超过 60 字'))
  .superRefine((label, ctx) => {
    // The poster prints the label: a character its font lacks is refused now, not at the first print.
    const missing = missingGlyphs(posterFontCoverage, printableText(label)).join(' ');
    if (missing)
      ctx.addIssue(
        bilingualIssue(
          `the poster font has no glyph for: ${missing}`,
          `海报无法打印以下字符，请删除或更换：${missing}`,
        ),
      );
  });

/** Until when the link takes submissions. */
const LinkValidUntil = z.iso.datetime({
  offset: true,
  error: say(
    'an ISO date-time, e.g. 2026-12-31T23:59:59+08:00',
    '日期时间格式不对，例如 2026-12-31T23:59:59+08:00',
  ),
});

// ── form links (staff) ───────────────────────────────────────────────────────────────────────────────────
export const createFormLinkRoute = defineRoute({
  operationId: 'createFormLink',
  method: 'POST',
  path: '/form-links',
  summary: 'Create a signed form link for one unit, or for the whole township when no unit is given',
  auth: 'staff',
  action: 'feedback.links.manage',
  body: z.object({
    unitId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,60}$/, say('a unit id', '单位编号格式不对'))
      .optional(),
    label: LinkLabel.optional(),
    validUntil: LinkValidUntil.optional(),
  }),
  maxBodyBytes: 2048,
  successStatus: 201,
  response: LinkView,
});

export const listFormLinksRoute = defineRoute({
  operationId: 'listFormLinks',
  method: 'GET',
  path: '/form-links',
  summary: "The township's form links, newest first, with their URLs, state and submission counts",
  auth: 'staff',
  action: 'feedback.links.manage',
  response: z.object({ items: z.array(LinkView) }),
});

export const revokeFormLinkRoute = defineRoute({
  operationId: 'revokeFormLink',
  method: 'POST',
  path: '/form-links/{linkId}/revoke',
  summary: 'Revoke a form link: its form answers 410 from now on (receipts keep working)',
  auth: 'staff',
  action: 'feedback.links.manage',
  params: LinkParams,
  response: LinkView,
});

export const updateFormLinkRoute = defineRoute({
  operationId: 'updateFormLink',
  method: 'PUT',
  path: '/form-links/{linkId}',
  summary:
    'Change where a link is posted (label) and until when it is valid, keeping its QR code and short URL: posters ' +
    'already up keep working. A field left out is cleared. 409 when the link is revoked, or when `version` is not ' +
    'the one stored (changed meanwhile: reload)',
  auth: 'staff',
  action: 'feedback.links.manage',
  params: LinkParams,
  body: z.object({
    label: LinkLabel.optional(),
    validUntil: LinkValidUntil.optional(),
    /** The version the caller read (LinkView.version). */
    version: z.number().int().min(0),
  }),
  maxBodyBytes: 2048,
  response: LinkView,
});

export const formLinkQrRoute = defineRoute({
  operationId: 'getFormLinkQr',
  method: 'GET',
  path: '/form-links/{linkId}/qr.svg',
  summary:
    "The QR code of a link's public URL, as an SVG download named like the poster (filename* in UTF-8: 青山镇-东村-…-评价二维码.svg)",
  auth: 'staff',
  action: 'feedback.links.manage',
  params: LinkParams,
  contentType: 'image/svg+xml',
  response: z.string(),
});

export const formLinkPosterRoute = defineRoute({
  operationId: 'getFormLinkPoster',
  method: 'GET',
  path: '/form-links/{linkId}/poster',
  summary:
    'The A4 poster of a link as HTML, for the console’s preview and the browser’s print dialog (the PDF is poster.pdf). ' +
    '409 when the link is revoked or expired: a poster asks residents to scan a form that would refuse them',
  auth: 'staff',
  action: 'feedback.links.manage',
  params: LinkParams,
  contentType: 'text/html',
  response: z.string(),
});

export const formLinkPosterPdfRoute = defineRoute({
  operationId: 'getFormLinkPosterPdf',
  method: 'GET',
  path: '/form-links/{linkId}/poster.pdf',
  summary:
    'The printable A4 poster of a link as a PDF download (filename* in UTF-8): township and unit, campaign line, ' +
    'the three questions, a vector QR code, the short URL, label and validity, with the subset of Noto Sans SC ' +
    'it uses embedded. 409 names the field and characters when a name has a character the font lacks, and ' +
    'names the link’s state (path.linkId: revoked or expired) when the link takes no more submissions',
  auth: 'staff',
  action: 'feedback.links.manage',
  params: LinkParams,
  contentType: 'application/pdf',
  response: z.string().meta({ format: 'binary' }),
});

// ── receipts and re-rating (public) ──────────────────────────────────────────────────────────────────────
export const receiptRoute = defineRoute({
  operationId: 'getReceipt',
  method: 'GET',
  path: '/public/forms/{token}/receipts/{code}',
  summary:
    "A receipt: the case's state in plain words, the township's public reply, and whether re-rating is open",
  auth: 'public',
  params: ReceiptParams,
  response: z.object({
    receiptCode: z.string(),
    submittedAt: z.string(),
    state: z.object({
      code: z.enum([
        'rated',
        'received',
        'registered',
        'accepted',
        'rectifying',
        'awaiting_rerating',
        'awaiting_signoff',
        'rework',
        'closed',
      ]),
      label: z.string(),
      since: z.string().optional(),
    }),
    reply: z.object({ text: z.string(), repliedAt: z.string() }).optional(),
    rerating: z.object({ open: z.boolean(), reason: z.string().optional(), given: Rating.optional() }),
  }),
});

export const rerateRoute = defineRoute({
  operationId: 'rerateReceipt',
  method: 'POST',
  path: '/public/forms/{token}/receipts/{code}/rerating',
  summary:
    'The resident re-rates the rectification (回访), once per round of sign-off; 不满意 or worse sends it back',
  auth: 'public',
  params: ReceiptParams,
  body: z.object({
    rating: z.enum(Rating.options, { error: '请选择：非常满意、满意、基本满意、不满意、非常不满意' }),
  }),
  maxBodyBytes: 1024,
  successStatus: 201,
  response: z.object({ message: z.string(), rating: Rating }),
});

// ── call-back numbers, replies and figures (staff) ───────────────────────────────────────────────────────
export const openContactRoute = defineRoute({
  operationId: 'openFeedbackContact',
  method: 'POST',
  path: '/feedback/{feedbackId}/contact/open',
  summary:
    'Open a resident’s sealed call-back number (the call-back role only, never the person the feedback names). Every opening is logged with its reason and audited',
  auth: 'staff',
  action: 'feedback.contact.read',
  params: FeedbackParams,
  body: z.object({
    reason: z
      .string()
      .trim()
      .min(2, say('say why the number is needed', '请写明查看号码的事由（至少 2 个字）'))
      .max(500),
  }),
  maxBodyBytes: 4096,
  response: z.object({
    feedbackId: z.string(),
    phone: z.string(),
    openedAt: z.string(),
    expiresAt: z.string(),
  }),
});

export const replyRoute = defineRoute({
  operationId: 'replyToFeedback',
  method: 'PUT',
  path: '/feedback/{feedbackId}/reply',
  summary: 'Write the public reply (办理回复) a resident sees with their receipt; replaces the previous one',
  auth: 'staff',
  action: 'feedback.reply',
  params: FeedbackParams,
  body: z.object({
    text: z
      .string()
      .trim()
      .min(2, say('at least 2 characters', '至少 2 个字'))
      .max(500, say('at most 500 characters', '不能超过 500 字')),
  }),
  maxBodyBytes: 4096,
  response: z.object({ feedbackId: z.string(), text: z.string(), repliedAt: z.string() }),
});

export const figuresRoute = defineRoute({
  operationId: 'getFeedbackFigures',
  method: 'GET',
  path: '/feedback/figures',
  summary:
    "The township's satisfaction figures: each level of each question and the index, per unit and in total",
  auth: 'staff',
  action: 'feedback.figures.read',
  response: z.object({
    formula: z.string(),
    township: Figures,
    units: z.array(Figures.extend({ unitId: z.string(), unitName: z.string() })),
  }),
});

/** Contracts of the routes in adapters/routes-links.ts. */
export const linkRouteDefs: RouteDef[] = [
  createFormLinkRoute,
  listFormLinksRoute,
  revokeFormLinkRoute,
  updateFormLinkRoute,
  formLinkQrRoute,
  formLinkPosterRoute,
  receiptRoute,
  rerateRoute,
  replyRoute,
  figuresRoute,
];

/**
 * The routes of the feedback service's print function (adapters/http-print.ts): the PDF poster, whose CJK
 * font would otherwise weigh on the cold start of the function that serves the residents' pages.
 */
export const printRouteDefs: RouteDef[] = [formLinkPosterPdfRoute];

/**
 * The route of the feedback service's contact function (adapters/http-contact.ts): opening a sealed call-back
 * number, the only thing in the service that decrypts, kept out of the function that serves the internet.
 */
export const contactRouteDefs: RouteDef[] = [openContactRoute];
