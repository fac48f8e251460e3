/** A value for `filename*=UTF-8''…`: percent-encoded, `'()*!` included, which RFC 5987 does not allow bare. */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The `content-disposition` of a download with a Chinese file name: an ASCII name for old clients, the real
 * one (RFC 5987/6266 `filename*`) for everyone else, e.g. `attachment; filename="form-link-01….pdf";
 * filename*=UTF-8''%E9%9D%92…`.
 */
export function attachment(asciiName: string, name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}
