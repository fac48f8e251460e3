import { textIn } from '@zuofeng/core';
import { checkRoster } from '../src/domain/roster';

const units = new Map([
  ['东村', 'u-dongcun'],
  ['党政办', 'u-dzb'],
]);
const header = ['姓名', '岗位类型', '单位', '职务', '手机号'];

describe('checkRoster', () => {
  it('accepts Chinese post-type labels and codes, skips blank lines, and maps unit names to ids', () => {
    const { rows, issues } = checkRoster(
      [
        header,
        ['张三', '村组干部', '东村', '会计', '138 0000 0001'],
        ['', '', '', '', ''],
        ['李四', 'office_cadre', '党政办', '', ''],
      ],
      units,
    );
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        name: '张三',
        postType: 'village_cadre',
        unitId: 'u-dongcun',
        title: '会计',
        phone: '13800000001',
      },
      { row: 4, name: '李四', postType: 'office_cadre', unitId: 'u-dzb' },
    ]);
  });

  it('reports each bad row by its sheet row number and column, with a reason in Chinese and English', () => {
    const { issues } = checkRoster(
      [
        header,
        ['', '村组干部', '东村', '', ''],
        ['王五', '村长', '西村', '', '123'],
        ['张三', '村组干部', '东村', '', ''],
        ['张三', '村组干部', '东村', '', ''],
      ],
      units,
    );
    expect(issues.map((i) => i.field)).toEqual([
      'row 2 · 姓名',
      'row 3 · 岗位类型',
      'row 3 · 单位',
      'row 3 · 手机号',
      'row 5 · 姓名',
    ]);
    for (const i of issues) {
      expect(textIn(i.reason, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(textIn(i.reason, 'en')).toMatch(/^[a-z“]/);
    }
    expect(textIn(issues[1]!.reason, 'en')).toMatch(/is not a post type/);
  });

  it('refuses a sheet without the required columns or without people', () => {
    expect(textIn(checkRoster([['名字', '单位']], units).issues[0]!.reason, 'zh-CN')).toMatch(/缺少列/);
    expect(textIn(checkRoster([header], units).issues[0]!.reason, 'zh-CN')).toMatch(/没有人员/);
    expect(textIn(checkRoster([header], units).issues[0]!.reason, 'en')).toBe('the sheet lists nobody');
  });
});
