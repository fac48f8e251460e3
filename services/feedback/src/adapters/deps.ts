import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { evidenceStoreFromEnv } from '@zuofeng/evidence';
import { z } from 'zod';
import { abuseConfig } from '../app/abuse/config';
import type { AbuseDeps } from '../app/abuse/deps';
import { deriveSecret } from '../app/abuse/secrets';
import type { FeedbackDeps } from '../app/deps';

// Read once at cold start: a missing variable fails here, not halfway through a request.
const config = readConfig(
  z
    .object({
      TABLE_NAME: z.string().min(1),
      FORM_LINK_SECRET: z.string().min(16).optional(),
      FORM_LINK_SECRET_ARN: z.string().min(1).optional(),
      /** The ALTCHA HMAC key; without it, one is derived from the form-link secret (see below). */
      ALTCHA_HMAC_KEY: z.string().min(16).optional(),
      /** Overrides of app/abuse/config.ts: a test runtime shortens the minimum fill time, a bench lifts limits. */
      FEEDBACK_MIN_FILL_MS: z.coerce.number().int().min(0).max(60_000).optional(),
      FEEDBACK_RATE_PER_ADDRESS: z.coerce.number().int().min(1).optional(),
      FEEDBACK_RATE_PER_LINK: z.coerce.number().int().min(1).optional(),
      /** Residents' photos: the evidence bucket on AWS, the runtime's folder locally. */
      EVIDENCE_BUCKET: z.string().min(1).optional(),
      LOCAL_EVIDENCE_SECRET: z.string().min(16).optional(),
      LOCAL_EVIDENCE_DIR: z.string().min(1).optional(),
    })
    .refine(
      (c) => c.FORM_LINK_SECRET || c.FORM_LINK_SECRET_ARN,
      'FORM_LINK_SECRET or FORM_LINK_SECRET_ARN is required',
    ),
);

const evidence = evidenceStoreFromEnv(config);

let secret: Promise<string> | undefined;
let altchaKey: Promise<string> | undefined;
let pepper: Promise<string> | undefined;

/** The composition root of the feedback service. */
export const deps: FeedbackDeps & AbuseDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  formLinkSecret: () => {
    secret ??= config.FORM_LINK_SECRET
      ? Promise.resolve(config.FORM_LINK_SECRET)
      : // Cached by Powertools for its default max age; a rotated secret is picked up without a redeploy.
        (getSecret(config.FORM_LINK_SECRET_ARN!, { maxAge: 300 }) as Promise<string>);
    return secret;
  },
  now: () => new Date(),
  ...(evidence ? { evidence } : {}),
  // Without its own key, ALTCHA signs with a key derived from the form-link secret (HMAC of a purpose label
  // under it): one secret fewer to provision, and neither key reveals the other. Setting ALTCHA_HMAC_KEY lets
  // it rotate on its own (outstanding challenges then fail once, and the form fetches a new one).
  altchaKey: () => {
    altchaKey ??= config.ALTCHA_HMAC_KEY
      ? Promise.resolve(config.ALTCHA_HMAC_KEY)
      : deps.formLinkSecret().then((s) => deriveSecret(s, 'altcha'));
    return altchaKey;
  },
  // The pepper of client-address hashes, derived the same way; it never leaves the function.
  addressPepper: () => {
    pepper ??= deps.formLinkSecret().then((s) => deriveSecret(s, 'client-address'));
    return pepper;
  },
  abuse: abuseConfig({
    minFillMs: config.FEEDBACK_MIN_FILL_MS,
    perAddressMax: config.FEEDBACK_RATE_PER_ADDRESS,
    perLinkMax: config.FEEDBACK_RATE_PER_LINK,
  }),
};
