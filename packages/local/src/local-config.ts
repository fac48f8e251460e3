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
export function localSecrets(dir = LOCAL_DIR): { formLinkSecret: string; sealingKey: string } {
  const file = join(dir, 'secrets.json');
  const existing = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (existing.formLinkSecret && existing.sealingKey) return existing;
  mkdirSync(dir, { recursive: true });
  // The sealing key stands in for KMS locally: AES-256-GCM, kept beside the data it protects only because
  // this is a developer's machine.
  const secrets = {
    formLinkSecret: existing.formLinkSecret ?? randomBytes(32).toString('base64url'),
    sealingKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
