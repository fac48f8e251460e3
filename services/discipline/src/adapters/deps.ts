import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { sealerFromEnv } from '@zuofeng/sealing';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { DisciplineDeps } from '../app/deps';

const config = readConfig(z.object({ TABLE_NAME: z.string().min(1) }));

/**
 * The composition root of the discipline service. The sealer is KMS on AWS (SEALING_KEY_ID) and the local
 * AES key on `npm start` (SEALING_KEY); with neither the cold start fails, before any identity is taken in.
 */
export const deps: DisciplineDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  sealer: sealerFromEnv(),
  now: () => new Date(),
  newId: () => ulid(),
};
