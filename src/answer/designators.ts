import { escapeRegExp, foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars } from '../core/text.js';
import labels from './designator-labels.json' with { type: 'json' };

/**
 * A designator a question writes: a label and its number, naming one of several like things of a document
 * ("Cohort 3", "module 4", "khóa 2", "angkatan 1", "รุ่นที่ 3", a code "M4", "第3期"). A detail asked of "Cohort 3"
 * is stated only by a passage about Cohort 3: the date of Cohort 1 beside it is not its answer.
 */
export interface Designator {
  /** The label as the question writes it, case and Latin accents folded ("cohort", "m", "期", "รุ่น"). */
  label: string;
  number: number;
  /** A code ("M4"): matched case-sensitively and without a space, as codes are written. */
  code: boolean;
}

/** The kind of thing each label of designator-labels.json numbers (a cohort, a module…), by folded label. */
const KIND = new Map<string, string>();
for (const [kind, words] of Object.entries(labels.groups)) for (const w of words) KIND.set(foldLabel(w), kind);
/** The labels of each kind, folded. */
const OF_KIND = new Map<string, string[]>();
for (const [label, kind] of KIND) OF_KIND.set(kind, [...(OF_KIND.get(kind) ?? []), label]);

function foldLabel(label: string): string {
  return /\p{Script=Han}/u.test(label) ? toSimplifiedChars(label) : foldLatin(label);
}

const LATIN_LABEL = /^\p{Script=Latin}/u;
const HAN_LABEL = /\p{Script=Han}/u;
// (Labels in Simplified characters: questions and passages are read in them.)
const HAN_LABELS = ['期', '批', '周', '阶段', '组', '轮', '届', '场', '模块', '模组', '单元', '班', ...[...KIND.keys()].filter((l) => HAN_LABEL.test(l))];
const HAN_ORDINAL = new RegExp(`第\\s*([一二三四五六七八九十\\d]{1,3})\\s*(${[...new Set(HAN_LABELS)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`, 'gu');
/**
 * Between a label and its number: a few marks ("Cohort: 3", "Cohort (3)", "M-4"), or an ordinal word ("gelombang
 * ke-2", "đợt thứ 2" folded, "รุ่นที่ 3", "ລຸ້ນທີ 3", "ជំនាន់ទី៣").
 */
