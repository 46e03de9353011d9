import { createHash } from 'node:crypto';
import variants from './han-variants.json' with { type: 'json' };
import { simplifiedToTaiwan, taiwanToSimplified } from './han-convert.js';

/** Maps Traditional Chinese to Simplified (OpenCC, Taiwan to mainland, phrase-aware). Other text is unchanged. */
export function toSimplified(text: string): string {
  return HAN_OR_COMPAT.test(text) ? taiwanToSimplified(text) : text;
}

const HAN_OR_COMPAT = /[\u3400-\u9fff\uf900-\ufaff]/u;
const T2S = new Map(Object.entries(variants.toSimplified));
const S2T = new Map(Object.entries(variants.toTraditional));

/** A character class of these characters: only the table's characters are looked up (most text has none, or few). */
const classOf = (chars: Iterable<string>) => new RegExp(`[${[...chars].join('')}]`, 'gu');
const T2S_CHARS = classOf(T2S.keys());
const S2T_CHARS = classOf(S2T.keys());

/** Each character of `chars` (a class of the table's keys) replaced by its entry in `table`. */
function replaceChars(text: string, table: Map<string, string>, chars: RegExp): string {
  return text.replace(chars, (ch) => table.get(ch)!);
}

function mapChars(text: string, table: Map<string, string>, chars: RegExp): string {
  return HAN_OR_COMPAT.test(text) ? replaceChars(text, table, chars) : text;
}

// The Traditional words whose Simplified form is not their characters' one by one (計畫 is 计划, not 计画), as
// the character table writes them, found by the character where the two forms part (画 in 计画): few, and rare
// characters, so the text is scanned once for them. Each has as many characters as its Simplified form, so
// offsets are kept.
const PHRASES = new Map<string, { from: string; to: string; offset: number }[]>();
for (const [traditional, to] of Object.entries(variants.phrasesToSimplified as Record<string, string>)) {
  const from = replaceChars(traditional, T2S, T2S_CHARS);
  const a = [...from];
  const b = [...to];
  const k = a.findIndex((c, j) => c !== b[j]);
  if (k < 0) continue;
  const list = PHRASES.get(a[k]!) ?? [];
  list.push({ from, to, offset: a.slice(0, k).join('').length });
  PHRASES.set(a[k]!, list);
}
for (const list of PHRASES.values()) list.sort((x, y) => y.from.length - x.from.length);
const PHRASE_CHARS = classOf(PHRASES.keys());

function mapPhrases(text: string): string {
  // (One scan at a time: the expression's position is reset for each text.)
  const chars = PHRASE_CHARS;
  chars.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = chars.exec(text); m; m = chars.exec(text)) {
    const at = m.index;
    const hit = PHRASES.get(m[0])!.find((p) => at - p.offset >= last && text.startsWith(p.from, at - p.offset));
    if (!hit) continue;
    out += text.slice(last, at - hit.offset) + hit.to;
    last = at - hit.offset + hit.from.length;
    chars.lastIndex = last;
  }
  return last ? out + text.slice(last) : text;
}

/**
 * Character-by-character Traditional-to-Simplified mapping from the generated OpenCC table, with the few
 * Traditional words whose Simplified form differs from their characters' (計畫 is 计划, not 计画): for matching
 * and indexing, where OpenCC's other phrase-level choices do not matter. Display text is never converted.
 */
export function toSimplifiedChars(text: string): string {
  return HAN_OR_COMPAT.test(text) ? mapPhrases(replaceChars(text, T2S, T2S_CHARS)) : text;
}

/** How many characters of `text` only the Traditional script writes, and how many only the Simplified one. */
export function scriptOnlyCounts(text: string): { traditionalOnly: number; simplifiedOnly: number } {
  let traditionalOnly = 0;
  let simplifiedOnly = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x2e80) continue;
    const s = T2S.get(ch);
    if (s !== undefined && s !== ch) traditionalOnly++;
    const t = S2T.get(ch);
    if (t !== undefined && t !== ch) simplifiedOnly++;
  }
  return { traditionalOnly, simplifiedOnly };
}

/** Character-by-character Simplified-to-Traditional mapping (see `toSimplifiedChars`). */
export function toTraditionalChars(text: string): string {
  return mapChars(text, S2T, S2T_CHARS);
}

/** Maps Simplified Chinese to Traditional (OpenCC, mainland to Taiwan, phrase-aware). */
export function toTraditional(text: string): string {
  return HAN_OR_COMPAT.test(text) ? simplifiedToTaiwan(text) : text;
}

