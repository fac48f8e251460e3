import { openLink } from '../form-links';
import { type IssuedChallenge, issueChallenge } from './challenge';
import type { AbuseDeps } from './deps';

/**
 * A challenge for one submission of a live form. A revoked or expired link is refused here already (410), so
 * the form can say so before the resident writes anything. Nothing is stored: the challenge is signed.
 */
export async function formChallenge(deps: AbuseDeps, token: string): Promise<IssuedChallenge> {
  const { ref } = await openLink(deps, token);
  return issueChallenge(await deps.altchaKey(), ref, deps.now(), deps.abuse);
}
