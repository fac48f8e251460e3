import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConfig } from '@zuofeng/core';
import { z } from 'zod';

/** Where `npm start` keeps its data: `.local/` in the repository, or `DATA_DIR`. */
export const LOCAL_DIR = resolve(process.env.DATA_DIR ?? resolve(__dirname, '../../../.local'));

/** Settings of `npm start`, from the environment, with defaults a newcomer never needs to change. */
export const localConfig = () =>
  readConfig(
    z.object({
      PORT: z.coerce.number().int().min(0).max(65535).default(3000),
      DDB_PORT: z.coerce.number().int().min(1).max(65535).default(8100),
      TABLE_NAME: z.string().default('zuofeng-local'),
      QUEUE_TABLE_NAME: z.string().default('zuofeng-local-queues'),
    }),
  );

/** The local secrets (form-link HMAC key), generated once and kept in .local so links survive restarts. */
export function localSecrets(dir = LOCAL_DIR): { formLinkSecret: string } {
  const file = join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dir, { recursive: true });
  const secrets = { formLinkSecret: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
