import { type Sealer, sealerFromEnv } from '@zuofeng/sealing';

let sealer: Sealer | undefined;

/**
 * The sealer of residents' call-back numbers: KMS on AWS (the manifest's `sealing` gives every function of
 * this service SEALING_KEY_ID and its grants), the local AES key on `npm start` (SEALING_KEY). Built on first
 * use rather than at cold start, because the composition root is shared with the public form and the links,
 * which must not depend on the key; without a key, the first use throws and no number is stored unsealed.
 */
export function contactSealer(): Sealer {
  sealer ??= sealerFromEnv();
  return sealer;
}
