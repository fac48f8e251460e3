import { isSatisfied, Rating } from '@zuofeng/events';

/** The seed's three questions, by their ids in `feedback.submitted`. */
export const QUESTION_IDS = ['warmth', 'solved', 'happiness'] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

/**
 * The satisfaction index, one definition for the whole platform: the share of answers that are 基本满意 or
 * better (`isSatisfied`: the three levels that are not 差评), over all three questions, as a percentage with
 * one decimal; null before any answer. It is the formula the county overview already uses
 * (services/county/src/app/rollup.ts), so a township's index reads the same in the township's figures and
 * on the county's board. The counts on each level are kept too, so a weighted score (好差评 100/80/60/20/0)
 * can be derived later without recounting. Only the three questions of each submission count (`feedback.submitted`):
 * a re-rating (回访) judges one rectification, not the three questions, and acts on its problem (rework, or
 * sign-off) instead of moving the index.
 */
export const SATISFACTION_FORMULA =
  'share of answers rated 基本满意 or better (非常满意, 满意, 基本满意) over the three questions, 0–100, one decimal';

export function satisfactionIndex(satisfied: number, total: number): number | null {
  return total > 0 ? Math.round((1000 * satisfied) / total) / 10 : null;
}

/** The attribute that counts one level of one question. */
export const countAttr = (q: QuestionId, r: Rating): string => `n_${q}_${r}`;

export type LevelCounts = Record<Rating, number>;

export interface QuestionFigures {
  counts: LevelCounts;
  answers: number;
  index: number | null;
}

export interface Figures {
  feedbacks: number;
  questions: Record<QuestionId, QuestionFigures>;
  index: number | null;
}

/** The figures a stored counter item holds (missing attributes count as zero). */
export function figuresOf(item: Record<string, unknown> | undefined): Figures {
  let answers = 0;
  let satisfied = 0;
  const questions = Object.fromEntries(
    QUESTION_IDS.map((q) => {
      const counts = Object.fromEntries(
        Rating.options.map((r) => [r, Number(item?.[countAttr(q, r)] ?? 0)]),
      ) as LevelCounts;
      const total = Rating.options.reduce((s, r) => s + counts[r], 0);
      const good = Rating.options.filter(isSatisfied).reduce((s, r) => s + counts[r], 0);
      answers += total;
      satisfied += good;
      return [q, { counts, answers: total, index: satisfactionIndex(good, total) }];
    }),
  ) as Record<QuestionId, QuestionFigures>;
  return { feedbacks: Number(item?.feedbacks ?? 0), questions, index: satisfactionIndex(satisfied, answers) };
}
