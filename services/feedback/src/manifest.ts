import { feedbackSubmitted, problemReported, problemTransitioned } from '@zuofeng/events';
import type { ServiceManifest } from '@zuofeng/manifest';
import { routes } from './contract';
import { contactRouteDefs, printRouteDefs } from './contract-links';
import { FORM_FILES, POSTER_FONT } from './manifest-files';

/**
 * Feedback: the residents' form behind a signed link, receipts and re-rating (回访), and the township's view
 * of what came in: form links with their QR posters, sealed call-back numbers, satisfaction figures.
 */
export const manifest: ServiceManifest = {
  name: 'feedback',
  // The residents' pages are served by this function too (adapters/routes-pages.ts): their build rides along.
  // It takes residents' call-back numbers in from the internet: it seals them and can never open one.
  http: { entry: 'services/feedback/src/adapters/http.ts', routes, files: [FORM_FILES], sealing: 'seal' },
  moreHttp: [
    {
      // Opening a sealed number (the call-back role, with a reason, on the record): the only function of the
      // service that may decrypt, reached only through the staff authorizer.
      name: 'contact',
      entry: 'services/feedback/src/adapters/http-contact.ts',
      routes: contactRouteDefs,
      sealing: 'open',
    },
    {
      // The PDF poster and its CJK font (domain/poster-font.ts; only the glyphs a poster uses go into each
      // PDF), apart, so that the residents' pages do not load 6 MB of font on a cold start.
      name: 'print',
      entry: 'services/feedback/src/adapters/http-print.ts',
      routes: printRouteDefs,
      files: [POSTER_FONT],
    },
  ],
  subscriptions: [
    {
      // The case projection a receipt reads (the state of the problem a complaint became, which decides
      // whether re-rating is open), and each form link's submission count.
      name: 'feedback-case-status',
      events: [feedbackSubmitted, problemReported, problemTransitioned],
      entry: 'services/feedback/src/adapters/on-case-event.ts',
    },
    {
      // Residents' submissions on the township's audit chain, from their event (app/public-audit.ts).
      name: 'feedback-audit',
      events: [feedbackSubmitted],
      entry: 'services/feedback/src/adapters/on-public-audit.ts',
    },
  ],
  schedules: [],
  tableAccess: 'readwrite',
  secrets: ['formLink'],
  // Residents' call-back numbers are sealed (KMS on AWS, the local key on `npm start`) by the main function and
  // opened by the contact function (above); the print function and the consumers get no key.
  // Residents' photos, stored by the API after it has checked them, kept once a submission claims them.
  evidence: 'readwrite',
};
