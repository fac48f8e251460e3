import { type Bilingual, bilingual } from '@zuofeng/core';

/**
 * Reports against cadres (信访举报) and their conclusions (核查结论): pure rules, no I/O.
 *
 * The reporter's identity never lives on the report: the report only says `hasReporter`, and the identity is
 * sealed and stored apart (see app/reports.ts). The views below name every field they let out, so a field
 * added to the stored record can never reach a response by accident.
 */

export type ReceivedVia = 'letter' | 'visit' | 'phone' | 'online';
export type Outcome = 'substantiated' | 'unfounded' | 'malicious';
/** 四种形态: 1 谈话提醒/批评教育, 2 轻处分/组织调整, 3 重处分/重大职务调整, 4 立案审查. */
export type Disposition = 1 | 2 | 3 | 4;

export interface Reporter {
  name?: string;
  phone?: string;
  contact?: string;
}

export interface Conclusion {
  outcome: Outcome;
  disposition?: Disposition;
  findings: string;
  concludedAt: string;
  concludedBy: string;
}

export interface ReportRecord {
  reportId: string;
  unitId: string;
  personId?: string;
  aspectId?: string;
  summary: string;
  receivedVia: ReceivedVia;
  hasReporter: boolean;
  status: 'open' | 'concluded';
  receivedAt: string;
  receivedBy: string;
  conclusion?: Conclusion;
  problemId?: string;
  clarificationId?: string;
  version: number;
}

export interface ClarificationRecord {
  clarificationId: string;
  reportId: string;
  unitId: string;
  personId?: string;
  /** The words of the clarification (澄清正名), as the discipline office writes them for publication. */
  statement: string;
  outcome: Exclude<Outcome, 'substantiated'>;
  published: boolean;
  createdAt: string;
  publishedAt?: string;
}

/** The reporter as given, trimmed, with empty fields dropped; undefined when nothing identifies anyone. */
export function normalizeReporter(r: Reporter | undefined): Reporter | undefined {
  if (!r) return undefined;
  const out: Reporter = {};
  for (const k of ['name', 'phone', 'contact'] as const) {
    const v = r[k]?.trim();
    if (v) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

export interface ConclusionInput {
  outcome: Outcome;
  disposition?: number;
  publishClarification?: boolean;
}

/**
 * What is wrong with a conclusion, field by field: a disposition is given exactly when the report is
 * substantiated, and only a report found untrue (unfounded or malicious) has a clarification to publish.
 */
export function conclusionIssues(c: ConclusionInput): { field: string; reason: Bilingual }[] {
  const issues: { field: string; reason: Bilingual }[] = [];
  if (c.outcome === 'substantiated' && c.disposition === undefined)
    issues.push({
      field: 'disposition',
      reason: bilingual(
        'a substantiated report needs its disposition on the 四种形态 scale (1–4)',
        '举报属实的，请选择处理方式（四种形态中的一种）',
      ),
    });
  if (c.outcome !== 'substantiated' && c.disposition !== undefined)
    issues.push({
      field: 'disposition',
      reason: bilingual('only a substantiated report takes a disposition', '只有举报属实的才选择处理方式'),
    });
  if (c.outcome === 'substantiated' && c.publishClarification)
    issues.push({
      field: 'publishClarification',
      reason: bilingual(
        'a substantiated report has no clarification to publish',
        '举报属实的，没有需要公开的澄清正名',
      ),
    });
  return issues;
}

/**
 * A report found untrue clears the accused (澄清正名): 错告 (unfounded) and 诬告 (malicious) alike, since
 * the discipline rules ask for both to be clarified. Whether it is published is the office's call.
 */
export const clarifies = (outcome: Outcome): outcome is Exclude<Outcome, 'substantiated'> =>
  outcome !== 'substantiated';

/** A report as staff see it: every field named, and never anything about the reporter but `hasReporter`. */
export function reportView(r: ReportRecord) {
  return {
    reportId: r.reportId,
    unitId: r.unitId,
    ...(r.personId ? { personId: r.personId } : {}),
    ...(r.aspectId ? { aspectId: r.aspectId } : {}),
    summary: r.summary,
    receivedVia: r.receivedVia,
    hasReporter: r.hasReporter === true,
    status: r.status,
    receivedAt: r.receivedAt,
    ...(r.conclusion
      ? {
          conclusion: {
            outcome: r.conclusion.outcome,
            ...(r.conclusion.disposition ? { disposition: r.conclusion.disposition } : {}),
            findings: r.conclusion.findings,
            concludedAt: r.conclusion.concludedAt,
          },
        }
      : {}),
    ...(r.problemId ? { problemId: r.problemId } : {}),
    ...(r.clarificationId ? { clarificationId: r.clarificationId } : {}),
    version: r.version,
  };
}

export function clarificationView(c: ClarificationRecord) {
  return {
    clarificationId: c.clarificationId,
    reportId: c.reportId,
    unitId: c.unitId,
    ...(c.personId ? { personId: c.personId } : {}),
    statement: c.statement,
    outcome: c.outcome,
    published: c.published === true,
    createdAt: c.createdAt,
    ...(c.publishedAt ? { publishedAt: c.publishedAt } : {}),
  };
}
