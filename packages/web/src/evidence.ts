import type { ApiClient } from './api';
import {
  EVIDENCE_TYPES,
  type Evidence,
  type EvidenceLink,
  type EvidenceType,
  type EvidenceUploadTicket,
} from './types';

/**
 * Evidence (佐证材料) goes straight from the browser to the store: `POST /evidence/uploads` hands out a
 * presigned PUT (S3 on AWS, the local file store locally), the bytes go there, and the progress update then
 * names the file by its key. Photos are scaled down first: a phone's 12-megapixel picture becomes a JPEG of
 * at most 1600 px on its longest side, which is plenty to see a repaired street lamp and a tenth of the bytes.
 */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.8;
/** Photos smaller than this on both sides and in bytes go up as they are. */
const KEEP_BELOW_BYTES = 1.5 * 1024 * 1024;

export const ACCEPT = EVIDENCE_TYPES.join(',');

export class EvidenceError extends Error {
  constructor(
    readonly reason: 'type' | 'size' | 'store',
    readonly fileName: string,
    readonly original?: unknown,
  ) {
    super(`${reason}: ${fileName}`);
    this.name = 'EvidenceError';
  }
}

export const isEvidenceType = (t: string): t is EvidenceType =>
  (EVIDENCE_TYPES as readonly string[]).includes(t);
export const isImage = (t: string): boolean => t.startsWith('image/');

/** The scale that fits w × h inside max × max (never enlarging). */
export function fitScale(w: number, h: number, max = MAX_SIDE): number {
  const side = Math.max(w, h);
  return side > max ? max / side : 1;
}

/** `photo.PNG` → `photo.jpg` once it was re-encoded as JPEG (the local store serves by extension). */
export const asJpegName = (name: string): string => `${name.replace(/\.[^./\\]*$/, '') || 'photo'}.jpg`;

/** The bytes to upload: a photo scaled to 1600 px as JPEG 0.8 when it is larger, anything else as it is. */
export async function prepareEvidence(
  file: File,
): Promise<{ blob: Blob; name: string; contentType: EvidenceType }> {
  if (!isEvidenceType(file.type)) throw new EvidenceError('type', file.name);
  if (isImage(file.type)) {
    const scaled = await scaleImage(file).catch(() => undefined);
    if (scaled) return scaled;
  }
  if (file.size > MAX_EVIDENCE_BYTES) throw new EvidenceError('size', file.name);
  return { blob: file, name: file.name, contentType: file.type };
}

async function scaleImage(
  file: File,
): Promise<{ blob: Blob; name: string; contentType: EvidenceType } | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = fitScale(bitmap.width, bitmap.height);
    if (scale === 1 && file.size <= KEEP_BELOW_BYTES) return undefined;
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    // JPEG has no transparency: a white ground instead of black behind a PNG's transparent parts.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(bitmap, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY),
    );
    if (!blob) return undefined;
    return { blob, name: asJpegName(file.name), contentType: 'image/jpeg' };
  } finally {
    bitmap.close();
  }
}

/** Upload one file: the ticket, then the bytes to the presigned URL; the reference for the progress update. */
export async function uploadEvidence(api: ApiClient, file: File): Promise<Evidence> {
  const { blob, name, contentType } = await prepareEvidence(file);
  if (blob.size > MAX_EVIDENCE_BYTES) throw new EvidenceError('size', file.name);
  const ticket = await api.post<EvidenceUploadTicket>('/evidence/uploads', {
    name,
    contentType,
    size: blob.size,
  });
  let res: Response;
  try {
    res = await fetch(api.url(ticket.url), { method: ticket.method, headers: ticket.headers, body: blob });
  } catch (e) {
    throw new EvidenceError('store', file.name, e);
  }
  if (!res.ok) throw new EvidenceError('store', file.name, res.status);
  return { key: ticket.key, name, contentType, size: blob.size };
}

/** A short-lived URL for a piece of evidence (`GET /evidence?key=…` → `{ url }`), absolute for the browser. */
export async function evidenceUrl(api: ApiClient, key: string): Promise<string> {
  const { url } = await api.get<EvidenceLink>('/evidence', { key });
  return api.url(url).toString();
}
