import { ValidationError } from '@zuofeng/core';
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
    throw new ValidationError('not an evidence file of this township', [
      { field, reason: 'not an evidence file of this township' },
    ]);
  }
}
