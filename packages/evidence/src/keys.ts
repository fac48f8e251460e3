import { bilingual, ValidationError } from '@zuofeng/core';
import { ulid } from 'ulid';

export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** A storage key inside the tenant's own prefix; the file name keeps letters, digits, CJK, dot and dash. */
export function evidenceKey(tenantId: string, name: string): string {
  const safe =
    name
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .slice(-80) || 'file';
  return `evidence/${tenantId}/${ulid()}/${safe}`;
}

/** A key may only be read by its own tenant. */
export function assertOwnKey(tenantId: string, key: string, field = 'query.key'): void {
  if (!key.startsWith(`evidence/${tenantId}/`) || key.includes('..')) {
    const says = bilingual('not an evidence file of this township', '不是本镇的佐证材料');
    throw new ValidationError(says, [{ field, reason: says }]);
  }
}

/** What a file's first bytes say it is, for the image types a photo may have; undefined for anything else. */
export function sniffImage(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | undefined {
  const at = (i: number, ...b: number[]) => b.every((x, j) => bytes[i + j] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}
