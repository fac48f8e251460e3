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
    expect(mayOpenContact('p-1', ['p-1', undefined])).toEqual({ ok: false, reason: expect.any(String) });
    expect(mayOpenContact('p-1', [undefined, 'p-1']).ok).toBe(false);
    expect(mayOpenContact('p-2', ['p-1', undefined]).ok).toBe(true);
    expect(mayOpenContact(undefined, ['p-1']).ok).toBe(true);
    expect(mayOpenContact('p-1', [undefined, undefined]).ok).toBe(true);
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