const BETWEEN = `(?:\\s*(?:ke-?|thu|so|no\\.?|nº|ที่|ທີ່|ທີ|ទី)\\s*|[\\s:()#.-]{0,3})`;
/** A number that is one (not part of a date, a decimal or a larger number). */
const NUMBER_END = `(?![\\p{N}]|[.,:/]\\d)`;
/** The labels of other scripts than Latin and Han (Thai, Khmer, Lao, Burmese, Tamil), longest first. */
const OTHER_LABELS = [...KIND.keys()].filter((l) => !LATIN_LABEL.test(l) && !HAN_LABEL.test(l)).sort((a, b) => b.length - a.length);
const OTHER = OTHER_LABELS.length ? new RegExp(`(${OTHER_LABELS.map(escapeRegExp).join('|')})${BETWEEN}(\\d{1,2})${NUMBER_END}`, 'gu') : null;
/** Latin labels of designator-labels.json, several words among them ("hoc phan", "giai doan"), longest first. */
const KNOWN_LATIN = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(${[...KIND.keys()].filter((l) => LATIN_LABEL.test(l)).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})${BETWEEN}(\\d{1,2})${NUMBER_END}`, 'gu');
const WORD = /(?<![\p{L}\p{M}\p{N}])(\p{Script=Latin}[\p{Script=Latin}\p{M}]{2,15})[ \t-]?(\d{1,2})(?![\p{N}\p{L}]|[.,:/]\d)/gu;
const CODE = /(?<![\p{L}\p{M}\p{N}])([A-Z]{1,2})-?(\d{1,2})(?![\p{N}\p{L}]|[.,:/]\d)/gu;

/** The designators of a question (digits of any script read as ASCII, Chinese in Simplified characters). */
export function designatorsOf(question: string): Designator[] {
  const text = toSimplifiedChars(normalizeDigits(question));
  const out: Designator[] = [];
  for (const m of text.matchAll(CODE)) out.push({ label: m[1]!, number: Number(m[2]), code: true });
  // Known labels first (they may have several words, or an ordinal word before the number); then any other
  // word with a number, left to the documents to show as a label (see `enumerates`).
  const folded = foldLatin(text);
  const taken = new Set<number>();
  for (const m of folded.matchAll(KNOWN_LATIN)) {
    out.push({ label: m[1]!, number: Number(m[2]), code: false });
    taken.add(m.index! + m[0].length);
  }
  for (const m of text.matchAll(WORD)) {
    // (A code's letters are no label word: "M4" is read above.)
    if (m[1]!.length > 2 && !taken.has(m.index! + m[0].length)) out.push({ label: foldLatin(m[1]!), number: Number(m[2]), code: false });
  }
  for (const m of text.matchAll(HAN_ORDINAL)) {
    const n = parseNumeral(m[1]!);
    if (n !== null) out.push({ label: m[2]!, number: n, code: false });
  }
  if (OTHER) for (const m of text.matchAll(OTHER)) out.push({ label: m[1]!, number: Number(m[2]), code: false });
  return out;
}

/**
 * The same designator written with the other labels of its kind ("Cohort 2" for "รุ่นที่ 2", "第二梯次" or "đợt 2"):
 * a question in one language about a document in another names the cohort with its own word.
 */
export function counterparts(d: Designator): Designator[] {
  const kind = d.code ? undefined : KIND.get(d.label);
  return kind ? OF_KIND.get(kind)!.filter((l) => l !== d.label).map((label) => ({ label, number: d.number, code: false })) : [];
}

/**
 * Whether the designator's label is one that numbers like things (a code, or a label of designator-labels.json),
 * not any word before a number ("ngày 3", a date; "under 35"; "HSK 4").
 */
export function numbersLikeThings(d: Designator): boolean {
  return d.code || KIND.has(d.label);
}

/** The numbers a text writes with the designator's label ("Cohort 1", "cohort: 2", "第二期", "รุ่นที่ 3"). */
export function numbersWith(text: string, d: Designator): Set<number> {
  // (A label of designator-labels.json or a Chinese label is read as `labelledNumbers` reads it.)
  if (labelledTogether(d)) return new Set(labelledNumbers(text).get(d.label));
  const out = new Set<number>();
  if (d.code) {
    // A code: the same letters, then digits, as a word of its own ("M4", "M-4").
    const re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${d.label}-?(\\d{1,2})(?![\\p{N}\\p{L}])`, 'gu');
    for (const m of normalizeDigits(text).matchAll(re)) out.add(Number(m[1]));
    return out;
  }
  // Any other label word (designatorsOf reads only Latin ones), then its number within a few marks or an ordinal
  // word ("HSK 4", "ngày 3", "under 35").
  const re = new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(d.label)}${BETWEEN}(\\d{1,2})${NUMBER_END}`, 'gu');
  for (const m of foldLatin(normalizeDigits(text)).matchAll(re)) out.add(Number(m[1]));
  return out;
}

/**
 * The numbers a text writes with each label of designator-labels.json (and the Chinese labels), read in one pass
 * per script instead of one per label: a document's designators are worked out once, not once per label asked.
 */
export function labelledNumbers(text: string, into: Map<string, Set<number>> = new Map()): Map<string, Set<number>> {
  const add = (label: string, n: number | null) => {
    if (n === null) return;
    let set = into.get(label);
    if (!set) into.set(label, (set = new Set()));
    set.add(n);
  };
  const digits = normalizeDigits(text);
  if (/\p{Script=Latin}/u.test(text)) for (const m of foldLatin(digits).matchAll(KNOWN_LATIN)) add(m[1]!, Number(m[2]));
  if (HAN_LABEL.test(text)) for (const m of toSimplifiedChars(digits).matchAll(HAN_ORDINAL)) add(m[2]!, parseNumeral(m[1]!));
  if (OTHER) for (const m of digits.matchAll(OTHER)) add(m[1]!, Number(m[2]));
  return into;
}

/** Whether `labelledNumbers` reads the designator's label (a code or any other word is read label by label). */
export function labelledTogether(d: Designator): boolean {
  return !d.code && (KIND.has(d.label) || HAN_LABELS.includes(d.label));
}

/** The numbers `texts` (a document's passages) write with the designator's label. */
export function numbersIn(texts: Iterable<string>, d: Designator): Set<number> {
  const seen = new Set<number>();
  for (const t of texts) for (const n of numbersWith(t, d)) seen.add(n);
  return seen;
}

/**
 * Whether the numbers a document writes with the designator's label single one of several like things out: at
 * least two different numbers, the designator's own among them ("Cohort 3" of a guide with Cohorts 1 to 3, not
 * "under 35" of a rule that says it once).
 */
export function singlesOut(numbers: ReadonlySet<number>, d: Designator): boolean {
  return numbers.size >= 2 && numbers.has(d.number);
}

/** Whether a designator names one of several like things in `texts` (a document's passages): see `singlesOut`. */
export function enumerates(texts: Iterable<string>, d: Designator): boolean {
  return singlesOut(numbersIn(texts, d), d);
}
