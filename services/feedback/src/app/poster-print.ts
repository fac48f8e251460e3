import { posterFileName, posterPdf } from '../domain/poster-pdf';
import type { FeedbackDeps } from './deps';
import { printable } from './links';

/**
 * The printable A4 poster of a link as a PDF (vector QR code, the font's subset embedded), with its file name.
 * A name with a character the poster font lacks is refused with a ConflictError that names it.
 */
export async function linkPosterPdf(deps: FeedbackDeps, t: string, linkId: string, baseUrl: string) {
  const { view, township, unit, link } = await printable(deps, t, linkId, baseUrl, true);
  const body = await posterPdf({
    township,
    ...(unit ? { unit } : {}),
    ...(link.label ? { label: link.label } : {}),
    url: view.url,
    ...(view.shortUrl ? { shortUrl: view.shortUrl } : {}),
    ...(link.validUntil ? { validUntil: link.validUntil } : {}),
  });
  return { body, filename: posterFileName(township, unit) };
}