/** A Han ideograph (CJK unified ideographs and extension A). */
export const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const HAN_GLOBAL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;

/** Number of Han ideographs in `text`. */
/**
 * The script of a word, as far as matching goes: Han, Thai, Lao, Khmer, Myanmar, Tamil, or 'other' (Latin and
 * digits). A word of one script cannot occur in a text written in another.
 */
export function scriptOf(token: string): string {
  const m = /\p{Script=Han}|\p{Script=Thai}|\p{Script=Lao}|\p{Script=Khmer}|\p{Script=Myanmar}|\p{Script=Tamil}/u.exec(token);
  if (!m) return 'other';
  return /\p{Script=Han}/u.test(m[0]) ? 'han' : /\p{Script=Thai}/u.test(m[0]) ? 'th' : /\p{Script=Lao}/u.test(m[0]) ? 'lo' : /\p{Script=Khmer}/u.test(m[0]) ? 'km' : /\p{Script=Myanmar}/u.test(m[0]) ? 'my' : 'ta';
}

/** A text as a regular expression that matches it literally (its special characters escaped). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

export function countHan(text: string): number {
  return text.match(HAN_GLOBAL)?.length ?? 0;
}

/**
 * Unicode NFKC, except that Thai and Lao SARA AM stay one character and the Lao ligatures ໜ and ໝ stay (or
 * become) one: NFKC splits ำ into ํ + า, ຳ into ໍ + າ, ໜ into ຫ + ນ and ໝ into ຫ + ມ, and Intl.Segmenter's
 * dictionaries do not know words spelt that way (สำนักงาน became "ศสํา นักงาน", ໜານໜິງ "ຫ ນານ ຫນິງ").
 */
export function nfkc(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u0e4d\u0e32/gu, '\u0e33')
    .replace(/\u0ecd\u0eb2/gu, '\u0eb3')
    .replace(/\u0eab\u0e99/gu, '\u0edc')
    .replace(/\u0eab\u0ea1/gu, '\u0edd');
}

const DIGIT_BLOCKS = [0x0e50, 0x0ed0, 0x17e0, 0x1040, 0x0be6, 0x0966, 0xff10];

/** Replaces Thai, Lao, Khmer, Myanmar, Tamil, Devanagari and full-width digits with ASCII digits. */
export function normalizeDigits(text: string): string {
  return text.replace(/[\u0e50-\u0e59\u0ed0-\u0ed9\u17e0-\u17e9\u1040-\u1049\u0be6-\u0bef\u0966-\u096f\uff10-\uff19]/gu, (ch) => {
    const code = ch.codePointAt(0)!;
    for (const base of DIGIT_BLOCKS) if (code >= base && code <= base + 9) return String(code - base);
    return ch;
  });
}

/** Lower-cases and removes diacritics from Latin letters (`Hợp tác` -> `hop tac`, `cooperação` -> `cooperacao`). */
export function foldLatin(text: string): string {
  if (!/[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]/u.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** Hex SHA-256 of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that make up a Chinese numeral such as 二十六. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两兩三四五六七八九十百千';

/**
 * Reads a Chinese numeral (`十五` = 15, `二十六` = 26, `一百零三` = 103) or ASCII digits; null when it is neither.
 *
 * @example
 * parseNumeral('十五') // 15
 */
export function parseNumeral(text: string): number | null {
  if (/^\d+$/u.test(text)) return Number(text);
  if (!text || [...text].some((ch) => !(ch in CN_DIGITS) && !(ch in CN_UNITS))) return null;
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      current = CN_DIGITS[ch]!;
    } else {
      total += (current || 1) * CN_UNITS[ch]!;
      current = 0;
    }
  }
  return total + current;
}

/** Bracketed pinyin after a Han character: `網(wǎng)`. Tone-marked syllables, or toneless ones of a known shape. */
export const PINYIN_ANNOTATION = /(?<=[\u3400-\u9fff])\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*|(?:[bcdfghjklmnpqrstwxyz]h?)?[aeiou][a-z]{0,4})\)/gu;

/**
 * The normalisation under which a passage is judged to contain a quote (see the eval README): NFKC, no white
 * space, no bracketed pinyin, Traditional mapped to Simplified.
 */
export function normalizeForMatch(text: string): string {
  return toSimplified(text.normalize('NFKC').replace(PINYIN_ANNOTATION, '').replace(/\s+/gu, ''));
}
