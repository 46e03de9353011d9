import { foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars } from '../core/text.js';

/**
 * A designator a question writes: a label and its number, naming one of several like things of a document
 * ("Cohort 3", "module 4", "khóa 2", "angkatan 1", a code "M4", "第3期"). A detail asked of "Cohort 3" is stated
 * only by a passage about Cohort 3: the date of Cohort 1 beside it is not its answer.
 */
export interface Designator {
  /** The label as the question writes it, case and Latin accents folded ("cohort", "m", "期"). */
  label: string;
  number: number;
  /** A code ("M4"): matched case-sensitively and without a space, as codes are written. */
  code: boolean;
}

const WORD = /(?<![\p{L}\p{M}\p{N}])(\p{Script=Latin}[\p{Script=Latin}\p{M}]{2,15})[ \t-]?(\d{1,2})(?![\p{N}\p{L}]|[.,:/]\d)/gu;
const CODE = /(?<![\p{L}\p{M}\p{N}])([A-Z]{1,2})-?(\d{1,2})(?![\p{N}\p{L}]|[.,:/]\d)/gu;
// (Labels in Simplified characters: questions and passages are read in them.)
const HAN_ORDINAL = /第\s*([一二三四五六七八九十\d]{1,3})\s*(期|批|周|阶段|组|轮|届|场|模块|模组|单元|班)/gu;

/** The designators of a question (digits of any script read as ASCII, Chinese in Simplified characters). */
export function designatorsOf(question: string): Designator[] {
  const text = toSimplifiedChars(normalizeDigits(question));
  const out: Designator[] = [];
  for (const m of text.matchAll(CODE)) out.push({ label: m[1]!, number: Number(m[2]), code: true });
  for (const m of text.matchAll(WORD)) {
    // (A code's letters are no label word: "M4" is read above.)
    if (m[1]!.length > 2) out.push({ label: foldLatin(m[1]!), number: Number(m[2]), code: false });
  }
  for (const m of text.matchAll(HAN_ORDINAL)) {
    const n = parseNumeral(m[1]!);
    if (n !== null) out.push({ label: m[2]!, number: n, code: false });
  }
  return out;
}

/** The numbers a text writes with the designator's label ("Cohort 1", "cohort: 2", "第二期"). */
export function numbersWith(text: string, d: Designator): Set<number> {
  const out = new Set<number>();
  if (d.code) {
    // A code: the same letters, then digits, as a word of its own ("M4", "M-4").
    const re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${d.label}-?(\\d{1,2})(?![\\p{N}\\p{L}])`, 'gu');
    for (const m of normalizeDigits(text).matchAll(re)) out.add(Number(m[1]));
    return out;
  }
  if (/\p{Script=Han}/u.test(d.label)) {
    const re = new RegExp(`第\\s*([一二三四五六七八九十\\d]{1,3})\\s*${d.label}`, 'gu');
    for (const m of toSimplifiedChars(normalizeDigits(text)).matchAll(re)) {
      const n = parseNumeral(m[1]!);
      if (n !== null) out.add(n);
    }
    return out;
  }
  // A label word, then its number within a few marks ("Cohort 3", "cohort: 3", "Cohort (3)").
  const re = new RegExp(`(?<![\\p{L}\\p{M}])${d.label}[\\s:()#.-]{0,3}(\\d{1,2})(?![\\p{N}]|[.,:/]\\d)`, 'gu');
  for (const m of foldLatin(normalizeDigits(text)).matchAll(re)) out.add(Number(m[1]));
  return out;
}

/**
 * Whether a designator names one of several like things in `texts` (a document's passages): its label is
 * written there with at least two different numbers, its own among them. Only then does it single something out
 * ("Cohort 3" of a guide with Cohorts 1 to 3, not "under 35" of a rule that says it once).
 */
export function enumerates(texts: Iterable<string>, d: Designator): boolean {
  const seen = new Set<number>();
  for (const t of texts) {
    for (const n of numbersWith(t, d)) seen.add(n);
    if (seen.size >= 2 && seen.has(d.number)) return true;
  }
  return false;
}
