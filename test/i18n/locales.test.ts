import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/languages.js';
import { createI18n, readLocales } from '../../src/i18n/i18n.js';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locale files', () => {
  const locales = readLocales();
  const english = keys(locales.en!);

  it('exist for all 14 languages', () => {
    expect(Object.keys(locales).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    it(`${lang} has every key of en, no other, none empty, with the same placeholders`, () => {
      const resource = locales[lang]!;
      expect(keys(resource).sort()).toEqual([...english].sort());
      const get = (r: Record<string, unknown>, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], r) as string;
      for (const key of english) {
        const value = get(resource, key);
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
        const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/gu)].map((m) => m[1]).sort();
        expect(placeholders(value), `${lang}:${key}`).toEqual(placeholders(get(locales.en!, key)));
      }
    });
  }

  it('interpolates through i18next and falls back to English for a missing key', async () => {
    const i18n = await createI18n({ en: { a: { b: 'Hello {{name}}' }, c: 'only English' }, th: { a: { b: 'สวัสดี {{name}}' } } });
    expect(i18n.t('th', 'a.b', { name: 'Somchai' })).toBe('สวัสดี Somchai');
    expect(i18n.t('th', 'c')).toBe('only English');
    expect(i18n.has('th', 'c')).toBe(false);
    expect(i18n.t('zh-Hant', 'a.b', { name: '<b>' })).toBe('Hello <b>');
  });
});
