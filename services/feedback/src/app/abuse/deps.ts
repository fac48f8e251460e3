import type { FeedbackDeps } from '../deps';
import type { AbuseConfig } from './config';

/** What the public submission path needs beyond the use case's ports. */
export interface AbuseDeps extends FeedbackDeps {
  /** The ALTCHA HMAC key. */
  altchaKey: () => Promise<string>;
  /** The secret pepper of client-address hashes. */
  addressPepper: () => Promise<string>;
  abuse: AbuseConfig;
}
