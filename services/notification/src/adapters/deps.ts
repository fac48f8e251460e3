import { readConfig } from '@zuofeng/core';
import { createDocumentClient } from '@zuofeng/ddb';
import { z } from 'zod';
import type { NotificationDeps } from '../app/inbox';

const config = readConfig(z.object({ TABLE_NAME: z.string().min(1) }));

export const deps: NotificationDeps = {
  doc: createDocumentClient(),
  tableName: config.TABLE_NAME,
  now: () => new Date(),
};
