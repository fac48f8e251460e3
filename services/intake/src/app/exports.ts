import type { Principal } from '@zuofeng/core';
import { queryAll, sharedKeys } from '@zuofeng/ddb';
import ExcelJS from 'exceljs';
import { type ProblemState, STATE_ZH } from '../domain/lifecycle';
import { cstDay } from '../domain/working-days';
import type { IntakeDeps } from './deps';
import { intakeKeys } from './keys';
import { mayView } from './read-problems';
import { readSettings } from './settings';

const SOURCE_ZH: Record<string, string> = {
  self: '自己查',
  superior: '上级点',
  peer: '同级找',
  public: '群众提',
  inspection: '督查发现',
  report: '信访举报',
};

const all = (deps: IntakeDeps, input: Parameters<typeof queryAll>[1]) => queryAll(deps.doc, input);

/**
 * The 问题清单 (per unit or per person) or the whole 整改台账, as an XLSX workbook with Chinese headers. It
 * follows the same visibility as the screens (reports only for the discipline office) and holds nothing
 * sealed: reporters' identities are not in intake at all.
 */
export async function exportLedger(
  deps: IntakeDeps,
  principal: Principal,
  scope: { kind: 'ledger' | 'unit' | 'person'; id?: string },
): Promise<{ filename: string; body: Buffer }> {
  const t = principal.tenantId;
  const [problems, units, people, settings] = await Promise.all([
    all(deps, {
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': intakeKeys.problemPartition(t) },
    }),
    all(deps, {
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
      ExpressionAttributeValues: { ':pk': sharedKeys.unitsPrefix(t).pk, ':u': 'UNIT#' },
    }),
    all(deps, {
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `T#${t}#PERSON` },
    }),
    readSettings(deps, t),
  ]);
  const unitName = new Map(units.map((u) => [u.unitId as string, u.name as string]));
  const personName = new Map(people.map((p) => [p.personId as string, p.name as string]));
  const aspectName = new Map(settings.aspects.map((a) => [a.id, a.name]));
  const rows = problems
    .filter((p) => mayView(principal, p))
    .filter((p) =>
      scope.kind === 'unit'
        ? p.unitId === scope.id
        : scope.kind === 'person'
          ? p.personId === scope.id
          : true,
    )
    .sort((a, b) => String(a.reportedAt).localeCompare(String(b.reportedAt)));

  const wb = new ExcelJS.Workbook();
  wb.creator = 'zuofeng';
  const title =
    scope.kind === 'ledger'
      ? '整改台账'
      : `问题清单（${scope.kind === 'unit' ? unitName.get(scope.id!) : personName.get(scope.id!)}）`;
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '问题来源', key: 'source', width: 10 },
    { header: '方面', key: 'aspect', width: 10 },
    { header: '单位', key: 'unit', width: 12 },
    { header: '责任人', key: 'person', width: 12 },
    { header: '问题描述', key: 'description', width: 48 },
    { header: '原因分析', key: 'causes', width: 30 },
    { header: '努力方向/整改措施', key: 'directions', width: 30 },
    { header: '状态', key: 'state', width: 10 },
    { header: '登记日期', key: 'reportedAt', width: 12 },
    { header: '一犯再犯', key: 'recurred', width: 9 },
    { header: '逾期', key: 'overdue', width: 6 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const [i, p] of rows.entries()) {
    ws.addRow({
      n: i + 1,
      source: SOURCE_ZH[p.source as string] ?? p.source,
      aspect: aspectName.get(p.aspectId as string) ?? '',
      unit: unitName.get(p.unitId as string) ?? p.unitId,
      person: p.personId ? (personName.get(p.personId as string) ?? '') : '',
      description: p.description,
      causes: ((p.causes as string[]) ?? []).map((c, k) => `${k + 1}. ${c}`).join('\n'),
      directions: ((p.directions as string[]) ?? []).map((c, k) => `${k + 1}. ${c}`).join('\n'),
      state: STATE_ZH[p.state as ProblemState] ?? p.state,
      // The day in China, as the ledger's readers count days (not the UTC date of the instant).
      reportedAt: typeof p.reportedAt === 'string' ? cstDay(new Date(p.reportedAt)) : '',
      recurred: p.recurred ? '是' : '',
      overdue: p.overdue ? '是' : '',
    });
  }
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${title}.xlsx`, body };
}
