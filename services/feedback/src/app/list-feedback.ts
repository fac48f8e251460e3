import { bilingual, type Principal, ValidationError } from '@zuofeng/core';
import { encodeCursor, queryPage } from '@zuofeng/ddb';
import { isSatisfied, Rating } from '@zuofeng/events';
import { encodeTime, TIME_MAX } from 'ulid';
import { casesOf, contactViews } from './contact';
import type { FeedbackDeps } from './deps';
import { feedbackKeys } from './keys';
import { repliesOf } from './public-reply';

export interface FeedbackRow {
  pk: string;
  sk: string;
  feedbackId: string;
  unitId: string;
  ratings: { warmth: string; solved: string; happiness: string };
  complaint?: string;
  photoKey?: string;
  submittedAt: string;
}

/** What `GET /feedback` takes (the contract has checked it). */
export interface FeedbackQuery {
  limit: number;
  cursor?: string;
  unitId?: string;
  /** `YYYY-MM-DD`, China time, inclusive. */
  from?: string;
  to?: string;
  complaint?: 'with' | 'without';
  bad?: 'true' | 'false';
}

/**
 * How much one request may read looking for matches. DynamoDB applies `Limit` before the filter, so a
 * filtered page is read in chunks until `limit` items match or this is spent; then the page ends short with a
 * `nextCursor` and the console reads on. 1000 submissions are at most a few 1 MB reads.
 */
export const MAX_EXAMINED = 1000;
/** The `Limit` of one filtered read. */
const CHUNK = 250;
const DAY_MS = 86_400_000;
/** China time has no daylight saving: a day there is always [00:00, 24:00) at +08:00. */
const CST_OFFSET = '+08:00';
const BAD_RATINGS = Rating.options.filter((r) => !isSatisfied(r));
const QUESTIONS = ['warmth', 'solved', 'happiness'] as const;

const clampTime = (ms: number) => Math.min(Math.max(ms, 0), TIME_MAX);

/**
 * The sort-key range of submissions made from the start of `from` to the end of `to`, China time. A
 * feedback's sort key is `FB#<ULID>` and a ULID begins with its 48-bit millisecond time (10 characters) that
 * sorts as the time does, so a day's bounds are the ULIDs of its first and last millisecond with the lowest
 * and the highest randomness.
 */
export function submittedRange(
  tenantId: string,
  days: { from?: string; to?: string },
): { lo: string; hi: string } | undefined {
  if (!days.from && !days.to) return undefined;
  const start = days.from ? Date.parse(`${days.from}T00:00:00.000${CST_OFFSET}`) : 0;
  const end = days.to ? Date.parse(`${days.to}T00:00:00.000${CST_OFFSET}`) + DAY_MS - 1 : TIME_MAX;
  const key = (ms: number, fill: string) =>
    feedbackKeys.feedback(tenantId, encodeTime(clampTime(ms), 10) + fill.repeat(16)).sk;
  return { lo: key(start, '0'), hi: key(end, 'Z') };
}

/** The filters that are not on the key, as a FilterExpression (undefined when there are none). */
function filterOf(q: FeedbackQuery) {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (q.unitId) {
    conditions.push('#unit = :unit');
    names['#unit'] = 'unitId';
    values[':unit'] = q.unitId;
  }
  if (q.complaint) {
    names['#complaint'] = 'complaint';
    values[':empty'] = 0;
    conditions.push(
      q.complaint === 'with'
        ? 'size(#complaint) > :empty'
        : '(attribute_not_exists(#complaint) OR size(#complaint) = :empty)',
    );
  }
  if (q.bad) {
    names['#ratings'] = 'ratings';
    const slots = BAD_RATINGS.map((r, i) => {
      values[`:bad${i}`] = r;
      return `:bad${i}`;
    }).join(', ');
    const anyBad = QUESTIONS.map((question) => {
      names[`#${question}`] = question;
      return `#ratings.#${question} IN (${slots})`;
    }).join(' OR ');
    conditions.push(q.bad === 'true' ? `(${anyBad})` : `NOT (${anyBad})`);
  }
  if (!conditions.length) return undefined;
  return { FilterExpression: conditions.join(' AND '), names, values };
}

