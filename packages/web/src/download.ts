import type { ApiClient } from './api';

/** The file name of a `content-disposition` header (`filename*=UTF-8''…` first, then `filename="…"`). */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/.exec(header)?.[1]?.trim();
}

/**
 * Download a file the API sends to signed-in users only (an XLSX export): fetched with the bearer token, then
 * handed to the browser as a blob under the server's file name.
 */
export async function downloadFile(api: ApiClient, path: string, fallbackName: string): Promise<void> {
  const res = await api.fetchFile(path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = dispositionName(res.headers.get('content-disposition')) ?? fallbackName;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
