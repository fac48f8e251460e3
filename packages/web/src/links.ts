/**
 * Helpers of the form-links page (评价链接) that need no browser: the names its downloads get and the scale of
 * the poster preview.
 */

/** A name as part of a file name: without what a file system refuses (`/ \ : * ? " < > |`), spaces squeezed. */
const safe = (s: string) =>
  s
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The file name of a link's download, named like the server names the PDF (青山镇-东村-群众评价海报.pdf): the
 * township, the unit and, for the QR code, the label that tells two links of one unit apart.
 */
export function linkFileName(
  kind: 'qr' | 'poster',
  names: { township: string; unit?: string | undefined; label?: string | undefined },
): string {
  const parts = [names.township, names.unit, kind === 'qr' ? names.label : undefined]
    .map((s) => (s ? safe(s) : ''))
    .filter(Boolean);
  const base = parts.join('-') || '评价链接';
  return kind === 'qr' ? `${base}-评价二维码.svg` : `${base}-群众评价海报.pdf`;
}

/** How much a page `pageWidth` wide is shrunk to fit a box `boxWidth` wide: never enlarged, never to nothing. */
export function posterFits(boxWidth: number, pageWidth: number): number {
  if (!(boxWidth > 0) || !(pageWidth > 0)) return 1;
  return Math.min(1, boxWidth / pageWidth);
}
