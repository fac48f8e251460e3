import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { evidenceStoreFromEnv } from '@zuofeng/evidence';
import { z } from 'zod';
import type { IntakeDeps } from '../app/deps';

const config = readConfig(
  z.object({
    TABLE_NAME: z.string().min(1),
    /** On AWS: the evidence bucket (CDK pairs it with put/get grants on evidence/*). */
    EVIDENCE_BUCKET: z.string().min(1).optional(),
    /** Locally: the key that signs the runtime's evidence URLs. */
    LOCAL_EVIDENCE_SECRET: z.string().min(16).optional(),
    LOCAL_EVIDENCE_DIR: z.string().min(1).optional(),
  }),
);

const evidence = evidenceStoreFromEnv(config);

export const deps: IntakeDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  now: () => new Date(),
  ...(evidence ? { evidence } : {}),
};
