import { KMSClient } from '@aws-sdk/client-kms';
import { kmsSealer } from './kms';
import { localKeyFrom, localSealer } from './local';
import type { Sealer } from './sealer';

/**
 * The sealer of this environment, chosen in one place: KMS when `SEALING_KEY_ID` is set (CDK sets it for a
 * function whose manifest gives it a `sealing` use), else the local AES-256-GCM key in `SEALING_KEY` (the local
 * runtime sets it). With neither it throws at once, so a function without its key fails its cold start and
 * never writes an unsealed identity.
 */
export function sealerFromEnv(env: NodeJS.ProcessEnv = process.env): Sealer {
  if (env.SEALING_KEY_ID) return kmsSealer(new KMSClient({}), env.SEALING_KEY_ID);
  if (env.SEALING_KEY) return localSealer(localKeyFrom(env.SEALING_KEY));
  throw new Error(
    'no sealing key: set SEALING_KEY_ID (a KMS key, on AWS) or SEALING_KEY (a base64 32-byte AES key, locally)',
  );
}
