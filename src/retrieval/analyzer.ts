import { CHINESE_NUMERAL_CHARS, foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars, nfkc } from '../core/text.js';

/** Words too common to point anywhere, in the Latin-script languages (the lexicon carries the meaning words). */
const STOPWORDS = new Set(
  (
    'a an the of and or in on at to for from by with as is are was were be been it its this that these those ' +
    'what which who whom when where why how do does did can could would should will may might there their they ' +
    'we our you your i me my he she his her them about into than then so if not no yes please pls any some ' +
    'o a os as de da do das dos e em no na nos nas um uma para por com que qual quais quem quando onde como ' +
    'ang ng mga sa na ay at si ni ba po yung iyong ano saan kailan paano sino ilan ' +
    'yang di ke dan atau ini itu ada apa siapa kapan bila mana berapa untuk dengan dari pada saya kami kita ' +
    'nak tak ni tu je ke boleh ' +
    'iha ne\'e ba no ho sira ita ami mak atu saida oinsa nebe ida ' +
    'la cua va cac nhung mot nay do thi co khong gi nao'
  ).split(/\s+/u),
);

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const SEA_RUN = /[\u0e00-\u0e7f]+|[\u0e80-\u0eff]+|[\u1780-\u17ff]+|[\u1000-\u109f]+/gu;
const ORDINAL = new RegExp(`第([${CHINESE_NUMERAL_CHARS}\\d]+)(?=[届屆次条條项項个個点點章期])|([${CHINESE_NUMERAL_CHARS}]+)(?=[届屆次])`, 'gu');
/** Editions and other ordinals: 第6届 / 第六届, 6th, ke-6, lần thứ 6, ika-6, 6ª, ครั้งที่ 6, លើកទី6, ຄັ້ງທີ 6, 6-வது … */
const EDITION_ZH = new RegExp(`第([${CHINESE_NUMERAL_CHARS}\\d]+)[届屆次]`, 'gu');
// A number of one to three digits is an edition when an ordinal ending follows it or an ordinal word precedes it.
// Each number is found first and its two sides tested where it stands (sticky patterns at its ends): one
// pattern with the words in front is tried at every position of the text and costs several times more.
const EDITION_ENDING = /(?:st|nd|rd|th|ª|º|\.ª|\.º|-?வது)(?![\p{L}\d])/iuy;
const EDITION_WORD = /(?<=(?:\bke-?|\bika-?|\bthứ\s*|\bda-|ครั้งที่\s*|លើកទី\s*|ຄັ້ງທີ\s*|အကြိမ်မြောက်\s*|\bedição\s*|\bedisaun\s*))/iuy;

/** The editions written in `norm` as digits with an ordinal ending or after an ordinal word, in order. */
function editionNumbers(norm: string): number[] {
  const out: number[] = [];
  for (const m of norm.matchAll(/\d+/gu)) {
    if (m[0].length > 3) continue;
    EDITION_ENDING.lastIndex = m.index + m[0].length;
    EDITION_WORD.lastIndex = m.index;
    if (EDITION_ENDING.test(norm) || EDITION_WORD.test(norm)) out.push(Number(m[0]));
  }
  return out;
}

/**
 * Turns text into index terms. Chinese (either script, mapped to Simplified) becomes overlapping character
 * bigrams; Thai, Lao, Khmer and Burmese are split into words by Intl.Segmenter; Latin and Tamil text into
 * lower-cased words without diacritics; numbers stay whole (`5148.2`, `2018`), whatever digits they were
 * written in, and Chinese ordinals add their number (`第十五届` also gives `15`).
 *
 * @example
 * analyze('第6届大会在南宁召开') // ['6', '第6'?...] — bigrams such as '南宁', '召开' and the number '6'
 */
export function analyze(text: string): string[] {
  // Passages and sentences are analysed again and again while answering: a bounded memo of recent texts.
  const known = ANALYZED.get(text);
  if (known) return [...known];
  const tokens = analyzeText(text);
  if (ANALYZED.size >= ANALYZE_MEMO) ANALYZED.clear();
  ANALYZED.set(text, tokens);
  return [...tokens];
}

const ANALYZED = new Map<string, string[]>();
const ANALYZE_MEMO = 4_000;

function analyzeText(text: string): string[] {
  const norm = toSimplifiedChars(normalizeDigits(nfkc(text))).toLowerCase();
  const tokens: string[] = [];

  for (const m of norm.matchAll(ORDINAL)) {
    const n = parseNumeral(m[1] ?? m[2]!);
    if (n !== null) tokens.push(String(n));
  }
  // An edition is its own token (#6), so "the 6th conference" meets 第6届 and a 12th edition meets nothing.
  for (const m of norm.matchAll(EDITION_ZH)) {
    const n = parseNumeral(m[1]!);
    if (n !== null) tokens.push(`#${n}`);
  }
  for (const n of editionNumbers(norm)) tokens.push(`#${n}`);
  for (const m of norm.matchAll(HAN_RUN)) {
    const run = [...m[0]];
    if (run.length === 1) tokens.push(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) tokens.push(run[i]! + run[i + 1]!);
  }
  for (const m of norm.matchAll(SEA_RUN)) {
    const locale = /[\u0e00-\u0e7f]/u.test(m[0]) ? 'th' : /[\u0e80-\u0eff]/u.test(m[0]) ? 'lo' : /[\u1780-\u17ff]/u.test(m[0]) ? 'km' : 'my';
    for (const seg of segmenter(locale).segment(m[0])) {
      if (seg.isWordLike && seg.segment.length > 1) tokens.push(seg.segment);
    }
  }
  for (const m of norm.matchAll(/\d+(?:[.,]\d+)?/gu)) tokens.push(m[0].replace(',', '.'));
  const rest = foldLatin(norm.replace(HAN_RUN, ' ').replace(SEA_RUN, ' '));
  for (const m of rest.matchAll(/[\p{L}\p{M}]+(?:'[\p{L}]+)?/gu)) {
    const word = m[0];
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}

/** A light suffix stripper for English plurals and verb forms; other languages pass through unchanged. */
function stem(word: string): string {
  if (!/^[a-z]+$/u.test(word) || word.length <= 4) return word;
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}
