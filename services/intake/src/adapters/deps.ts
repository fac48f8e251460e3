import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { z } from 'zod';
import type { IntakeDeps } from '../app/deps';

const config = readConfig(z.object({ TABLE_NAME: z.string().min(1) }));

export const deps: IntakeDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  now: () => new Date(),
};
