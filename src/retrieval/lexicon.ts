import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DocumentError } from '../core/errors.js';
import { LEXICON_LANGUAGES, lexiconKey, type Language, type LexiconLanguage } from '../core/languages.js';
import { foldLatin, normalizeDigits, sha256, toSimplifiedChars, toTraditional, nfkc } from '../core/text.js';

/** A concept of the program documents with the words for it in each language (see corpus/lexicon/README.md). */
export interface Concept {
  id: string;
  terms: Partial<Record<LexiconLanguage, string[]>>;
  /**
   * The unit an answer is given in (a currency: `"kind": "unit"` in the file), never what a question is
   * about: a question in baht is not about baht.
   */
  unit?: boolean;
}

const conceptSchema = z
  .object({ concept: z.string().min(1), note: z.string().optional() })
  .catchall(z.union([z.array(z.string()), z.string()]));
const lexiconFileSchema = z.object({ concepts: z.array(conceptSchema) });

/** Scripts written without spaces between words (their terms match anywhere, spaces ignored). */
const UNSPACED = /[\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]/u;

/**
 * Normalises text for lexicon matching: NFKC, ASCII digits, Simplified Chinese, lower case without Latin
 * diacritics, curly apostrophes straightened, a hyphen between Latin letters read as a space ("Smart-City",
 * "e-mail", "co-funded" name what "smart city", "e mail", "co funded" do, in a text and in a term alike), and no
 * spaces inside Thai, Lao, Khmer or Burmese text.
 */
export function normalizeForLexicon(text: string): string {
  return normalizedRest(foldLatin(toSimplifiedChars(normalizeDigits(nfkc(text)))));
}

/** `normalizeForLexicon` keeping the accents (lower-cased only), position for position where the lengths agree. */
function normalizeKeepingAccents(text: string): string {
  return normalizedRest(toSimplifiedChars(normalizeDigits(nfkc(text))).toLowerCase());
}

/**
 * What a word's accents say, whatever vowel carries the tone ("hoà" and "hòa" alike): its letters with their
 * vowel marks (â, ê, ô, ơ, ư, ă, đ), and its tone marks in order.
 */
function accentKey(word: string): string {
  const split = word.normalize('NFD');
  const tones = split.match(TONE_MARKS) ?? [];
  return `${split.replace(TONE_MARKS, '').normalize('NFC')}\u0000${tones.join('')}`;
}
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/u;

function normalizedRest(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/[\u200b\u00ad]/gu, '')
    .replace(/(?<=[a-z\u00c0-\u024f\u1e00-\u1eff])[-\u2010\u2011](?=[a-z\u00c0-\u024f\u1e00-\u1eff])/gu, ' ')
    .replace(/(?<=[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f])\s+(?=[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f])/gu, '')
    .replace(/\s+/gu, ' ');
}

/** Concepts of the corpus lexicon that say what kind of answer is wanted, or qualify it ("the most", "in total"): general request words, not topics. */
export const LEXICON_REQUEST = /^(intent\.|topic\.(year|date|edition|percent|money|people_count|item_count|record_high|total)$)/u;

/** A concept a term names, with whether the term needs word boundaries and may take any ending. */
interface Hit {
  concept: number;
  wholeWord: boolean;
  prefix: boolean;
  /** An Indonesian or Malay term, which chat glues the enclitic -nya to ("dokumen fisiknya", "biayanya"). */
  nya?: boolean;
  /**
   * The accents of a Vietnamese term (see `accentKey`): text written with other accents is another word
   * ("cần cẩu", a crane, is not "cần cấu…"; "hình thẻ", an ID photo, not "hình thế nào"). Text written without any
   * matches still: chat often drops them. Absent when the concept also has the term unaccented.
   */
  accents?: string[];
}

/**
 * Version of the matching rules (where a term may start and end): part of the lexicon's hash, so that passages
 * tagged by other rules are tagged and embedded again. Bump it when the rules change.
 */
const MATCHING_VERSION = 3;

