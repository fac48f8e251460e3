import { Rating } from '@zuofeng/events';
import {
  countAttr,
  figuresOf,
  QUESTION_IDS,
  satisfactionIndex,
} from '../../assessment/src/domain/satisfaction';
import { publicBaseUrl } from '../src/app/links';
import { type ProblemState, PUBLIC_STATE_ZH, publicStateOf, rerating } from '../src/domain/case-status';
import {
  CONTACT_RETENTION_DAYS,
  CONTACT_RETENTION_ZH,
  ContactPhone,
  complaintNames,
  hideNumbersIn,
  maskPhone,
  mayOpenContact,
  namedPersonOf,
  normalisePhone,
} from '../src/domain/contact';
import { CAMPAIGN_LINE, cstDateZh, escapeHtml, posterHtml } from '../src/domain/poster';

const CJK = /[\u4e00-\u9fff]/;

describe('call-back numbers', () => {
  it.each([
    ['13800000000', '13800000000'],
    ['138 0000 0000', '13800000000'],
    ['138-0000-0000', '13800000000'],
    ['+86 138 0000 0000', '13800000000'],
    ['0086-19912345678', '19912345678'],
    ['１３８００００００００', '13800000000'],
    // As the complaint's numbers are read: full-width dashes and dots too.
    ['１３８－００００－００００', '13800000000'],
    ['138.0000.0000', '13800000000'],
  ])('normalises %s to 11 digits', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ['a landline', '010-12345678'],
    ['too short', '1380000000'],
    ['too long', '138000000001'],
    ['a second digit below 3', '12800000000'],
    ['letters', '1380000abcd'],
    ['empty', ''],
  ])('refuses %s', (_name, input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });

  it('masks to the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('parses the submission field with a zh-CN message', () => {
    expect(ContactPhone.parse(' 138 1234 5678 ')).toBe('13812345678');
    const bad = ContactPhone.safeParse('12345');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(CJK);
  });

  it('states its retention from the one constant', () => {
    expect(CONTACT_RETENTION_DAYS).toBe(90);
    expect(CONTACT_RETENTION_ZH).toContain('90 天');
  });

  it('lets nobody open the number of a complaint that names them', () => {
    const p1 = { personId: 'p-1', name: '王建国' };
    expect(mayOpenContact(p1, ['p-1', undefined], undefined)).toEqual({
      ok: false,
      reason: expect.any(String),
    });
    expect(mayOpenContact(p1, [undefined, 'p-1'], undefined).ok).toBe(false);
    expect(mayOpenContact({ personId: 'p-2' }, ['p-1', undefined], undefined).ok).toBe(true);
    expect(mayOpenContact({}, ['p-1'], '王书记不作为').ok).toBe(true);
    expect(mayOpenContact(p1, [undefined, undefined], '路灯坏了').ok).toBe(true);
    // Named in the complaint's own words, by name or by surname and title.
    expect(mayOpenContact(p1, [undefined, undefined], '镇上王 建国办事拖拉').ok).toBe(false);
    expect(mayOpenContact(p1, [undefined, undefined], '找了王副镇长三次').ok).toBe(false);
    expect(mayOpenContact(p1, [undefined, undefined], '李书记态度差').ok).toBe(true);
  });

  it('reads a cadre named in a complaint by full name or by surname and title', () => {
    expect(complaintNames('王书记说下周来修', '王建国')).toBe(true);
    expect(complaintNames('王常务副镇长没回复', '王建国')).toBe(true);
    expect(complaintNames('网格员王丽说不归她管', '王丽')).toBe(true);
    expect(complaintNames('欧阳主任答应过', '欧阳明华')).toBe(true);
    expect(complaintNames('欧主任答应过', '欧阳明华')).toBe(false);
    expect(complaintNames('村口王大爷家的路灯坏了', '王建国')).toBe(false);
    expect(complaintNames('张书记', '王建国')).toBe(false);
    expect(complaintNames('王书记', undefined)).toBe(false);
    expect(complaintNames(undefined, '王建国')).toBe(false);
    expect(complaintNames('王书记', '王')).toBe(false);
    // A roster's note in brackets is not part of the name; no character of a name is read as a pattern.
    expect(complaintNames('张书记说下周来修', '（临时）张三')).toBe(true);
    expect(complaintNames('张书记说下周来修', '张三(驻村)')).toBe(true);
    expect(complaintNames('张书记说下周来修', '【借调】李四')).toBe(false);
    for (const odd of ['(张三', '[张三', '*张三', '+张三', '?张三', '\\张三'])
      expect(complaintNames('王书记说下周来修', odd)).toBe(false);
  });

  it('hides mobile and ID numbers a resident writes into the complaint', () => {
    expect(hideNumbersIn('我的电话13912345678，请回电')).toBe('我的电话［手机号已隐去］，请回电');
    expect(hideNumbersIn('电话 139-1234-5678 或 +86 139 1234 5678')).toBe(
      '电话 ［手机号已隐去］ 或 ［手机号已隐去］',
    );
    expect(hideNumbersIn('手机１３９１２３４５６７８')).toBe('手机［手机号已隐去］');
    expect(hideNumbersIn('身份证11010519491231002X')).toBe('身份证［身份证号已隐去］');
    // Nothing of the number stays, not even the call-back mask.
    expect(hideNumbersIn('13912345678')).not.toMatch(/139|5678/);
    // Not a mobile number: an order number, a year, a longer run of digits.
    expect(hideNumbersIn('2026年办的，单号 123456789012')).toBe('2026年办的，单号 123456789012');
    expect(hideNumbersIn('139123456789')).toBe('139123456789');
  });

  it('hides them as a phone keyboard in 全角 mode, or a resident grouping by habit, types them', () => {
    // Full-width digits and dashes, dots, em dashes, a full-width Ｘ, an ID in groups.
    expect(hideNumbersIn('我的电话１３８－１２３４－５６７８请回电')).toBe('我的电话［手机号已隐去］请回电');
    expect(hideNumbersIn('电话138.1234.5678，138—1234—5678')).toBe('电话［手机号已隐去］，［手机号已隐去］');
    expect(hideNumbersIn('号码 1381 2345 678。')).toBe('号码 ［手机号已隐去］。');
    expect(hideNumbersIn('身份证 110105 19491231 002Ｘ，谢谢')).toBe('身份证 ［身份证号已隐去］，谢谢');
    expect(hideNumbersIn('１１０１０５１９４９１２３１００２ｘ')).toBe('［身份证号已隐去］');
    // The resident's own punctuation and full-width text around it stay as written.
    expect(hideNumbersIn('路灯（３号楼）坏了！电话：13912345678？')).toBe(
      '路灯（３号楼）坏了！电话：［手机号已隐去］？',
    );
    // A date, a price, a short number in groups are not a phone number.
    expect(hideNumbersIn('2026-12-07 14:30，花了 1 300 元')).toBe('2026-12-07 14:30，花了 1 300 元');
  });

  it('finds the named person however the submission stores it', () => {
    expect(namedPersonOf({ personId: 'p-1' })).toBe('p-1');
    expect(namedPersonOf({ subject: { personId: 'p-2' } })).toBe('p-2');
    expect(namedPersonOf({ subject: { unitId: 'u-1' } })).toBeUndefined();
    expect(namedPersonOf({})).toBeUndefined();
    expect(namedPersonOf(undefined)).toBeUndefined();
  });
});

