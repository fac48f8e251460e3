import { defineRoute } from '@zuofeng/http';
import { z } from 'zod';

// The same token rule as the form's routes in contract.ts (kept here so the two files do not import each other).
const FormToken = z.object({
  token: z.string().min(10, '链接无效').max(200, '链接无效'),
});

export const getFormChallengeRoute = defineRoute({
  operationId: 'getFormChallenge',
  method: 'GET',
  path: '/public/forms/{token}/challenge',
  summary:
    'An ALTCHA proof-of-work challenge (v1 format, SHA-256) for one submission of this form: find `number` in ' +
    '0…maxnumber with sha256(salt + number) = challenge, then send base64(JSON {algorithm, challenge, number, ' +
    "salt, signature}) as the submission's `altcha`, no sooner than `minFillMs` after fetching it and before " +
    '`expiresAt`. Each solution is accepted once.',
  auth: 'public',
  params: FormToken,
  response: z.object({
    algorithm: z.literal('SHA-256'),
    challenge: z.string(),
    maxnumber: z.number().int(),
    salt: z.string(),
    signature: z.string(),
    expiresAt: z.string(),
    minFillMs: z.number().int(),
  }),
});
