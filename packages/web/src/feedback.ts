import type { ApiClient } from './api';
import { BAD_RATINGS, type Feedback, type FeedbackPage, QUESTION_IDS } from './types';

/** 差评: any of the three questions rated 不满意 or worse. */
export const isBad = (f: Pick<Feedback, 'ratings'>): boolean =>
  QUESTION_IDS.some((q) => BAD_RATINGS.includes(f.ratings[q]));

const day = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The China-time day of an ISO instant, `YYYY-MM-DD` (what a date input holds). */
export function cstDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : day.format(d);
}

export interface FeedbackFilters {
  unitId: string;
  /** `YYYY-MM-DD`, China time, inclusive. */
  from: string;
  to: string;
  complaint: '' | 'with' | 'without';
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
 * The list route reads pages newest first and has no filters of its own; the console filters the pages it
 * has loaded (a township receives hundreds of submissions, not millions) and reads on from the cursor.
 */
export function filterFeedback(items: readonly Feedback[], f: FeedbackFilters): Feedback[] {
  return items.filter((x) => {
    if (f.unitId && x.unitId !== f.unitId) return false;
    const d = cstDay(x.submittedAt);
    if (f.from && d < f.from) return false;
    if (f.to && d > f.to) return false;
    if (f.complaint === 'with' && !x.complaint) return false;
    if (f.complaint === 'without' && x.complaint) return false;
    if (f.bad && !isBad(x)) return false;
    return true;
  });
}

/** Pages until `want` items are loaded or the list ends. */
export async function loadFeedback(
  api: ApiClient,
  opts: { cursor?: string; want: number },
): Promise<FeedbackPage> {
  const items: Feedback[] = [];
  let cursor = opts.cursor;
  do {
    const page = await api.get<FeedbackPage>('/feedback', { limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < opts.want);
  return { items, ...(cursor ? { nextCursor: cursor } : {}) };
}

/** The end of a China-time day as an ISO instant with its offset (what `validUntil` takes). */
export const endOfCstDay = (date: string): string => `${date}T23:59:59+08:00`;
