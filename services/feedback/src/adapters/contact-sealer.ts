import { type Sealer, sealerFromEnv } from '@zuofeng/sealing';

let sealer: Sealer | undefined;

/**
 * The sealer of residents' call-back numbers: KMS on AWS (the manifest's `sealing` gives the main function
 * SEALING_KEY_ID with Encrypt, and the contact function with Decrypt), the local AES key on `npm start`
 * (SEALING_KEY). Built on first use rather than at cold start, because the composition root is shared with
 * the print function and the consumers, which get no key; without one, the first use throws and no number is
 * stored unsealed.
 */
export function contactSealer(): Sealer {
  sealer ??= sealerFromEnv();
  return sealer;
}
