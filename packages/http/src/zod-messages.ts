import type { z } from 'zod';
import type { Locale } from './problem';

/**
 * zod's generic messages in words a township clerk (or a resident) reads without a manual: "必填", "至少 2 个字",
 * "最多 60 个字", "不能小于 1", in zh-CN and in English. zod's own locales speak to developers ("数值过小：期望
 * string >=2 字符"), and these sentences end up under a form's fields. A schema's own message (`zodMessage`)
 * still outranks them; the field names and the problem's codes never change.
 */
type Issue = z.core.$ZodRawIssue;
type Words = Record<
  | 'required'
  | 'text'
  | 'number'
  | 'integer'
  | 'yesNo'
  | 'list'
  | 'format'
  | 'date'
  | 'datetime'
  | 'time'
  | 'email'
  | 'url'
  | 'choose'
  | 'pickOne',
  string
> & {
  atLeastChars(n: number): string;
  atMostChars(n: number): string;
  atLeast(n: string): string;
  atMost(n: string): string;
  above(n: string): string;
  below(n: string): string;
  atLeastItems(n: number): string;
  atMostItems(n: number): string;
  multipleOf(n: string): string;
  unknownFields(keys: string): string;
};

const WORDS: Record<Locale, Words> = {
  'zh-CN': {
    required: '必填',
    text: '请填写文字',
    number: '请填写数字',
    integer: '请填写整数',
    yesNo: '请选择是或否',
    list: '格式不对，应为多项的列表',
    format: '格式不对',
    date: '日期格式不对，应为“年-月-日”，如 2026-05-01',
    datetime: '时间格式不对，应为日期加时间',
    time: '时间格式不对，应为“时:分”，如 09:30',
    email: '邮箱格式不对',
    url: '网址格式不对',
    choose: '请从给出的选项中选择',
    pickOne: '请至少选择一项',
    atLeastChars: (n) => `至少 ${n} 个字`,
    atMostChars: (n) => `最多 ${n} 个字`,
    atLeast: (n) => `不能小于 ${n}`,
    atMost: (n) => `不能大于 ${n}`,
    above: (n) => `须大于 ${n}`,
    below: (n) => `须小于 ${n}`,
    atLeastItems: (n) => `至少 ${n} 项`,
    atMostItems: (n) => `最多 ${n} 项`,
    multipleOf: (n) => `须为 ${n} 的整数倍`,
    unknownFields: (keys) => `有无法识别的内容：${keys}`,
  },
  en: {
    required: 'required',
    text: 'enter text',
    number: 'enter a number',
    integer: 'enter a whole number',
    yesNo: 'choose yes or no',
    list: 'must be a list',
    format: 'not in the right format',
    date: 'enter a date as year-month-day, e.g. 2026-05-01',
    datetime: 'enter a date and a time',
    time: 'enter a time as hours:minutes, e.g. 09:30',
    email: 'enter an email address',
    url: 'enter a web address',
    choose: 'choose one of the options',
    pickOne: 'choose at least one',
    atLeastChars: (n) => `at least ${n} ${n === 1 ? 'character' : 'characters'}`,
    atMostChars: (n) => `at most ${n} ${n === 1 ? 'character' : 'characters'}`,
    atLeast: (n) => `must be at least ${n}`,
    atMost: (n) => `must be at most ${n}`,
    above: (n) => `must be more than ${n}`,
    below: (n) => `must be less than ${n}`,
    atLeastItems: (n) => `at least ${n} ${n === 1 ? 'item' : 'items'}`,
    atMostItems: (n) => `at most ${n} ${n === 1 ? 'item' : 'items'}`,
    multipleOf: (n) => `must be a multiple of ${n}`,
    unknownFields: (keys) => `not recognised: ${keys}`,
  },
};

/** Nothing given: absent, null, or a string of spaces only. */
const isBlank = (input: unknown) =>
  input === undefined || input === null || (typeof input === 'string' && input.trim() === '');

/** A bound as people write it: a date as a date, a number as a number. */
const bound = (v: unknown, locale: Locale) =>
  v instanceof Date
    ? v.toISOString().slice(0, 10)
    : typeof v === 'number' || typeof v === 'bigint'
      ? v.toLocaleString(locale === 'zh-CN' ? 'zh-CN' : 'en', { useGrouping: false })
      : String(v);

function typeMessage(w: Words, expected: string): string {
  switch (expected) {
    case 'string':
      return w.text;
    case 'number':
    case 'bigint':
    case 'nan':
      return w.number;
    case 'int':
      return w.integer;
    case 'boolean':
      return w.yesNo;
    case 'array':
    case 'set':
    case 'tuple':
      return w.list;
    case 'date':
      return w.date;
    default:
      return w.format;
  }
}

function sizeMessage(
  w: Words,
  issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig>,
  locale: Locale,
): string {
  const small = issue.code === 'too_small';
  const n = small ? issue.minimum : issue.maximum;
  const count = Number(n);
  switch (issue.origin) {
    case 'string':
      // An empty (or blank) answer to a required question is "required", whatever its least length.
      if (small && isBlank(issue.input)) return w.required;
      return small ? w.atLeastChars(count) : w.atMostChars(count);
    case 'array':
    case 'set':
    case 'map':
      if (small) return count <= 1 ? w.pickOne : w.atLeastItems(count);
      return w.atMostItems(count);
    default: {
      const b = bound(n, locale);
      if (small) return issue.inclusive === false ? w.above(b) : w.atLeast(b);
      return issue.inclusive === false ? w.below(b) : w.atMost(b);
    }
  }
}

function formatMessage(w: Words, format: string): string {
  switch (format) {
    case 'date':
      return w.date;
    case 'datetime':
      return w.datetime;
    case 'time':
      return w.time;
    case 'email':
      return w.email;
    case 'url':
      return w.url;
    default:
      return w.format;
  }
}

/** The plain sentence of one zod issue in `locale`. */
export function humanZodMessage(issue: Issue, locale: Locale): string {
  const w = WORDS[locale];
  switch (issue.code) {
    case 'invalid_type':
      return isBlank(issue.input) ? w.required : typeMessage(w, issue.expected);
    case 'too_small':
    case 'too_big':
      return sizeMessage(w, issue, locale);
    case 'invalid_format':
      return formatMessage(w, issue.format);
    case 'invalid_value':
      return isBlank(issue.input) ? w.required : w.choose;
    case 'not_multiple_of':
      return w.multipleOf(bound(issue.divisor, locale));
    case 'unrecognized_keys':
      return w.unknownFields(issue.keys.join(locale === 'zh-CN' ? '、' : ', '));
    default:
      return isBlank(issue.input) ? w.required : w.format;
  }
}

/** zod's error map for `locale` (`schema.safeParse(value, { error })`): `humanZodMessage` for every issue. */
export const humanZodErrors =
  (locale: Locale): z.core.$ZodErrorMap =>
  (issue) =>
    humanZodMessage(issue, locale);

/**
 * A custom issue whose message is made at validation time (it names what the input held), with its Chinese
 * beside it. `zodMessage` registers fixed sentences once; a sentence holding the input would register one per
 * input, so its Chinese travels with the issue instead, and the handler reads it from there.
 */
export function bilingualIssue(en: string, zh: string, path?: (string | number)[]) {
  return { code: 'custom' as const, message: en, params: { zh }, ...(path ? { path } : {}) };
}

/** The Chinese a `bilingualIssue` carries. */
export function chineseOfIssue(issue: z.core.$ZodIssue): string | undefined {
  const zh = issue.code === 'custom' ? issue.params?.zh : undefined;
  return typeof zh === 'string' ? zh : undefined;
}