// (A hyphen is no part of a word for where a term may start or end: "China-ASEAN", "Thai-China", "Vietnam-China"
// name two places, as the analyser reads them. Terms written with one, "start-up", still match across it.)
const WORD_CHAR = /[\p{L}\p{N}\p{M}']/u;
const C_WORD = 1;
const C_UNSPACED = 2;
const C_SYLLABIC = 4;
const C_LEADING = 8;
const C_GOES_ON = 16;
/** Texts whose tags are remembered (cleared when full). */
const TAG_MEMO = 4_000;
/** Letters of the scripts whose terms must start and end on syllable boundaries. */
const SYLLABIC = /[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]/u;
/** Thai and Lao vowels written before the consonant they follow in speech: a match right after one is mid-syllable. */
const LEADING_VOWEL = /[\u0e40-\u0e44\u0ec0-\u0ec4]/u;
/** What continues the syllable before it: combining vowels, tone marks, Khmer coeng, Burmese asat and medials, Thai and Lao following vowels. */
const SYLLABLE_GOES_ON = /[\p{M}\u0e30\u0e32\u0e33\u0e45\u0eb0\u0eb2\u0eb3]/u;
const UNSPACED_OR_HAN = /[\u3400-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]/u;

/** The classes above, per UTF-16 code unit, worked out once: the scan tests them at every position. */
const CLASS = (() => {
  const table = new Uint8Array(65536);
  for (let u = 0; u < 65536; u++) {
    const ch = String.fromCharCode(u);
    table[u] =
      (WORD_CHAR.test(ch) ? C_WORD : 0) |
      (UNSPACED_OR_HAN.test(ch) ? C_UNSPACED : 0) |
      (SYLLABIC.test(ch) ? C_SYLLABIC : 0) |
      (LEADING_VOWEL.test(ch) ? C_LEADING : 0) |
      (SYLLABLE_GOES_ON.test(ch) ? C_GOES_ON : 0);
  }
  return table;
})();

/**
 * The edges of a trie over UTF-16 code units: (node, code unit) -> child, in an open-addressing hash table of
 * typed arrays (no boxed keys, no Map per node). The root's edges are a direct table, since every position of
 * a scanned text starts there.
 */
class TrieEdges {
  private readonly root = new Int32Array(65536).fill(-1);
  private keysNode = new Int32Array(1 << 12).fill(-1);
  private keysUnit = new Uint16Array(1 << 12);
  private values = new Int32Array(1 << 12);
  private size = 0;

  get(node: number, unit: number): number {
    if (node === 0) return this.root[unit]!;
    const mask = this.keysNode.length - 1;
    for (let h = hashEdge(node, unit) & mask; ; h = (h + 1) & mask) {
      const k = this.keysNode[h]!;
      if (k === -1) return -1;
      if (k === node && this.keysUnit[h] === unit) return this.values[h]!;
    }
  }

  set(node: number, unit: number, child: number): void {
    if (node === 0) {
      this.root[unit] = child;
      return;
    }
    if ((this.size + 1) * 2 > this.keysNode.length) this.grow();
    this.put(node, unit, child);
    this.size++;
  }

  private put(node: number, unit: number, child: number): void {
    const mask = this.keysNode.length - 1;
    let h = hashEdge(node, unit) & mask;
    while (this.keysNode[h] !== -1) h = (h + 1) & mask;
    this.keysNode[h] = node;
    this.keysUnit[h] = unit;
    this.values[h] = child;
  }

  private grow(): void {
    const { keysNode, keysUnit, values } = this;
    this.keysNode = new Int32Array(keysNode.length * 2).fill(-1);
    this.keysUnit = new Uint16Array(keysNode.length * 2);
    this.values = new Int32Array(keysNode.length * 2);
    for (let i = 0; i < keysNode.length; i++) if (keysNode[i] !== -1) this.put(keysNode[i]!, keysUnit[i]!, values[i]!);
  }
}

function hashEdge(node: number, unit: number): number {
  return Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b);
}

/**
 * The cross-language lexicon: tags a text with the concepts whose terms it contains. Terms of every language
 * sit in one trie (see `TrieEdges`), so tagging is one pass over the text whatever the lexicon's size, and the
 * trie costs a few megabytes, not a Map per node.
 *
 * @example
 * const lexicon = await loadLexicon('corpus/lexicon');
 * lexicon.tag('โครงการพลังงานแสงอาทิตย์') // ['field.energy.renewable', ...]
 */
export class Lexicon {
  /** Trie edges (see `TrieEdges`). Node 0 is the root. */
  private readonly edges = new TrieEdges();
  private nodes = 1;
  /** Concepts whose term ends at a node. */
  private readonly hits = new Map<number, Hit[]>();
  /** Nodes that end a term (so that the scan looks `hits` up only there). */
  private ends = new Uint8Array(1024);
  private readonly byId: Map<string, Concept>;
  /** Fingerprint of the lexicon's content: indexes built with another lexicon are stale. */
  readonly hash: string;

