/**
 * Sentences a person reads in an error. The staff console is zh-CN first and English second, so a domain error
 * thrown on a staff path says its sentence in both; public routes speak zh-CN only and pass a plain string.
 */

/** The same sentence in the console's two languages. */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** One sentence as given (public routes: zh-CN), or the same sentence in English and in Chinese. */
export type Text = string | Bilingual;

/** The locales a sentence is read in (the problem details' locales). */
export type TextLocale = 'zh-CN' | 'en';

/** English and Chinese of one sentence: `bilingual('already taken', '已被占用')`. */
export const bilingual = (en: string, zh: string): Bilingual => ({ en, zh });

/** The sentence as a reader of `locale` sees it: a pair's `zh` for zh-CN, its `en` otherwise; a string as it is. */
export const textIn = (text: Text, locale: TextLocale): string =>
  typeof text === 'string' ? text : locale === 'zh-CN' ? text.zh : text.en;

/** The Chinese of each zod message registered by `zodMessage`, by its English. */
const CHINESE_OF_MESSAGE = new Map<string, string>();

/**
 * A zod schema's own message in English and Chinese, e.g. `.max(60, zodMessage('at most 60 characters',
 * '不能超过 60 字'))`. A schema's message outranks the zod locale the HTTP layer parses with, so zod reports
 * this English; the HTTP layer answers a zh-CN reader with the Chinese, found by the English (`chineseOf`).
 * One English sentence has one Chinese: registering it again with another throws.
 */
export function zodMessage(en: string, zh: string): string {
  const had = CHINESE_OF_MESSAGE.get(en);
  if (had !== undefined && had !== zh)
    throw new Error(`"${en}" already reads "${had}" in Chinese, not "${zh}"`);
  CHINESE_OF_MESSAGE.set(en, zh);
  return en;
}

/** The Chinese of a message registered by `zodMessage`; undefined for any other. */
export const chineseOf = (en: string): string | undefined => CHINESE_OF_MESSAGE.get(en);
