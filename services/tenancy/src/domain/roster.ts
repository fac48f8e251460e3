import { bilingual, type FieldIssueText } from '@zuofeng/core';
import type { z } from 'zod';
import { PostType } from '../contract';
import { POST_TYPE_ZH } from './org';

/** The columns of a roster sheet, as townships keep them in Excel. */
export const ROSTER_COLUMNS = ['姓名', '岗位类型', '单位', '职务', '手机号'] as const;

export interface RosterRow {
  row: number;
  name: string;
  postType: z.infer<typeof PostType>;
  unitId: string;
  title?: string;
  phone?: string;
}

const BY_LABEL = new Map<string, z.infer<typeof PostType>>(
  Object.entries(POST_TYPE_ZH).map(([code, zh]) => [zh, code as z.infer<typeof PostType>]),
);

/**
 * Check every row of a roster against the township's units: each bad row is reported with its number (as
 * the sheet shows it, header = row 1) and the reason, so the clerk can fix the sheet in one pass. Fields name
 * the sheet's own (Chinese) columns; reasons are in English and Chinese.
 */
export function checkRoster(
  table: string[][],
  unitsByName: Map<string, string>,
): { rows: RosterRow[]; issues: FieldIssueText[] } {
  const issues: FieldIssueText[] = [];
  const [header, ...body] = table;
  const cols = (header ?? []).map((h) => h.trim());
  const missing = ROSTER_COLUMNS.filter((c) => c !== '职务' && c !== '手机号' && !cols.includes(c));
  if (missing.length) {
    return {
      rows: [],
      issues: [
        {
          field: 'row 1',
          reason: bilingual(
            `missing column(s): ${missing.join(', ')} (the header is ${ROSTER_COLUMNS.join(', ')})`,
            `缺少列：${missing.join('、')}（表头应为 ${ROSTER_COLUMNS.join('、')}）`,
          ),
        },
      ],
    };
  }
  const at = (r: string[], c: (typeof ROSTER_COLUMNS)[number]) =>
    cols.indexOf(c) >= 0 ? (r[cols.indexOf(c)] ?? '').trim() : '';
  const rows: RosterRow[] = [];
  const seen = new Set<string>();
  body.forEach((r, i) => {
    const rowNo = i + 2;
    if (r.every((c) => !c?.trim())) return; // blank lines are not rows
    const bad = (col: string, en: string, zh: string) =>
      issues.push({ field: `row ${rowNo} · ${col}`, reason: bilingual(en, zh) });
    const name = at(r, '姓名');
    const postLabel = at(r, '岗位类型');
    const unitName = at(r, '单位');
    const title = at(r, '职务');
    const phone = at(r, '手机号').replace(/\s|-/g, '');
    if (!name) bad('姓名', 'must not be empty', '不能为空');
    else if ([...name].length > 60) bad('姓名', 'at most 60 characters', '不能超过 60 字');
    const postType = BY_LABEL.get(postLabel) ?? PostType.safeParse(postLabel).data;
    if (!postType)
      bad(
        '岗位类型',
        `“${postLabel || '(empty)'}” is not a post type; use one of ${[...BY_LABEL.keys()].join(', ')}`,
        `“${postLabel || '（空）'}”不是岗位类型；应为 ${[...BY_LABEL.keys()].join('、')}`,
      );
    const unitId = unitsByName.get(unitName);
    if (!unitId)
      bad(
        '单位',
        `this township has no unit “${unitName || '(empty)'}”: add it under Units first`,
        `本镇没有“${unitName || '（空）'}”这个单位，请先在“单位”中添加`,
      );
    if (phone && !/^1\d{10}$/.test(phone))
      bad('手机号', 'must be an 11-digit mobile number', '应为 11 位手机号');
    if ([...title].length > 60) bad('职务', 'at most 60 characters', '不能超过 60 字');
    const key = `${name}|${unitName}`;
    if (name && unitId && seen.has(key))
      bad('姓名', 'repeats an earlier row (same name in the same unit)', '与前面的行重复（同一单位同名）');
    seen.add(key);
    if (name && postType && unitId) {
      rows.push({
        row: rowNo,
        name,
        postType,
        unitId,
        ...(title ? { title } : {}),
        ...(phone ? { phone } : {}),
      });
    }
  });
  if (!body.length || (rows.length === 0 && issues.length === 0))
    issues.push({ field: 'row 2', reason: bilingual('the sheet lists nobody', '表格中没有人员') });
  return { rows, issues };
}
