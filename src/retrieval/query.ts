import { detectLanguage, type Detection } from '../i18n/detect.js';
import { escapeRegExp, foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars, nfkc } from '../core/text.js';
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
  /** A clause of that item the question names ("Điều 5 điểm a", "Article 6(3)", "第五条第三款": 1, 3, 3), else null. */
  subItemNumber?: number | null;
  /** The numbers of the sections between that item and its clause ("第四部分（一）第3条": [1]), outermost first. */
  itemWithin?: number[];
}

/** Words that name a numbered item, point or article, in the supported languages. */
const ITEM_WORDS = [
  'item', 'point', 'article', 'clause', 'paragraph', 'provision', 'number', 'ponto', 'pontu', 'punto', 'artigo',
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
/**
 * Number words after an item word ("point five", "điểm thứ ba", "ข้อที่ห้า", "butir tiga"), with the connecting
 * words of each language (thứ, số, ke-, ที่, ទី, ທີ). Vietnamese is matched without diacritics.
 */
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  mot: 1, nhat: 1, hai: 2, nhi: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, lapan: 8, sembilan: 9, sepuluh: 10,
  isa: 1, dalawa: 2, tatlo: 3, apat: 4, anim: 6, pito: 7, walo: 8, siyam: 9, sampu: 10,
  um: 1, dois: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
  'หนึ่ง': 1, 'สอง': 2, 'สาม': 3, 'สี่': 4, 'ห้า': 5, 'หก': 6, 'เจ็ด': 7, 'แปด': 8, 'เก้า': 9, 'สิบ': 10,
  'ມື': 1, 'ສອງ': 2, 'ສາມ': 3, 'ສີ່': 4, 'ຫ້າ': 5, 'ຫົກ': 6, 'ເຈັດ': 7, 'ແປດ': 8, 'ເກົ້າ': 9, 'ສິບ': 10,
  'មួយ': 1, 'ពីរ': 2, 'បី': 3, 'បួន': 4, 'ប្រាំ': 5, 'ប្រាំមួយ': 6, 'ប្រាំពីរ': 7, 'ប្រាំបី': 8, 'ប្រាំបួន': 9, 'ដប់': 10,
};
const NUMBER_WORD_AFTER_ITEM = new RegExp(
  `(?:^|[^\\p{L}])(?:${'WORDS'})\\s*(?:thu|so|ke-?|ika-?|na|ang|ที่|ទី|ທີ)?\\s*(${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{M}])(?!\\s*\\d)`,
  'u',
);

const words = ITEM_WORDS.map(escapeRegExp).join('|');
// Words that name an article or a part only with its number right after them: Indonesian "Pasal 12" (in Malay
// chat "pasal" is also "about": "pasal visa"), Tetum "númeru 2" (folded), Khmer "ផ្នែកទី៣" (ផ្នែក alone is
// "field", "area").
const ADJACENT_ITEM = /(?:^|[^\p{L}\p{M}])(?:pasal|numeru|ផ្នែក\s*ទី)\s*(\d{1,3})(?![\d.,]\d|\d)/u;
// "item 4", "ข้อที่ 4", "điểm số 4", "ចំណុចទី4": the item word, a few connecting characters, the number.
// Thai ข้อ also starts ข้อเสนอ (proposal), ข้อมูล (data), ข้อความ (text), ข้อตกลง (agreement): not item words.
const WORD_THEN_NUMBER = new RegExp(`(?:^|[^\\p{L}])(?:${words})(?<!ข้อ(?=เสนอ|มูล|ความ|ตกลง|สรุป))[^\\d\\n]{0,12}?(\\d{1,2})(?!\\d|[.,]\\d)`, 'u');
// "4th point", "6th item", "4 ข้อ"? — the number (with an ordinal ending) shortly before the item word.
const NUMBER_THEN_WORD = new RegExp(`(?:^|[^\\d])(\\d{1,2})(?:st|nd|rd|th|º|ª|\\.|-?வது|-?ஆவது)?\\s{0,2}(?:${words})(?:\\P{L}|$)`, 'u');
const CHINESE_ITEM = /第([一二三四五六七八九十\d]{1,3})(?![一二三四五六七八九十\d])(?:条|点|项|款|部分|个要点)/u;

/**
 * Finds the number of the item a question asks for; null when it asks for none. "the 6th conference" names
 * no item; "point 6 of the initiative" and "第六条" do.
 */
export function findItemNumber(text: string): number | null {
  const norm = foldLatin(toSimplifiedChars(normalizeDigits(nfkc(text))));
  const section = chineseSection(norm);
  if (section) return section.section;
  const a = itemWord(norm);
  if (a) return Number(a[1]);
  const c = CHINESE_ITEM.exec(norm);
  if (c) return parseNumeral(c[1]!);
  const spelled = SPELLED_ITEM.exec(norm);
  if (spelled) return NUMBER_WORDS[spelled[1]!] ?? null;
  for (const [pattern, n] of ORDINAL_ITEMS) if (pattern.test(norm)) return n;
  return null;
}

/** "point five", "điểm thứ ba": an item word, then a number word (compiled once, not per question). */
const SPELLED_ITEM = new RegExp(NUMBER_WORD_AFTER_ITEM.source.replace('WORDS', words), 'u');
/** "the third point", "butir kedua": an ordinal word before or after an item word, with its number. */
const ORDINAL_ITEMS = Object.entries(ORDINAL_WORDS).map(
  ([word, n]) => [new RegExp(`\\b${word}\\s+(?:${words})\\b|\\b(?:${words})\\s+(?:ang\\s+|na\\s+)?${word}\\b`, 'u'), n] as const,
);

