import { bilingual, ConflictError } from '@zuofeng/core';
import { cstDateZh, posterHtml } from '../domain/poster';
import { posterPdf, printFileName } from '../domain/poster-pdf';
import type { FeedbackDeps } from './deps';
import { type LinkState, printable, qrSvgOf } from './links';

/**
 * What a poster is printed from: the link, its names and its short URL. A poster asks residents to scan, so
 * only a link that takes submissions gets one: a revoked or expired link is refused with a 409 that says which
 * (its form would answer 410 to every resident who scans it), before a short code is made for it.
 */
async function posterSource(deps: FeedbackDeps, t: string, linkId: string, baseUrl: string) {
  const first = await printable(deps, t, linkId, baseUrl);
  if (first.view.state !== 'active') throw notPrintable(first.view.state, first.link.validUntil);
  // A link made before short codes gets its code with its first poster (links.ts `printable`).
  return first.view.shortUrl ? first : printable(deps, t, linkId, baseUrl, true);
}

/** Why a link that takes no submissions gets no poster, in the console's two languages. */
function notPrintable(state: Exclude<LinkState, 'active'>, validUntil: string | undefined): ConflictError {
  const revoked = state === 'revoked';
  const until = validUntil ? cstDateZh(validUntil) : '';
  // The day in China, as the poster prints it: 23:59 China time is still that day.
  const day = validUntil ? new Date(Date.parse(validUntil) + 8 * 3600_000).toISOString().slice(0, 10) : '';
  return new ConflictError(
    revoked
      ? bilingual(
          'this form link is revoked: residents who scan it can no longer submit, so it gets no poster. Create a new link to print one',
          '这个评价链接已停用，群众扫码后已无法提交评价，不能再打印海报。如需张贴，请新建一个评价链接。',
        )
      : bilingual(
          `this form link expired${day ? ` on ${day}` : ''}: residents who scan it can no longer submit, so it gets no poster. Create a new link to print one`,
          `这个评价链接已过期${until ? `（有效期至${until}）` : ''}，群众扫码后已无法提交评价，不能再打印海报。如需张贴，请新建一个评价链接。`,
        ),
    [
      {
        field: 'path.linkId',
        reason: revoked ? bilingual('revoked', '已停用') : bilingual('expired', '已过期'),
      },
    ],
  );
}

/**
 * The printable A4 poster of a link as a PDF (vector QR code, the font's subset embedded), with its file name.
 * A name with a character the poster font lacks is refused with a ConflictError that names it; a revoked or
 * expired link with one that names its state.
 */
export async function linkPosterPdf(deps: FeedbackDeps, t: string, linkId: string, baseUrl: string) {
  const { view, township, unit, link } = await posterSource(deps, t, linkId, baseUrl);
  const body = await posterPdf({
    township,
    ...(unit ? { unit } : {}),
    ...(link.label ? { label: link.label } : {}),
    url: view.url,
    ...(view.shortUrl ? { shortUrl: view.shortUrl } : {}),
    ...(link.validUntil ? { validUntil: link.validUntil } : {}),
  });
  return { body, filename: printFileName('群众评价海报.pdf', township, unit, link.label) };
}

/**
 * The printable A4 poster of a link as HTML: the console's preview, printed from the browser's dialog. A
 * revoked or expired link is refused like the PDF's.
 */
export async function linkPosterHtml(deps: FeedbackDeps, t: string, linkId: string, baseUrl: string) {
  const { view, township, unit, link } = await posterSource(deps, t, linkId, baseUrl);
  return posterHtml({
    township,
    ...(unit ? { unit } : {}),
    ...(link.label ? { label: link.label } : {}),
    url: view.url,
    ...(view.shortUrl ? { shortUrl: view.shortUrl } : {}),
    qrSvg: await qrSvgOf(view.url),
    ...(link.validUntil ? { validUntil: link.validUntil } : {}),
  });
}

/** The QR code of a link's public URL as an SVG document, with its Chinese file name. */
export async function linkQrFile(deps: FeedbackDeps, t: string, linkId: string, baseUrl: string) {
  const { view, township, unit, link } = await printable(deps, t, linkId, baseUrl);
  return {
    svg: await qrSvgOf(view.url),
    filename: printFileName('评价二维码.svg', township, unit, link.label),
  };
}
