import type { RouteImpl } from '@zuofeng/http';

/**
 * The feedback service's routes beyond the submission itself: form links and posters, receipts and
 * re-rating, call-back numbers, satisfaction figures. Kept apart from http.ts so that they grow on their own.
 */
export const linkRoutes: RouteImpl[] = [];
