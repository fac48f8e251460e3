/**
 * A link that does not open (mistyped, revoked, expired, a township that paused): the page stops asking for
 * anything and says, in the words the simple form uses too (services/feedback/src/domain/form-wording.ts),
 * what happened and what the villager can do next.
 */
import {
  LINK_REFUSAL_ZH,
  type LinkRefusal,
  linkRefusalOf,
} from '../../../services/feedback/src/domain/form-wording';
import { ApiError } from './api';
import { byId, setText, show } from './dom';

/** Which refusal of the link an error is; undefined when it is about something else. */
export const refusalOf = (e: unknown): LinkRefusal | undefined =>
  e instanceof ApiError ? linkRefusalOf({ status: e.status, errors: e.issues }) : undefined;

/**
 * The page as a message: the heading says what happened, the alert the next step; the lead and `hide` go.
 * A revoked or expired link still answers for its receipts, so the way to a receipt stays (`keep`).
 */
export function showRefusal(kind: LinkRefusal, hide: HTMLElement[], keep?: HTMLElement): void {
  const w = LINK_REFUSAL_ZH[kind];
  setText(byId('title'), w.title);
  document.title = `${w.title} · 群众评价`;
  show(byId('lead'), false);
  for (const el of hide) show(el, false);
  if (keep) show(keep, kind === 'revoked' || kind === 'expired' || kind === 'gone');
  const alertBox = byId('alert');
  setText(alertBox, w.next);
  show(alertBox);
}
