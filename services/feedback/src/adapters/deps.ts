import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { z } from 'zod';
import type { FeedbackDeps } from '../app/deps';

// Read once at cold start: a missing variable fails here, not halfway through a request.
const config = readConfig(
  z
    .object({
      TABLE_NAME: z.string().min(1),
      FORM_LINK_SECRET: z.string().min(16).optional(),
      FORM_LINK_SECRET_ARN: z.string().min(1).optional(),
    })
    .refine(
      (c) => c.FORM_LINK_SECRET || c.FORM_LINK_SECRET_ARN,
      'FORM_LINK_SECRET or FORM_LINK_SECRET_ARN is required',
    ),
);

let secret: Promise<string> | undefined;

/** The composition root of the feedback service. */
export const deps: FeedbackDeps = {
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
};
