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

/**
 * The form-link secret: from the environment locally, else from Secrets Manager through Powertools, asked on
 * every call and cached by Powertools for five minutes. Not memoised here: a rotated secret is picked up within
 * those minutes without a redeploy, and a failed fetch at a cold start (a throttle, a timeout) fails that one
 * request instead of every request the warm function serves afterwards.
 */
async function formLinkSecret(): Promise<string> {
  if (config.FORM_LINK_SECRET) return config.FORM_LINK_SECRET;
  const value = await getSecret(config.FORM_LINK_SECRET_ARN!, { maxAge: 300 });
  if (typeof value !== 'string' || value.length < 16)
    throw new Error('the form-link secret in Secrets Manager is missing or shorter than 16 characters');
  return value;
}

/** The composition root of the feedback service. */
export const deps: FeedbackDeps & AbuseDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  formLinkSecret,
  now: () => new Date(),
  ...(evidence ? { evidence } : {}),
  // Without its own key, ALTCHA signs with a key derived from the form-link secret (HMAC of a purpose label
  // under it): one secret fewer to provision, and neither key reveals the other. Setting ALTCHA_HMAC_KEY lets
  // it rotate on its own (outstanding challenges then fail once, and the form fetches a new one). Derived from
  // the current secret each time: one HMAC, so a rotation carries over to both keys.
  altchaKey: async () => config.ALTCHA_HMAC_KEY ?? deriveSecret(await formLinkSecret(), 'altcha'),
  // The pepper of client-address hashes, derived the same way; it never leaves the function.
  addressPepper: async () => deriveSecret(await formLinkSecret(), 'client-address'),
  abuse: abuseConfig({
    minFillMs: config.FEEDBACK_MIN_FILL_MS,
    perAddressMax: config.FEEDBACK_RATE_PER_ADDRESS,
    perLinkMax: config.FEEDBACK_RATE_PER_LINK,
  }),
};
