import { PERMISSIONS } from '@zuofeng/core';
import { DICTIONARIES, en, initialLocale, LOCALES, label, translate, zh } from '../src/i18n';

const keys = Object.keys(zh) as (keyof typeof zh)[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the console dictionary', () => {
  it('has every key in both zh-CN and English, and nothing else', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const locale of LOCALES) {
      for (const key of keys) {
        const text = DICTIONARIES[locale][key];
        if (typeof text !== 'string' || text.trim() === '') throw new Error(`${locale}: ${key} is empty`);
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of keys) expect([key, placeholders(en[key])]).toEqual([key, placeholders(zh[key])]);
  });

  it('names every role and every township-visible enum value', () => {
    const roles = new Set(Object.values(PERMISSIONS).flatMap((p) => p.roles as readonly string[]));
    for (const role of roles) expect(label('zh-CN', 'role', role)).not.toBe(role);
    expect(label('zh-CN', 'role', 'county_admin')).toBe('县活动办');
    expect(label('zh-CN', 'role', 'township_admin')).toBe('镇活动办');
    expect(label('zh-CN', 'role', 'discipline_office')).toBe('镇纪委办');
    expect(label('zh-CN', 'role', 'inspection_office')).toBe('镇督查办');
    expect(label('zh-CN', 'postType', 'branch_secretary')).toBe('村党支部书记');
    expect(label('zh-CN', 'unitType', 'office')).toBe('机关科室');
    expect(label('en', 'unitType', 'nope')).toBe('nope');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'units.created', { name: '东村' })).toBe('已新增单位“东村”');
    expect(translate('en', 'audit.valid', { entries: 3 })).toBe(
      'Verified: the hash chain of 3 entries holds.',
    );
    expect(translate('en', 'units.created')).toContain('{name}');
  });

  it('starts in Chinese unless English was chosen', () => {
    expect(initialLocale(undefined)).toBe('zh-CN');
    expect(initialLocale({ getItem: () => 'fr' })).toBe('zh-CN');
    expect(initialLocale({ getItem: () => 'en' })).toBe('en');
  });
});