describe('the public state of a case', () => {
  const states: ProblemState[] = [
    'reported',
    'accepted',
    'rectifying',
    'submitted',
    'closed',
    'rejected',
    'reopened',
  ];

  it('reads a rating without a complaint as rated, and a complaint not yet in intake as received', () => {
    expect(publicStateOf({ hasComplaint: false })).toBe('rated');
    expect(publicStateOf({ hasComplaint: true })).toBe('received');
  });

  it.each([
    ['reported', 'registered'],
    ['accepted', 'accepted'],
    ['rectifying', 'rectifying'],
    ['submitted', 'awaiting_rerating'],
    ['rejected', 'rework'],
    ['reopened', 'rework'],
    ['closed', 'closed'],
  ] as const)('maps intake state %s to %s', (state, expected) => {
    expect(publicStateOf({ hasComplaint: true, problemState: state })).toBe(expected);
  });

  it('has a zh-CN sentence for every public state', () => {
    for (const label of Object.values(PUBLIC_STATE_ZH)) expect(label).toMatch(CJK);
  });

  it('opens re-rating only while the problem awaits sign-off, once per round', () => {
    for (const s of states) {
      expect(rerating({ hasComplaint: true, problemState: s }).open).toBe(s === 'submitted');
    }
    const given = {
      hasComplaint: true,
      problemState: 'submitted' as const,
      reratedThisRound: 'satisfied' as const,
    };
    expect(rerating(given)).toEqual({ open: false, reason: expect.stringMatching(CJK) });
    expect(publicStateOf(given)).toBe('awaiting_signoff');
    expect(rerating({ hasComplaint: false }).open).toBe(false);
    expect(rerating({ hasComplaint: true }).open).toBe(false);
  });
});

