/**
 * A resident's optional photo (issue 5): redrawn on the phone first (≤ 1280 px, JPEG 0.7, about 150 KB), so
 * 2 MB leaves room for a phone whose canvas hands back PNG, and nothing a camera makes unresized fits.
 */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** The key an upload answers: evidence/<tenant>/<ulid>/photo.<ext> (see @zuofeng/evidence evidenceKey). */
export const PHOTO_KEY = /^evidence\/[a-z0-9-]{1,64}\/[0-9A-HJKMNP-TV-Z]{26}\/photo\.(jpg|png|webp)$/;
