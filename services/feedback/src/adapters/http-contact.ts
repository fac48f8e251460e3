import { implement } from '@zuofeng/http';
import { openContact } from '../app/contact';
import { openContactRoute } from '../contract-links';
import { contactSealer } from './contact-sealer';
import { deps } from './deps';
import { feedbackHttpHandler } from './handler';

/**
 * The feedback service's contact function: a call-back officer opens a resident's sealed number, with a
 * reason, on the record. The only function of the service allowed to decrypt (manifest `sealing: 'open'`);
 * the one that serves residents from the internet may only seal.
 */
export const handler = feedbackHttpHandler([
  implement(openContactRoute, async ({ principal, params, body }) =>
    openContact({ ...deps, sealer: contactSealer() }, principal, params.feedbackId, body.reason),
  ),
]);