describe('the poster', () => {
  const base = {
    township: '青山镇',
    unit: '东村',
    url: 'https://zuofeng.example/f/twp-qingshan.01K.x',
    qrSvg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>',
  };

  it('carries the names, the campaign line, the QR code and the URL, sized for A4', () => {
    const html = posterHtml(base);

    expect(html).toContain('青山镇 · 东村');
    expect(html).toContain(CAMPAIGN_LINE);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg">');
    expect(html).not.toContain('<?xml');
    expect(html).toContain(base.url);
    expect(html).toMatch(/@page\s*{\s*size:\s*A4/);
  });

  it('prints a link of the whole township with the township alone, and its expiry in China time', () => {
    const html = posterHtml({ ...base, unit: undefined, validUntil: '2026-12-31T16:30:00.000Z' });

    expect(html).toContain('<p class="place">青山镇</p>');
    expect(html).toContain('2027年1月1日');
    expect(cstDateZh('2026-05-01T00:00:00+08:00')).toBe('2026年5月1日');
  });

  it('escapes every stored name: nothing typed becomes markup', () => {
    const html = posterHtml({
      ...base,
      unit: '<script>alert(1)</script>',
      label: '"><img src=x onerror=alert(1)>',
    });

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
  });
});

describe('the public base URL', () => {
  it('prefers the configured one, without a trailing slash', () => {
    expect(publicBaseUrl('https://pj.example.cn/', { host: 'abc.execute-api' })).toBe(
      'https://pj.example.cn',
    );
  });

  it("else uses the request's host: http locally, https elsewhere, or what the proxy says", () => {
    expect(publicBaseUrl(undefined, { host: '127.0.0.1:3000' })).toBe('http://127.0.0.1:3000');
    expect(publicBaseUrl(undefined, { host: 'localhost' })).toBe('http://localhost');
    expect(publicBaseUrl(undefined, { host: 'api.example.cn' })).toBe('https://api.example.cn');
    expect(publicBaseUrl(undefined, { host: 'api.example.cn', 'x-forwarded-proto': 'http' })).toBe(
      'http://api.example.cn',
    );
  });
});

describe('the satisfaction figures', () => {
  it('uses the county’s index: the share of 基本满意 or better, one decimal, null before any answer', () => {
    expect(satisfactionIndex(0, 0)).toBeNull();
    expect(satisfactionIndex(2, 3)).toBe(66.7);
    expect(satisfactionIndex(3, 3)).toBe(100);
    // The county's own computation (services/county/src/app/rollup.ts), restated: the two must agree.
    const county = (ratings: number, satisfied: number) =>
      ratings > 0 ? Math.round((1000 * satisfied) / ratings) / 10 : null;
    for (let total = 0; total < 40; total++)
      for (let good = 0; good <= total; good++)
        expect(satisfactionIndex(good, total)).toBe(county(total, good));
  });

  it('reads the counts of each level of each question, and indexes each question and the whole', () => {
    const item = {
      feedbacks: 2,
      [countAttr('warmth', 'very_satisfied')]: 1,
      [countAttr('warmth', 'dissatisfied')]: 1,
      [countAttr('solved', 'basically_satisfied')]: 2,
      [countAttr('happiness', 'very_dissatisfied')]: 2,
    };

    const f = figuresOf(item);

    expect(f.feedbacks).toBe(2);
    expect(f.questions.warmth.counts).toEqual({
      very_satisfied: 1,
      satisfied: 0,
      basically_satisfied: 0,
      dissatisfied: 1,
      very_dissatisfied: 0,
    });
    expect(f.questions.warmth.index).toBe(50);
    expect(f.questions.solved.index).toBe(100);
    expect(f.questions.happiness.index).toBe(0);
    // 3 of the 6 answers are 基本满意 or better.
    expect(f.index).toBe(50);
  });

  it('reads an empty counter as zeros with no index', () => {
    const f = figuresOf(undefined);

    expect(f.feedbacks).toBe(0);
    expect(f.index).toBeNull();
    for (const q of QUESTION_IDS) {
      expect(Object.keys(f.questions[q].counts)).toEqual(Rating.options);
      expect(f.questions[q].index).toBeNull();
    }
  });
});
