import { ApiError, assignIssues, fieldLabelKey, issueMatches } from '../src/errors';
import { dateRangeError } from '../src/feedback';
import { translate } from '../src/i18n';
import { linkFileName, posterFits } from '../src/links';
import { countLineKey } from '../src/problems';

/**
 * What the console's forms and lists decide without a browser: which field an API issue goes under, how an
 * issue no field takes is labelled, the feedback filter's own date check, the problem list's count line, and
 * the form-links page's file names and poster scale.
 */
describe('an API issue and the form field it goes under', () => {
  it('goes by the whole path, else by the last segments, with or without the API’s location', () => {
    // The API says `body.reason`; ApiError keeps `reason`.
    const err = new ApiError(400, '提交的内容有误', undefined, [
      { field: 'body.reason', reason: '请写明查看号码的事由' },
    ]);

    expect(err.errors).toEqual([{ field: 'reason', reason: '请写明查看号码的事由' }]);
    expect(err.fieldError('reason')).toBe('请写明查看号码的事由');
    expect(err.fieldError('body.reason')).toBe('请写明查看号码的事由');
    expect(issueMatches('reason', 'reason')).toBe(true);
    expect(issueMatches('reason', 'body.reason')).toBe(true);
    expect(issueMatches('admin.username', 'username')).toBe(true);
    expect(issueMatches('admin.username', 'admin.username')).toBe(true);
    expect(issueMatches('username', 'admin.username')).toBe(false);
    expect(issueMatches('reasons', 'reason')).toBe(false);
    expect(issueMatches('text', '')).toBe(false);
  });

  it('goes to the most specific field, and what no field takes is left for the banner in order', () => {
    // Prepare: the township form's fields, and issues of three of them and of one it does not show
    const names = ['name', 'code', 'admin.name', 'admin.username'];
    const issues = [
      { field: 'admin.name', reason: '必填' },
      { field: 'name', reason: '至少 2 个字' },
      { field: 'admin.phone', reason: '手机号格式不对' },
      { field: 'name', reason: '已被占用' },
    ];

    // Act
    const { byField, rest } = assignIssues(issues, names);

    // Assess
    expect(Object.fromEntries(byField)).toEqual({
      'admin.name': ['必填'],
      name: ['至少 2 个字', '已被占用'],
    });
    expect(rest).toEqual([{ field: 'admin.phone', reason: '手机号格式不对' }]);
    expect(assignIssues(issues, []).rest).toEqual(issues);
  });

  it('labels an issue no field takes with the field’s name in words, or with nothing — never the API’s key', () => {
    const label = (field: string, locale: 'zh-CN' | 'en' = 'zh-CN') => {
      const key = fieldLabelKey(field);
      return key ? translate(locale, key) : undefined;
    };

    expect(label('reason')).toBe('事由');
    expect(label('body.text')).toBe('内容');
    expect(label('to')).toBe('截止日期');
    expect(label('ownerId')).toBe('责任人');
    expect(label('admin.phone')).toBe('管理员手机号');
    expect(label('aspects.0.name')).toBe('名称');
    expect(label('to', 'en')).toBe('To');
    expect(label('x-unknown-key')).toBeUndefined();
    expect(label('')).toBeUndefined();
  });
});

describe('the feedback page’s dates', () => {
  it('refuse an end before the start, and nothing else', () => {
    expect(dateRangeError({ from: '2026-11-20', to: '2026-11-01' })).toBe('feedback.toBeforeFrom');
    expect(translate('zh-CN', 'feedback.toBeforeFrom')).toBe('截止日期不能早于起始日期');
    expect(dateRangeError({ from: '2026-11-01', to: '2026-11-01' })).toBeUndefined();
    expect(dateRangeError({ from: '2026-11-01', to: '2026-11-20' })).toBeUndefined();
    expect(dateRangeError({ from: '', to: '2026-11-01' })).toBeUndefined();
    expect(dateRangeError({ from: '2026-11-20', to: '' })).toBeUndefined();
  });
});

describe('the problem list’s count line', () => {
  it('says 共 only of a whole list, and 已加载 while more can be loaded', () => {
    const line = (filtered: boolean, more: boolean, locale: 'zh-CN' | 'en' = 'zh-CN') =>
      translate(locale, countLineKey(filtered, more), { n: 50 });

    expect(line(false, true)).toBe('已加载 50 条');
    expect(line(false, true, 'en')).toBe('50 loaded');
    expect(line(false, false)).toBe('共 50 条');
    expect(line(true, true)).toBe('已加载筛选出的 50 条');
    expect(line(true, false)).toBe('筛选出 50 条');
    for (const f of [true, false]) expect(line(f, true)).not.toMatch(/共/);
  });
});

describe('the form-links page', () => {
  it('names the QR code and the poster like the server names the PDF, never by the link’s id', () => {
    expect(linkFileName('qr', { township: '青山镇', unit: '东村', label: '村委会公告栏' })).toBe(
      '青山镇-东村-村委会公告栏-评价二维码.svg',
    );
    expect(linkFileName('qr', { township: '青山镇' })).toBe('青山镇-评价二维码.svg');
    expect(linkFileName('poster', { township: '青山镇', unit: '东村', label: '公告栏' })).toBe(
      '青山镇-东村-群众评价海报.pdf',
    );
    expect(linkFileName('qr', { township: '青山镇', unit: '东村', label: '门口/左侧: "A"' })).toBe(
      '青山镇-东村-门口 左侧 A-评价二维码.svg',
    );
  });

  it('shrinks the A4 poster (794 px) to the preview’s width, never enlarges it', () => {
    expect(posterFits(626, 794)).toBeCloseTo(626 / 794, 5);
    expect(posterFits(1000, 794)).toBe(1);
    expect(posterFits(0, 794)).toBe(1);
  });
});
