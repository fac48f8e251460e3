import type { ApiClient } from './api';
import type { Feedback, FeedbackPage } from './types';

/** The Feedback page's filters, as its inputs hold them. */
export interface FeedbackFilters {
  unitId: string;
  /** `YYYY-MM-DD`, China time, inclusive. */
  from: string;
  to: string;
  complaint: '' | 'with' | 'without';
  /** Only 差评 (any question rated 不满意 or worse). */
  bad: boolean;
}

export const NO_FEEDBACK_FILTERS: FeedbackFilters = {
  unitId: '',
  from: '',
  to: '',
  complaint: '',
  bad: false,
};

/**
 * What is wrong with the dates before they are sent, as the message to show under 截止日期: an end before the
 * start (both `YYYY-MM-DD`, so they compare as strings). The server refuses it too; the console says it first.
 */
export function dateRangeError(f: Pick<FeedbackFilters, 'from' | 'to'>): 'feedback.toBeforeFrom' | undefined {
  return f.from && f.to && f.to < f.from ? 'feedback.toBeforeFrom' : undefined;
}

/** The list route's query for these filters (GET /feedback filters on the server); empty ones are left out. */
export type FeedbackQuery = Partial<Record<'unitId' | 'from' | 'to' | 'complaint' | 'bad', string>>;

export function feedbackQuery(f: FeedbackFilters): FeedbackQuery {
  return {
    ...(f.unitId ? { unitId: f.unitId } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.complaint ? { complaint: f.complaint } : {}),
    ...(f.bad ? { bad: 'true' } : {}),
  };
}

/**
 * Pages of the filtered list until `want` items are loaded, the list ends, or `maxPages` requests are made.
 * The server filters, and a page of a narrow filter can be short (one request examines at most 1000
 * submissions) while `nextCursor` says there is more: "load more" reads on from it with the same query.
 */
export async function loadFeedback(
  api: ApiClient,
  query: FeedbackQuery,
  opts: { cursor?: string; want: number; maxPages?: number },
): Promise<FeedbackPage> {
  const items: Feedback[] = [];
  let cursor = opts.cursor;
  for (let i = 0; i < (opts.maxPages ?? 10); i++) {
    const page = await api.get<FeedbackPage>('/feedback', { ...query, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor || items.length >= opts.want) break;
  }
  return { items, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** The end of a China-time day as an ISO instant with its offset (what `validUntil` takes). */
export const endOfCstDay = (date: string): string => `${date}T23:59:59+08:00`;
