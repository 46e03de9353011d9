import { detectLanguage, type Detection } from '../i18n/detect.js';
import { foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars } from '../core/text.js';
import type { Lexicon } from './lexicon.js';
import { analyze } from './analyzer.js';

/** A question as the retriever sees it. */
export interface AnalyzedQuery {
  text: string;
  detection: Detection;
  /** Index terms of the question's own words. */
  tokens: string[];
  /** Lexicon concepts the question names. */
  concepts: string[];
  /** Index terms that are part of a phrase the lexicon recognised: their meaning travels as the concept. */
  conceptTokens: Set<string>;
  /** The number of a numbered item the question asks for ("item 4", "ข้อ 4", "第五条"), else null. */
  itemNumber: number | null;
}

/** Words that name a numbered item, point or article, in the supported languages. */
const ITEM_WORDS = [
  'item', 'point', 'article', 'clause', 'paragraph', 'provision', 'number', 'no', 'ponto', 'pontu', 'punto', 'artigo',
  'artikulu', 'alinea', 'bilang', 'butir', 'poin', 'perkara', 'fasal', 'nombor', 'nomor', 'diem', 'muc', 'khoan',
  'dieu', 'ข้อ', 'ຂໍ້', 'ចំណុច', 'មាត្រា', 'ប្រការ', 'အချက်', 'အပိုဒ်', 'பத்தி', 'அம்சம்', 'புள்ளி', 'உருப்படி',
  'கூறு', 'விதி', '条', '点', '项', '款',
];
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  primeiro: 1, segundo: 2, terceiro: 3, quarto: 4, quinto: 5, sexto: 6, setimo: 7, oitavo: 8, nono: 9, decimo: 10,
  una: 1, ikalawa: 2, ikatlo: 3, ikaapat: 4, ikalima: 5, ikaanim: 6, ikapito: 7, ikawalo: 8,
  pertama: 1, kedua: 2, ketiga: 3, keempat: 4, kelima: 5, keenam: 6, ketujuh: 7, kedelapan: 8, kelapan: 8,
};

const words = ITEM_WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')).join('|');
// "item 4", "ข้อที่ 4", "điểm số 4", "ចំណុចទី4": the item word, a few connecting characters, the number.
const WORD_THEN_NUMBER = new RegExp(`(?:^|[^\\p{L}])(?:${words})[^\\d\\n]{0,12}?(\\d{1,2})(?!\\d|[.,]\\d)`, 'u');
// "4th point", "6th item", "4 ข้อ"? — the number (with an ordinal ending) shortly before the item word.
const NUMBER_THEN_WORD = new RegExp(`(?:^|[^\\d])(\\d{1,2})(?:st|nd|rd|th|º|ª|\\.)?\\s{0,2}(?:${words})(?:\\P{L}|$)`, 'u');
const CHINESE_ITEM = /第([一二三四五六七八九十\d]{1,3})(?![一二三四五六七八九十\d])(?:条|点|项|款|部分|个要点)/u;

/**
 * Finds the number of the item a question asks for; null when it asks for none. "the 6th conference" names
 * no item; "point 6 of the initiative" and "第六条" do.
 */
export function findItemNumber(text: string): number | null {
  const norm = foldLatin(toSimplifiedChars(normalizeDigits(text.normalize('NFKC'))));
  const a = WORD_THEN_NUMBER.exec(norm) ?? NUMBER_THEN_WORD.exec(norm);
  if (a) return Number(a[1]);
  const c = CHINESE_ITEM.exec(norm);
  if (c) return parseNumeral(c[1]!);
  for (const [word, n] of Object.entries(ORDINAL_WORDS)) {
    if (new RegExp(`\\b${word}\\s+(?:${words})\\b|\\b(?:${words})\\s+(?:ang\\s+|na\\s+)?${word}\\b`, 'u').test(norm)) return n;
  }
  return null;
}

/** Analyses a question: its language, index terms, concepts and any item number it asks for. */
export function analyzeQuery(text: string, lexicon: Lexicon, languageHint?: string | null): AnalyzedQuery {
  const matches = lexicon.matches(text);
  return {
    text,
    detection: detectLanguage(text, languageHint),
    tokens: analyze(text),
    concepts: [...new Set(matches.map((m) => m.concept))],
    conceptTokens: new Set(matches.flatMap((m) => analyze(m.words))),
    itemNumber: findItemNumber(text),
  };
}
