import { fileReportRoute } from '../src/contract';
import {
  clarifies,
  conclusionIssues,
  normalizeReporter,
  type ReportRecord,
  reportView,
} from '../src/domain/report';

describe('a report’s conclusion', () => {
  it('takes a disposition exactly when substantiated', () => {
    expect(conclusionIssues({ outcome: 'substantiated', disposition: 2 })).toEqual([]);
    expect(conclusionIssues({ outcome: 'substantiated' })).toEqual([
      expect.objectContaining({ field: 'disposition' }),
    ]);
    expect(conclusionIssues({ outcome: 'unfounded', disposition: 1 })).toEqual([
      expect.objectContaining({ field: 'disposition' }),
    ]);
    expect(conclusionIssues({ outcome: 'malicious' })).toEqual([]);
  });

  it('has a clarification to publish only when the report was untrue', () => {
    expect(conclusionIssues({ outcome: 'unfounded', publishClarification: true })).toEqual([]);
    expect(
      conclusionIssues({ outcome: 'substantiated', disposition: 1, publishClarification: true }),
    ).toEqual([expect.objectContaining({ field: 'publishClarification' })]);
    expect(clarifies('unfounded')).toBe(true);
    expect(clarifies('malicious')).toBe(true);
    expect(clarifies('substantiated')).toBe(false);
  });
});

describe('the reporter', () => {
  it('is kept trimmed, and dropped when nothing identifies anyone', () => {
    expect(normalizeReporter({ name: ' 李四 ', phone: '', contact: '  ' })).toEqual({ name: '李四' });
    expect(normalizeReporter({ name: '  ' })).toBeUndefined();
    expect(normalizeReporter(undefined)).toBeUndefined();
  });

  it('rejects unknown reporter fields at the edge, naming them', () => {
    const r = fileReportRoute.body!.safeParse({
      unitId: 'u-dongcun',
      summary: '收受好处费',
      receivedVia: 'letter',
      reporter: { name: '李四', idCard: '110' },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['reporter']);
  });
});

describe('a report’s view', () => {
  it('names its fields, so nothing stored beside them (such as a stray reporter) ever leaves', () => {
    const stored = {
      pk: 'T#twp-qingshan#REPORT',
      sk: '01K',
      kind: 'report',
      reportId: '01K',
      unitId: 'u-dongcun',
      summary: '收受好处费',
      receivedVia: 'visit',
      hasReporter: true,
      status: 'open',
      receivedAt: '2026-03-02T01:00:00.000Z',
      receivedBy: 'usr-qingshan-discipline',
      version: 1,
      reporter: { name: '李四' },
      ciphertext: 'local:v1:xxx',
    } as unknown as ReportRecord;
    const view = reportView(stored);
    expect(Object.keys(view).sort()).toEqual(
      [
        'hasReporter',
        'receivedAt',
        'receivedVia',
        'reportId',
        'status',
        'summary',
        'unitId',
        'version',
      ].sort(),
    );
    expect(JSON.stringify(view)).not.toContain('李四');
  });
});
