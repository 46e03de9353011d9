/**
 * The languages the assistant reads and answers in. `zh-Hans` and `zh-Hant` are the two Chinese scripts.
 *
 * @example
 * isLanguage('th') // true
 */
export const LANGUAGES = [
  'en', 'zh-Hans', 'zh-Hant', 'th', 'vi', 'id', 'ms', 'km', 'lo', 'my', 'fil', 'ta', 'pt', 'tet',
] as const;

/** One of the 14 supported language codes. */
export type Language = (typeof LANGUAGES)[number];

/** Lexicon keys: the language codes, with both Chinese scripts folded into `zh`. */
export const LEXICON_LANGUAGES = ['zh', 'en', 'th', 'vi', 'id', 'ms', 'km', 'lo', 'my', 'fil', 'ta', 'pt', 'tet'] as const;
export type LexiconLanguage = (typeof LEXICON_LANGUAGES)[number];

/** Names of each language, in English and in the language itself (for pickers and help texts). */
export const LANGUAGE_NAMES: Record<Language, { english: string; native: string }> = {
  en: { english: 'English', native: 'English' },
  'zh-Hans': { english: 'Chinese (Simplified)', native: '简体中文' },
  'zh-Hant': { english: 'Chinese (Traditional)', native: '繁體中文' },
  th: { english: 'Thai', native: 'ไทย' },
  vi: { english: 'Vietnamese', native: 'Tiếng Việt' },
  id: { english: 'Indonesian', native: 'Bahasa Indonesia' },
  ms: { english: 'Malay', native: 'Bahasa Melayu' },
  km: { english: 'Khmer', native: 'ខ្មែរ' },
  lo: { english: 'Lao', native: 'ລາວ' },
  my: { english: 'Burmese', native: 'မြန်မာ' },
  fil: { english: 'Filipino', native: 'Filipino' },
  ta: { english: 'Tamil', native: 'தமிழ்' },
  pt: { english: 'Portuguese', native: 'Português' },
  tet: { english: 'Tetum', native: 'Tetun' },
};

/** True when `value` is one of the 14 supported language codes. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The lexicon key under which a language's terms are listed. */
export function lexiconKey(language: Language): LexiconLanguage {
  return language === 'zh-Hans' || language === 'zh-Hant' ? 'zh' : language;
}

/**
 * Maps a BCP 47 tag as platforms send it (Telegram's `language_code`, Slack's locale, a browser's
 * Accept-Language entry) to a supported language; null when it names none of them.
 *
 * @example
 * languageFromTag('pt-BR') // 'pt'
 * languageFromTag('zh-TW') // 'zh-Hant'
 */
export function languageFromTag(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const t = tag.trim().replace(/_/gu, '-').toLowerCase();
  if (!t) return null;
  if (t.startsWith('zh')) {
    return /hant|tw|hk|mo/u.test(t) ? 'zh-Hant' : 'zh-Hans';
  }
  const base = t.split('-')[0]!;
  const aliases: Record<string, Language> = { tl: 'fil', fil: 'fil', in: 'id', zsm: 'ms', tdt: 'tet', bur: 'my', khm: 'km', lao: 'lo', tha: 'th', vie: 'vi', ind: 'id', msa: 'ms', may: 'ms', tam: 'ta', por: 'pt', eng: 'en' };
  if (aliases[base]) return aliases[base]!;
  return isLanguage(base) ? base : null;
}