/** The cursor of "after this item", as `queryPage` gives and checks its own (it must name this partition). */
const cursorAfter = (item: Pick<FeedbackRow, 'pk' | 'sk'>): string =>
  encodeCursor({ pk: item.pk, sk: item.sk });

/**
 * DynamoDB refuses a start key outside the query's range: a cursor kept from the list under other dates.
 */
const isStartKeyOutOfRange = (err: unknown) =>
  err instanceof Error && err.name === 'ValidationException' && /start(ing)? key/i.test(err.message);

/**
 * A page of the tenant's feedback, newest first, filtered on the server. The days are a range on the sort key
 * (the time-ordered feedback id); unit, complaint and 差评 are a FilterExpression, read on chunk by chunk
 * until `limit` items match or `MAX_EXAMINED` are read, so a match is never dropped: a short page still carries
 * `nextCursor` whenever there is more to read. A call-back number shows masked (or not at all, to the person
 * the feedback is about): the whole number is only ever returned by opening it (app/contact.ts).
 */
export async function listFeedback(deps: FeedbackDeps, principal: Principal, q: FeedbackQuery) {
  const { tenantId } = principal;
  const range = submittedRange(tenantId, q);
  const filter = filterOf(q);
  const names = { ...filter?.names };
  const values: Record<string, unknown> = { ...filter?.values };
  if (range) {
    names['#sk'] = 'sk';
    Object.assign(values, { ':lo': range.lo, ':hi': range.hi });
  }
  const rows: FeedbackRow[] = [];
  let cursor = q.cursor;
  let examined = 0;
  do {
    const left = q.limit - rows.length;
    // Unfiltered, every item read is a match: read exactly what is left. Filtered, read in chunks.
    const chunk = filter ? Math.min(CHUNK, MAX_EXAMINED - examined) : left;
    const page = await queryPage<FeedbackRow>(deps.doc, {
      TableName: deps.tableName,
      pk: feedbackKeys.feedbackPartition(tenantId),
      limit: chunk,
      cursor,
      ScanIndexForward: false,
      ...(range ? { KeyConditionExpression: 'pk = :pk AND #sk BETWEEN :lo AND :hi' } : {}),
      ...(filter ? { FilterExpression: filter.FilterExpression } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    }).catch((err: unknown) => {
      if (!isStartKeyOutOfRange(err)) throw err;
      throw new ValidationError(bilingual('invalid cursor', '翻页参数无效，请刷新后重新加载'), [
        {
          field: 'query.cursor',
          reason: bilingual(
            'not a cursor of this list under these filters',
            '筛选条件已变，请从第一页重新加载',
          ),
        },
      ]);
    });
    examined += chunk;
    if (page.items.length > left) {
      // More matched in this chunk than the page has room for: end the page at its last item.
      const kept = page.items.slice(0, left);
      rows.push(...kept);
      cursor = cursorAfter(kept[kept.length - 1]!);
      break;
    }
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && rows.length < q.limit && examined < MAX_EXAMINED);

  const ids = rows.map((r) => r.feedbackId);
  const [cases, replies] = await Promise.all([casesOf(deps, tenantId, ids), repliesOf(deps, tenantId, ids)]);
  const contacts = await contactViews(deps, principal, rows as unknown as Record<string, unknown>[], cases);
  return {
    items: rows.map(({ feedbackId, unitId, ratings, complaint, photoKey, submittedAt }) => ({
      feedbackId,
      unitId,
      ratings,
      ...(complaint ? { complaint } : {}),
      ...(photoKey ? { photoKey } : {}),
      submittedAt,
      ...(contacts.has(feedbackId) ? { contact: contacts.get(feedbackId) } : {}),
      ...(replies.has(feedbackId) ? { reply: replies.get(feedbackId) } : {}),
      ...(cases.has(feedbackId)
        ? { problemId: cases.get(feedbackId)!.problemId, problemState: cases.get(feedbackId)!.state }
        : {}),
    })),
    ...(cursor ? { nextCursor: cursor } : {}),
  };
}