  constructor(readonly concepts: Concept[]) {
    this.byId = new Map(concepts.map((c) => [c.id, c]));
    concepts.forEach((concept, index) => {
      for (const lang of LEXICON_LANGUAGES) {
        for (const raw of concept.terms[lang] ?? []) this.add(raw, index, lang);
      }
    });
    this.hash = sha256(`${MATCHING_VERSION}\n${JSON.stringify(concepts)}`).slice(0, 16);
  }

  private add(raw: string, concept: number, lang: LexiconLanguage): void {
    const prefix = raw.trim().endsWith('*');
    const term = normalizeForLexicon(raw.trim().replace(/\*$/u, '')).trim();
    if ([...term].length < 2 && !/[\u3400-\u9fff]/u.test(term)) return;
    const spaced = /[a-z]/u.test(term) || (lang !== 'zh' && !UNSPACED.test(term) && !/[\u0b80-\u0bff]/u.test(term));
    let node = 0;
    for (let i = 0; i < term.length; i++) {
      let child = this.edges.get(node, term.charCodeAt(i));
      if (child < 0) {
        child = this.nodes++;
        this.edges.set(node, term.charCodeAt(i), child);
      }
      node = child;
    }
    if (node >= this.ends.length) {
      const grown = new Uint8Array(Math.max(node + 1, this.ends.length * 2));
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[node] = 1;
    const hits = this.hits.get(node) ?? [];
    const nya = (lang === 'id' || lang === 'ms') && spaced && !prefix && term.length >= 3 && !term.endsWith('nya');
    // (Vietnamese only, where the accents tell words apart; Portuguese and Tetum chat writes them as it likes,
    // "kâmbiu" for "kámbiu".)
    const marked = lang === 'vi' && ACCENTED.test(nfkc(raw)) ? normalizeKeepingAccents(raw.trim().replace(/\*$/u, '')).trim() : null;
    const accents = marked !== null && marked.length === term.length ? [accentKey(marked)] : null;
    const known = hits.find((h) => h.concept === concept);
    if (!known) hits.push({ concept, wholeWord: spaced, prefix, ...(nya ? { nya } : {}), ...(accents ? { accents } : {}) });
    else {
      if (nya && known.wholeWord && !known.prefix) known.nya = true;
      // (One spelling without accents, or one with others, of the same concept: both are the concept's words.)
      if (!accents) delete known.accents;
      else if (known.accents && !known.accents.includes(accents[0]!)) known.accents.push(accents[0]!);
    }
    this.hits.set(node, hits);
  }

  /**
   * The concepts named in `text`, each once, in order of first mention. Terms of Latin-script languages
   * match whole words (or word starts, for terms written with `*`); other scripts match anywhere.
   */
  tag(text: string): string[] {
    return [...this.tagCounts(text).keys()];
  }

  /** Like `tag`, with how many times each concept is named. */
  tagCounts(text: string): Map<string, number> {
    // Answers tag the same passages and sentences again and again: a bounded memo of recent texts.
    const known = this.memo.get(text);
    if (known) return new Map(known);
    const counts = new Map<string, number>();
    this.scan(text, (id) => counts.set(id, (counts.get(id) ?? 0) + 1));
    if (this.memo.size >= TAG_MEMO) this.memo.clear();
    this.memo.set(text, counts);
    return new Map(counts);
  }

  private readonly memo = new Map<string, Map<string, number>>();

  /** Every match in `text`: the concept and the (normalised) words that named it. */
  matches(text: string): { concept: string; words: string; start: number }[] {
    const out: { concept: string; words: string; start: number }[] = [];
    this.scan(text, (concept, words, start) => out.push({ concept, words, start }));
    return out;
  }

  private scan(text: string, found: (concept: string, words: string, start: number) => void): void {
    const norm = normalizeForLexicon(text);
    // The text with its accents, when it has any and they line up with `norm` (see `Hit.accents`): worked out
    // when a Vietnamese term with accents first matches, not for every text tagged.
    let marked: string | null | undefined;
    const accented = () => {
      if (marked === undefined) {
        const withAccents = ACCENTED.test(text) ? normalizeKeepingAccents(text) : null;
        marked = withAccents !== null && withAccents.length === norm.length ? withAccents : null;
      }
      return marked;
    };
    // A Latin-script term glued to Chinese, Thai, Lao, Khmer or Burmese text ("请问deadline是几号") still stands
    // alone: those letters are not part of a Latin word.
    const cls = (i: number) => (i >= 0 && i < norm.length ? CLASS[norm.charCodeAt(i)]! : 0);
    const isWord = (i: number, latin: boolean) => {
      const c = cls(i);
      return (c & C_WORD) !== 0 && !(latin && (c & C_UNSPACED) !== 0);
    };
    for (let i = 0; i < norm.length; i++) {
      // Every term that starts with a Latin letter matches whole words only: none starts inside a word.
      const code = norm.charCodeAt(i);
      if (code >= 0x61 && code <= 0x7a && isWord(i - 1, true)) continue;
      let node = 0;
      for (let j = i; j < norm.length; j++) {
        node = this.edges.get(node, norm.charCodeAt(j));
        if (node < 0) break;
        if (!this.ends[node]) continue;
        const hits = this.hits.get(node);
        if (!hits) continue;
        // Thai, Lao, Khmer and Burmese terms match anywhere, but only from a syllable's start to a syllable's end:
        // "ปิด" (close) is not inside "เปิด" (open), "สาม" (three) not inside "สามารถ".
        const midSyllable = (cls(i) & C_SYLLABIC) !== 0 && ((cls(i - 1) & C_LEADING) !== 0 || (cls(j + 1) & C_GOES_ON) !== 0);
        for (const hit of hits) {
          const latin = hit.wholeWord && code >= 0x61 && code <= 0x7a;
          const glued = hit.nya && norm.startsWith('nya', j + 1) && !isWord(j + 4, latin);
          if (hit.wholeWord && (isWord(i - 1, latin) || (!hit.prefix && isWord(j + 1, latin) && !glued))) continue;
          if (!hit.wholeWord && midSyllable) continue;
          if (hit.accents && accented()) {
            const span = accented()!.slice(i, j + 1);
            if (span !== norm.slice(i, j + 1) && !hit.accents.includes(accentKey(span))) continue;
          }
          found(this.concepts[hit.concept]!.id, norm.slice(i, j + 1), i);
        }
      }
    }
  }

  /**
   * The concept's name in a language: its first term there (Traditional script for zh-Hant), else its first
   * English term, else null.
   */
  name(id: string, language: Language): string | null {
    const concept = this.byId.get(id);
    if (!concept) return null;
    const key = lexiconKey(language);
    // The first whole word (a term with * is a word start, not a name), capitalised in Latin script.
    const pick = (terms: string[] | undefined) => terms?.find((t) => !t.endsWith('*')) ?? terms?.[0]?.replace(/\*$/u, '');
    const own = pick(concept.terms[key]);
    const term = own ?? pick(concept.terms.en);
    if (!term) return null;
    if (language === 'zh-Hant' && own) return toTraditional(term);
    return /^[a-z]/u.test(term) ? term[0]!.toUpperCase() + term.slice(1) : term;
  }

  /** The concept with this id, if any. */
  get(id: string): Concept | undefined {
    return this.byId.get(id);
  }
}

/**
 * Reads every `*.json` file of the lexicon folder. A malformed file is an error naming the file and the
 * problem; a missing folder gives an empty lexicon (retrieval then works on the words alone).
 */
export async function loadLexicon(dir: string): Promise<Lexicon> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return new Lexicon([]);
  }
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      throw new DocumentError(file, `lexicon file is not valid JSON: ${(error as Error).message}`);
    }
    const result = lexiconFileSchema.safeParse(parsed);
    if (!result.success) {
      throw new DocumentError(file, `lexicon file does not match corpus/lexicon/README.md: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
    }
    for (const entry of result.data.concepts) {
      if (seen.has(entry.concept)) throw new DocumentError(file, `concept "${entry.concept}" is defined twice; concept names must be unique across lexicon files`);
      seen.add(entry.concept);
      const terms: Partial<Record<LexiconLanguage, string[]>> = {};
      for (const lang of LEXICON_LANGUAGES) {
        const value = entry[lang];
        if (Array.isArray(value)) terms[lang] = value.filter((t) => t.trim());
      }
      const kind = entry['kind'];
      if (kind !== undefined && kind !== 'unit') throw new DocumentError(file, `concept "${entry.concept}": "kind" may only be "unit" (the unit an answer is given in, such as a currency)`);
      concepts.push({ id: entry.concept, terms, ...(kind === 'unit' ? { unit: true } : {}) });
    }
  }
  return new Lexicon(concepts);
}