/** The item word and number a question names first: an adjacent-only word ("Pasal 12"), else any item word. */
function itemWord(norm: string): RegExpExecArray | null {
  return ADJACENT_ITEM.exec(norm) ?? WORD_THEN_NUMBER.exec(norm) ?? NUMBER_THEN_WORD.exec(norm);
}

const NUMERALS = '一二三四五六七八九十';
/** A Chinese document's own markers copied into a question: "三、(二)", "三 （二）", "四、申报材料 … item 2". */
const CHINESE_SECTION_PAIR = new RegExp(`(?<![${NUMERALS}\\d第])([${NUMERALS}]{1,3})\\s*[、．.]?\\s*[（(]([${NUMERALS}\\d]{1,3})[)）]`, 'u');
/** Three levels: "第四部分（一）第3条", "四、（一）3.", "四（一）第三项": item 3 of sub-section (一) of section 四. */
const CHINESE_SECTION_TRIPLE = new RegExp(`(?<![${NUMERALS}\\d])([${NUMERALS}]{1,3})\\s*(?:部分|[、．.])?\\s*[（(]([${NUMERALS}\\d]{1,2})[)）]\\s*第?\\s*([${NUMERALS}\\d]{1,2})\\s*(?:条|点|项|款|个|[、．.）)]|$)`, 'u');
const CHINESE_SECTION = new RegExp(`(?<![${NUMERALS}\\d第])([${NUMERALS}]{1,3})[、．]\\s*[\\u4e00-\\u9fff]`, 'u');

/**
 * A section and item of a Chinese document named by its markers: "三、(二)" is item (二) of section 三、, and
 * "四、申报材料 item 2" item 2 of section 四、 (the item then written in the question's own words). Read as an
 * article and its clause, so that the item under that section outranks items of the same number elsewhere.
 */
function chineseSection(norm: string): { section: number; item: number; within?: number } | null {
  const triple = CHINESE_SECTION_TRIPLE.exec(norm);
  if (triple) {
    const [section, within, item] = [triple[1], triple[2], triple[3]].map((n) => parseNumeral(n!));
    if (section && within && item) return { section, within, item };
  }
  const pair = CHINESE_SECTION_PAIR.exec(norm);
  if (pair) {
    const section = parseNumeral(pair[1]!);
    const item = parseNumeral(pair[2]!);
    return section && item ? { section, item } : null;
  }
  const alone = CHINESE_SECTION.exec(norm);
  if (!alone) return null;
  const rest = norm.slice(alone.index + alone[0].length);
  const item = WORD_THEN_NUMBER.exec(rest) ?? NUMBER_THEN_WORD.exec(rest);
  const section = parseNumeral(alone[1]!);
  return section && item ? { section, item: Number(item[1]) } : null;
}

/** Words that name a clause, point or paragraph inside an article (Latin script without diacritics). */
const CLAUSE_WORDS = 'ຂໍ້|ข้อ|diem|khoan|tiet|ayat|huruf|butir|alinea|letra|paragrafo|point|paragraph|clause|item|sub-item|para|talata|numero|ข้อย่อย|วรรค|อนุ|ចំណុច|ប្រការ|ຂໍ້ຍ່ອຍ|ວັກ|அம்சம்|பத்தி';
const CLAUSE_AFTER = new RegExp(`^\\s*(?:[,，]?\\s*(?:${CLAUSE_WORDS})\\s*(?:so|thu|ke-?)?\\s*[(（]?([a-h]|\\d{1,2})[)）]?|[(（]([a-h]|\\d{1,2})[)）])(?![\\p{L}\\d])`, 'u');
const CHINESE_CLAUSE = /第[一二三四五六七八九十\d]{1,3}条第([一二三四五六七八九十\d]{1,2})[款项项目点]/u;

/**
 * The clause of the item a question asks for, written right after the item ("Điều 5 điểm a", "Điều 6 khoản 3",
 * "Article 5(a)", "Pasal 4 ayat 2", "ข้อ 12 (4)", "第五条第三款"): its number, a letter counting from a = 1.
 */
export function findSubItemNumber(text: string): number | null {
  const norm = foldLatin(toSimplifiedChars(normalizeDigits(nfkc(text))));
  const section = chineseSection(norm);
  if (section) return section.item;
  const zh = CHINESE_CLAUSE.exec(norm);
  if (zh) return parseNumeral(zh[1]!);
  const item = itemWord(norm);
  if (!item) return null;
  const rest = norm.slice(item.index + item[0].length).replace(/^[.)\]]/u, '');
  const m = CLAUSE_AFTER.exec(rest);
  const raw = m?.[1] ?? m?.[2];
  if (!raw) return null;
  return /^[a-h]$/u.test(raw) ? raw.charCodeAt(0) - 96 : Number(raw);
}

/**
 * The sections a clause lies within, between the item and the clause: (一) for "第四部分（一）第3条" (item 四,
 * clause 3), else empty.
 */
export function findItemWithin(text: string): number[] {
  const within = chineseSection(foldLatin(toSimplifiedChars(normalizeDigits(nfkc(text)))))?.within;
  return within ? [within] : [];
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
    subItemNumber: findSubItemNumber(text),
    itemWithin: findItemWithin(text),
  };
}
