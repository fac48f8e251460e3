import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { z } from 'zod';
import type { CountyDeps } from '../app/rollup';

const config = readConfig(z.object({ TABLE_NAME: z.string().min(1) }));

export const deps: CountyDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  now: () => new Date(),
};
