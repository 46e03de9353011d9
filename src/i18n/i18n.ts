import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n } from 'i18next';
import { LANGUAGES, type Language } from '../core/languages.js';

/** Looks up user-facing strings by key, in one of the 14 languages. */
export interface Translator {
  /** The string for `key` in `language` (English when a key is missing there), with `{{vars}}` filled in. */
  t(language: Language, key: string, vars?: Record<string, string | number>): string;
  /** True when `language` has its own string for `key`. */
  has(language: Language, key: string): boolean;
}

/** The resources of one language, as stored in src/i18n/locales/<language>.json. */
export type LocaleResource = Record<string, unknown>;

/** Reads the locale files of every supported language that has one. */
export function readLocales(): Partial<Record<Language, LocaleResource>> {
  const out: Partial<Record<Language, LocaleResource>> = {};
  for (const language of LANGUAGES) {
    try {
      const path = fileURLToPath(new URL(`./locales/${language}.json`, import.meta.url));
      out[language] = JSON.parse(readFileSync(path, 'utf8')) as LocaleResource;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return out;
}

/**
 * Creates a translator over its own i18next instance (no global state). Values are not HTML-escaped here:
 * each front end escapes for its own format (Telegram HTML, Slack mrkdwn, the web page).
 *
 * @example
 * const i18n = await createI18n();
 * i18n.t('th', 'answer.notFound')
 */
export async function createI18n(resources: Partial<Record<Language, LocaleResource>> = readLocales()): Promise<Translator> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lng, res]) => [lng, { translation: res }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // i18next would treat 'zh-Hans' as a script variant and look up 'zh' too; our codes are exact.
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    initImmediate: false,
  } as Parameters<i18n['init']>[0]);
  return {
    t: (language, key, vars) => instance.t(key, { lng: language, ...vars }) as string,
    has: (language, key) => instance.exists(key, { lng: language, fallbackLng: false }),
  };
}
