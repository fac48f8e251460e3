import { implement } from '@zuofeng/http';
import { formChallenge } from '../app/abuse/form-challenge';
import { openLink, unitOf } from '../app/form-links';
import { formUnits } from '../app/links';
import { listFeedback } from '../app/list-feedback';
import { uploadPhoto } from '../app/photos';
import { submitFeedback } from '../app/submit-feedback';
import { getFormRoute, listFeedbackRoute, submitFeedbackRoute, uploadPhotoRoute } from '../contract';
import { getFormChallengeRoute } from '../contract-abuse';
import { CONTACT_PURPOSE_ZH, CONTACT_RETENTION_ZH } from '../domain/contact';
import { QUESTIONS, SCALE } from '../domain/questions';
import { deps } from './deps';
import { feedbackHttpHandler, logger } from './handler';
import { basicRoutes } from './routes-basic';
import { linkRoutes } from './routes-links';
import { pageRoutes } from './routes-pages';

export const handler = feedbackHttpHandler([
  implement(submitFeedbackRoute, async ({ params, body, correlationId, headers, sourceIp }) => {
    const out = await submitFeedback(deps, { token: params.token, body, correlationId, headers, sourceIp });
    logger.info('feedback submitted', { tenantId: out.tenantId, feedbackId: out.feedbackId });
    return {
      receiptCode: out.receiptCode,
      message: '提交成功，感谢您的评价。请保存回执码，可用它查询办理情况。',
    };
  }),
  implement(uploadPhotoRoute, async ({ params, headers, rawBody, sourceIp }) => {
    if (!deps.evidence) throw new Error('no evidence store is configured');
    const out = await uploadPhoto(
      { ...deps, evidence: deps.evidence },
      { token: params.token, contentType: headers['content-type'] ?? '', body: rawBody, sourceIp },
    );
    return { key: out.key, message: '照片已上传' };
  }),
  implement(getFormRoute, async ({ params }) => {
    const { ref, link, profile } = await openLink(deps, params.token);
    const unit = link.unitId ? await unitOf(deps, ref.tenantId, link.unitId) : undefined;
    return {
      township: profile.name,
      unit: unit?.name ?? '',
      questions: QUESTIONS,
      scale: SCALE,
      units: await formUnits(deps, ref.tenantId, link),
      contact: { purpose: CONTACT_PURPOSE_ZH, retention: CONTACT_RETENTION_ZH },
    };
  }),
  implement(listFeedbackRoute, async ({ principal, query }) => listFeedback(deps, principal, query)),
  // Form links, QR posters, receipts, re-rating, call-back numbers and figures: see routes-links.ts.
  ...linkRoutes,
  implement(getFormChallengeRoute, async ({ params }) => formChallenge(deps, params.token)),
  // The residents' pages themselves (HTML and scripts): see routes-pages.ts.
  ...pageRoutes,
  ...basicRoutes,
]);
