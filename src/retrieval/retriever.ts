import { LANGUAGES, type Language } from '../core/languages.js';
import type { Chunk, DocumentMeta, Passage } from '../core/types.js';
import { normalizeQuestion } from '../core/input.js';
import { escapeRegExp, foldLatin, normalizeDigits, parseNumeral, toSimplifiedChars } from '../core/text.js';
import { articleAbove, articleOf, clauseLine, sectionOf } from '../ingest/chunk.js';
import { isHeldBack } from '../ingest/instructions.js';
import type { IdentifiedEmbeddings } from './embeddings/lexicon-embeddings.js';
import { LEXICON_REQUEST, type Lexicon } from './lexicon.js';
import { LexicalIndex, type FieldSpec, type QueryTerm } from './bm25.js';
import type { VectorStore } from './vector-store.js';
import { analyze } from './analyzer.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { ownAcronyms } from './names.js';

/** Languages whose aligned versions are indexed as fields of their own (English has its field; Chinese is the body). */
export const VERSION_LANGUAGES = LANGUAGES.filter((l): l is Exclude<Language, 'en' | 'zh-Hans' | 'zh-Hant'> => l !== 'en' && l !== 'zh-Hans' && l !== 'zh-Hant');

/** The lexical field of a language's aligned versions. */
export function versionField(lang: Language): string {
  return `v.${lang}`;
}

/** The version fields a question in `lang` is matched against: its own, and the sister language's (Malay/Indonesian). */
export function versionFieldsFor(lang: Language): string[] {
  if (lang === 'id' || lang === 'ms') return [versionField('id'), versionField('ms')];
  return (VERSION_LANGUAGES as readonly Language[]).includes(lang) ? [versionField(lang)] : [];
}

/** Fields of the lexical index and their weights. */
export const LEXICAL_FIELDS: FieldSpec[] = [
  { name: 'body', weight: 1 },
  { name: 'context', weight: 0.8, b: 0.3 },
  { name: 'english', weight: 0.8 },
  { name: 'concepts', weight: 1, b: 0.5 },
  { name: 'contextConcepts', weight: 1, b: 0.3 },
  // The aligned version of the passage in each reader language, a field of its own: a Khmer question is
  // matched against the Khmer version, analysed for its script (see `analyze`).
  ...VERSION_LANGUAGES.map((lang) => ({ name: versionField(lang), weight: 0.8 })),
];

/** Makes the tokens of a passage for each lexical field (see `passageFieldsMaker`). */
export type PassageFields = (chunk: Chunk, meta: DocumentMeta) => Record<string, string[]>;

/**
 * The tokens of passages for each lexical field. The context fields (document title, section path and their
 * English) are the same for every passage of a section, so they are worked out once per section and reused.
 */
export function passageFieldsMaker(lexicon: Lexicon): PassageFields {
  const contexts = new Map<string, { context: string[]; contextConcepts: string[] }>();
  return (chunk, meta) => {
    const contextText = [meta.title, meta.titleEn ?? '', ...chunk.sectionPath, chunk.sectionTranslations.en ?? ''].join('\n');
    let context = contexts.get(contextText);
    if (!context) {
      context = { context: analyze(contextText), contextConcepts: lexicon.tag(contextText) };
      if (contexts.size > 50_000) contexts.clear();
      contexts.set(contextText, context);
    }
    const english = chunk.translations.en ?? '';
    return {
      // A numbered item also answers to its number ("item 4", "ข้อ 4", "第四条" all give the token 4).
      body: chunk.itemNumber === null ? analyze(chunk.text) : [...analyze(chunk.text), String(chunk.itemNumber)],
      context: context.context,
      english: analyze(english),
      concepts: [...lexicon.tagCounts(`${chunk.text}\n${english}`)].flatMap(([c, n]) => Array<string>(Math.min(n, 3)).fill(c)),
      contextConcepts: context.contextConcepts,
      ...Object.fromEntries(VERSION_LANGUAGES.map((lang) => [versionField(lang), chunk.translations[lang] ? analyze(chunk.translations[lang]) : []])),
    };
  };
}

/** The text a passage is embedded from: its section path, its text and its English version. */
export function passageEmbeddingText(chunk: Chunk): string {
  return [chunk.sectionPath.join(' > '), chunk.sectionTranslations.en ?? '', chunk.text, chunk.translations.en ?? ''].filter(Boolean).join('\n');
}

/** What the retriever needs: the passages, their documents, both indexes and the query-side tools. */
export interface RetrieverParts {
  chunks: Chunk[];
  documents: Map<string, DocumentMeta>;
  lexical: LexicalIndex;
  vectors: VectorStore;
  embeddings: IdentifiedEmbeddings;
  lexicon: Lexicon;
  /** Concepts that name a whole document (found in a document's titles): matched on context, not body. */
  titleConcepts?: Set<string>;
  /** Told when the embedder fails for a question (which is then searched lexically only). */
  onEmbeddingError?: (error: Error) => void;
}

/** A search request. */
export interface RetrieveRequest {
  query: string;
  /** How many passages to return (1–100). */
  k?: number;
  /** The caller's language hint (a platform language code), used when the text is ambiguous. */
  languageHint?: string | null;
  /** Extra query texts fused with the question, e.g. its translation into Chinese by a model. */
  alternates?: string[];
  /** The question already analysed (by the answer service), so that it is analysed once. */
  analyzed?: AnalyzedQuery;
  /** Match the question against the aligned versions in its language (default true; false measures what they add). */
  versions?: boolean;
  /** The answer's model budget: when it runs out (or the embedder fails), the question is searched lexically. */
  signal?: AbortSignal;
  /**
   * Passages that hold the kind of thing asked for (a date for "when", an amount for "how much", set by the
   * answer service from the question's expected answer type): among the best candidates they are lifted, so
   * the sentence that states the detail is among the passages read rather than just below them.
   */
  prefer?: (chunk: Chunk) => boolean;
}

/** Ranked passages for a question, and how the question was understood. */
export interface RetrieveResult {
  query: AnalyzedQuery;
  passages: Passage[];
  timings: { totalMs: number };
}

const CANDIDATES = 100;
/** How many of the best fused candidates `prefer` is asked about. */
const PREFER_AMONG = 20;
/**
 * Lift of a preferred passage, as a share of the best fused score. Swept on the development sets (dev, seed-b1,
 * newdocs-1, newdocs-2): 0, 0.1, 0.2, 0.3. 0.2 gave the best retrieval (newdocs-2 hit@5 0.735 -> 0.776,
 * newdocs-1 0.743 -> 0.771, dev and seed-b1 unchanged) and, with the reader's unshown focus words
 * (reading.ts), as many answers found and near misses declined as without the lift.
 */
const PREFER_LIFT = 0.2;
/**
 * Lift of the passages of the one document a question names by its title's concepts, as a share of the best
 * fused score. Swept on the development sets (dev, seed-b1, newdocs-1, newdocs-2, synthetic-heldout): 0, 0.1,
 * 0.2, 0.4. Every lift raised hit@5 (seed-b1 0.875 -> 0.911, newdocs-1 0.829 -> 0.857 at 0.1); 0.1 gave the most
 * answers found and near misses declined together (four more than without; 0.2 one more, 0.4 two).
 */
const NAMED_DOCUMENT_LIFT = 0.1;
/** Lift of the passages of the one document whose own acronym the question writes ("NUKTANI", "GeoVIP"), as a share of the best fused score. */
// (Swept on the development sets at 0.1 and 0.3, before the evidence credited a document's acronyms to all its
// passages: 0.3 gave three more answers with a correct citation, 0.1 one; with the credit and acronyms read from
// documents' openings only, 0.3 gave five more and one more near miss declined, none fewer.)
const ACRONYM_LIFT = 0.3;

/** The word that marks a numbered item at the start of its text ("ข้อ 12", "Pasal 12", "Điều 5", "Article 3", "### Pasal 13"). */
const MARKER_WORD = /^\s*(?:#{1,6}\s+)?([\p{L}\p{M}]{2,})\s*\d/u;
/**
 * Lift of item N whose marker word the question writes, as a share of the best fused score, below a named
 * document's (a whole top score). It only orders the passages that are item N among themselves: set to half a
 * named document's lift, and measured on every set (dev, chat, seed-b1..b6, newdocs-1..11), where it changed one
 * question of newdocs-3 (a development set) and nothing else; not tuned further.
 */
const MARKER_LIFT = 0.5;

/**
 * The numbers a question writes after an article word ("điều 6", "article 12", "ข้อ 7"; "第六條" for 条/條), in
 * the question as lowercased, folded and with its digits normalised.
 */
function articleNumbers(asked: string, word: string): number[] {
  if (word === '条' || word === '條') return [...toSimplifiedChars(asked).matchAll(/第\s*([一二三四五六七八九十百零\d]+)\s*条/gu)].map((m) => parseNumeral(m[1]!) ?? -1);
  const latin = /[a-z]/u.test(word);
  const re = new RegExp(`${latin ? '(?<![\\p{L}\\p{M}])' : ''}${escapeRegExp(word)}\\s*(?:ที่\\s*)?(\\d{1,3})(?!\\d)`, 'gu');
  return [...asked.matchAll(re)].map((m) => Number(m[1]));
}

/** Request concepts that ask for an item or its exact wording. */
const ITEM_REQUESTS = new Set(['intent.numbered_item', 'intent.verbatim']);
/** Lift of items for such requests, as a share of the best fused score. */
const ITEM_PREFERENCE = 0.3;

/** True for a numbered item, or a labelled one such as the principle "需求导向  围绕…". */
function isItem(chunk: Chunk): boolean {
  const label = chunk.sectionPath.at(-1);
  return chunk.itemNumber !== null || (label !== undefined && /^\S+[ \u3000]{2,}/u.test(chunk.text) && chunk.text.startsWith(label));
}

/** Weight of a query word that is part of a phrase the lexicon recognised. */
const CONCEPT_WORD_WEIGHT = 0.3;

/** Weight of the vector channel against the lexical one (whose best passage scores 1). */
const VECTOR_WEIGHT = 0.5;
/** Vector neighbours less similar than this are not evidence. */
const MIN_SIMILARITY = 0.15;

/**
 * The hybrid retriever: a BM25F lexical index and an HNSW vector store, fused by relative score fusion.
 * Questions cross languages through the lexicon's concepts (lexical field `concepts`, and the vector space of
 * the embedded default); a question that asks for a numbered item ("point 6", "第五条") lifts the passages that
 * are that item, so the one in the document it names comes first.
 *
 * @example
 * const { passages } = await retriever.retrieve({ query: 'ข้อ 4 ของข้อริเริ่มเส้นทางนวัตกรรม', k: 5 });
 */
export class HybridRetriever {
  private readonly titleConcepts: Set<string>;
  /** Concepts named in the title of one document only, and that document: a question naming one names it. */
  private readonly ownTitleConcepts = new Map<string, string>();

  constructor(private readonly parts: RetrieverParts) {
    // The concepts of every document's titles (Chinese and English), and which documents name each.
    const holders = new Map<string, string[]>();
    for (const meta of parts.documents.values()) {
      for (const c of new Set(parts.lexicon.tag(`${meta.title}\n${meta.titleEn ?? ''}`))) holders.set(c, [...(holders.get(c) ?? []), meta.id]);
    }
    this.titleConcepts = parts.titleConcepts ?? new Set(holders.keys());
    for (const [c, docs] of holders) if (docs.length === 1 && !LEXICON_REQUEST.test(c)) this.ownTitleConcepts.set(c, docs[0]!);
  }

  /** The sections of each passage's path as `sectionOf` reads them, worked out once per passage when a clause is asked. */
  private readonly sections = new WeakMap<Chunk, ReturnType<typeof sectionOf>[]>();

  private sectionsOf(chunk: Chunk): ReturnType<typeof sectionOf>[] {
    let out = this.sections.get(chunk);
    if (!out) this.sections.set(chunk, (out = chunk.sectionPath.map(sectionOf)));
    return out;
  }

  /** The paths of the numbered items that have a passage of their own (document and section path), worked out on first use. */
  private itemPaths: Set<string> | null = null;

  /** Whether the heading above a clause is a numbered item with a passage of its own ("ข้อ 7 … ดังนี้" over its clauses). */
  private ownsPassage(clause: Chunk): boolean {
    this.itemPaths ??= new Set(this.parts.chunks.filter((c) => c.itemNumber !== null).map((c) => `${c.docId}\u0000${c.sectionPath.join('\u0000')}`));
    return this.itemPaths.has(`${clause.docId}\u0000${clause.sectionPath.slice(0, -1).join('\u0000')}`);
  }

  /** Number of passages indexed. */
  get size(): number {
    return this.parts.chunks.length;
  }

  /** Ranks passages for a question. Validates the request, times it, and delegates to `_retrieve`. */
  async retrieve(request: RetrieveRequest): Promise<RetrieveResult> {
    const started = performance.now();
    const text = normalizeQuestion(request.query);
    const k = Math.max(1, Math.min(100, Math.floor(request.k ?? 10)));
    const result = await this._retrieve(text, k, request);
    return { ...result, timings: { totalMs: performance.now() - started } };
  }

  /** The query's embedding, or null when the embedder fails, returns something unusable, or the budget ends. */
  private async embed(text: string, signal?: AbortSignal): Promise<number[] | null> {
    if (signal?.aborted) return null;
    try {
      const embedding = this.parts.embeddings.embedQuery(text);
      const vector = signal
        ? await Promise.race([embedding, new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }))])
        : await embedding;
      if (!vector || vector.length !== this.parts.vectors.dimensions || vector.some((x) => !Number.isFinite(x))) {
        if (vector) this.parts.onEmbeddingError?.(new Error(`the embedder returned ${vector.length} numbers, the index has ${this.parts.vectors.dimensions}`));
        return null;
      }
      return vector;
    } catch (error) {
      this.parts.onEmbeddingError?.(error as Error);
      return null;
    }
  }

  /** The work of `retrieve`. */
  protected async _retrieve(text: string, k: number, request: RetrieveRequest): Promise<Omit<RetrieveResult, 'timings'>> {
    const { chunks, documents, lexical, vectors, embeddings, lexicon } = this.parts;
    const query = request.analyzed ?? analyzeQuery(text, lexicon, request.languageHint);
    const texts = [text, ...(request.alternates ?? []).filter((a) => a.trim())];

    // Relative score fusion: each channel's scores are divided by that channel's best score, so a channel
    // that is sure of one passage keeps its lead (rank fusion would flatten it), and a channel that finds
    // nothing much cannot lift noise: vector neighbours count only above a minimum similarity.
    const fused = new Map<number, number>();
    const matchedLexically = new Set<number>();
    const add = (doc: number, score: number) => fused.set(doc, (fused.get(doc) ?? 0) + score);
    for (const [i, t] of texts.entries()) {
      const q = i === 0 ? query : analyzeQuery(t, lexicon, request.languageHint);
      const weight = i === 0 ? 1 : 0.8;
      const lexicalHits = lexical.search(lexicalQuery(q, this.titleConcepts, request.versions !== false), CANDIDATES);
      const topLexical = lexicalHits[0]?.score ?? 0;
      for (const hit of lexicalHits) {
        add(hit.doc, (weight * hit.score) / topLexical);
        matchedLexically.add(hit.doc);
      }
      // A failing or slow embedder (the model server down, 429, garbage) costs this question its vector
      // channel, never the answer: the lexical channel is the offline retrieval.
      const vector = await this.embed(t, request.signal);
      const vectorHits = vector ? vectors.search(vector, CANDIDATES).filter((h) => h.similarity >= MIN_SIMILARITY) : [];
      const topVector = vectorHits[0]?.similarity ?? 0;
      for (const hit of vectorHits) add(hit.doc, (VECTOR_WEIGHT * weight * hit.similarity) / topVector);
    }

    // A question that names what only one document's title names ("the Lancang-Mekong innovation vouchers")
    // is about that document: its passages come before others that merely say the same kind of thing.
    const namedDocs = new Set(query.concepts.flatMap((c) => this.ownTitleConcepts.get(c) ?? []));
    if (namedDocs.size === 1 && fused.size) {
      const [docId] = namedDocs;
      const top = Math.max(...fused.values());
      for (const [doc, score] of fused) if (chunks[doc]!.docId === docId) fused.set(doc, score + NAMED_DOCUMENT_LIFT * top);
    }
    // Likewise one that writes an acronym only one document uses (its program's, "NUKTANI", "GeoVIP"), and no
    // acronym of another: "NUKTANI: how old can I be?" asks the age limit of that program, not of the others.
    const acronymDocs = new Set(query.tokens.flatMap((t) => ownAcronyms(chunks).get(t) ?? []));
    // (A document its title names comes first: "SMEs" of another document does not outrank it.)
    if (acronymDocs.size === 1 && (!namedDocs.size || namedDocs.has([...acronymDocs][0]!)) && fused.size) {
      const [docId] = acronymDocs;
      const top = Math.max(...fused.values());
      for (const [doc, score] of fused) if (chunks[doc]!.docId === docId) fused.set(doc, score + ACRONYM_LIFT * top);
    }

    if (request.prefer && fused.size) {
      const top = Math.max(...fused.values());
      const best = [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, PREFER_AMONG);
      for (const [doc, score] of best) if (request.prefer(chunks[doc]!)) fused.set(doc, score + PREFER_LIFT * top);
    }

    if (query.itemNumber !== null && fused.size) {
      // A question for item N: every passage that is item N outranks the rest; among them, the fused score
      // (which reflects the document and section the question names) decides.
      const top = Math.max(...fused.values());
      // (Item N of the one document the question names by its title, "point 2 of the 2023 joint initiative",
      // comes before item N of any other.)
      // (Not when a clause of it is asked: the clause lift below decides among the clauses.)
      const namedDoc = namedDocs.size === 1 && query.subItemNumber == null ? [...namedDocs][0] : undefined;
      const base = new Map(fused);
      // (Item N whose own marker word the question writes, "ข้อ 12" of a Thai announcement beside "Pasal 12" of an
      // Indonesian guide, comes before item N marked otherwise: the asker copied the document's own word.)
      const asked = foldLatin(query.text.toLowerCase());
      const markedAsAsked = (chunk: Chunk) => {
        const marker = MARKER_WORD.exec(foldLatin(chunk.text.toLowerCase()))?.[1];
        // (A Latin-script marker as a whole word; Thai, Lao, Khmer and Burmese ones anywhere: "ข้อที่ 12".)
        if (marker === undefined) return false;
        return /[a-z]/u.test(marker) ? new RegExp(`(?<![\\p{L}\\p{M}])${escapeRegExp(marker)}(?![\\p{L}\\p{M}])`, 'u').test(asked) : asked.includes(marker);
      };
      // (A clause's marker is its article's, and the question must write the article's word with its number,
      // "Điều 6", "第六條": in "item 8 of Điều 5", the Điều 8 of another document is not what was asked.)
      const articleAsked = (chunk: Chunk) => {
        const article = chunk.itemNumber !== null && chunk.sectionPath.length > 1 ? articleOf(chunk.sectionPath.at(-2)!) : null;
        return article !== null && articleNumbers(normalizeDigits(asked), foldLatin(article.word)).includes(article.number);
      };
      // (An article made only of its clauses, "Điều 6. Mức hỗ trợ" over "1. …", "2. …", is item N through them,
      // when no passage of its own stands for it; the answer quotes it whole.)
      const clauseOfArticle = (chunk: Chunk) => query.subItemNumber == null && articleAbove(chunk) === query.itemNumber && !this.ownsPassage(chunk);
      for (const [doc, score] of fused) {
        const chunk = chunks[doc]!;
        const ofArticle = chunk.itemNumber !== query.itemNumber && clauseOfArticle(chunk);
        if (chunk.itemNumber === query.itemNumber || ofArticle) fused.set(doc, score + top + (chunk.docId === namedDoc ? top : 0) + ((articleAsked(chunk) || (!ofArticle && markedAsAsked(chunk))) ? MARKER_LIFT * top : 0));
      }
      // "Điều 5 điểm a", "Article 6(3)": the clause of item N outranks item N itself; where several documents
      // have one, those whose article is named by the question's own word ("Điều", "ข้อ", "条") come first.
      const clause = query.subItemNumber ?? null;
      if (clause !== null) {
        const namesSection = namedBy(text);
        // fit: 2 when clause M lies directly under item N, plus 1 when N is the passage's outermost numbered
        // section ("part 3, point (3)" is (三) under 三、, not (三) under 四、 nor 3. under 三、(二)).
        const clauses: { doc: number; named: boolean; fit: number }[] = [];
        // Every passage of the corpus is a candidate: "ផ្នែកទី៣ ចំណុច (៣)" may share no word with the clause it names.
        for (let doc = 0; doc < chunks.length; doc++) {
          const chunk = chunks[doc]!;
          // Item N kept whole with its short list of clauses holds clause M as one of its lines.
          if (chunk.itemNumber === query.itemNumber && clauseLine(chunk.text, clause)) {
            const sections = this.sectionsOf(chunk);
            clauses.push({ doc, named: namesSection(sections.at(-1) ?? null), fit: 2 + (sections.find((a) => a) === sections.at(-1) ? 1 : 0) });
            continue;
          }
          // (A sub-section whose heading stands on a line of its own, "（三）配套要求", is clause 3 as well.)
          const sections = this.sectionsOf(chunk);
          const own = chunk.itemNumber ?? sections.at(-1)?.number ?? null;
          if (own !== clause) continue;
          const parents = sections.slice(0, -1);
          const at = parents.findIndex((a) => a?.number === query.itemNumber);
          // (Each section named between the item and the clause lies, in order, between them too.)
          let from = at;
          const inside = at >= 0 && (query.itemWithin ?? []).every((n) => (from = parents.findIndex((a, i) => i > from && a?.number === n)) > 0);
          // (The sections named between them, when the question names any, were placed by `inside`.)
          const direct = (query.itemWithin ?? []).length > 0 || parents.slice(at + 1).every((a) => !a);
          if (inside) clauses.push({ doc, named: namesSection(parents[at]!), fit: (direct ? 2 : 0) + (parents.findIndex((a) => a) === at ? 1 : 0) });
        }
        const anyNamed = clauses.some((c) => c.named);
        const eligible = clauses.filter((c) => c.named || !anyNamed);
        const bestFit = Math.max(...eligible.map((c) => c.fit));
        // (Above what item N itself gets, its lift and a fused score up to the top: a clause may share no word.)
        // (A clause that is also item N, clause 3 of Điều 3, is lifted as a clause only.)
        for (const c of eligible) if (c.fit === bestFit) fused.set(c.doc, (base.get(c.doc) ?? 0) + 3 * top);
      }
    }

    if (query.itemNumber === null && fused.size && query.concepts.some((c) => ITEM_REQUESTS.has(c))) {
      // "The item about technology transfer", "quote the principle …": an item (numbered, or a labelled
      // principle) is wanted, so items get a lift; which one is still for the scores to say.
      const top = Math.max(...fused.values());
      for (const [doc, score] of fused) if (isItem(chunks[doc]!)) fused.set(doc, score + ITEM_PREFERENCE * top);
    }

    // Passages that try to instruct the assistant (flagged at ingestion, src/ingest/instructions.ts) are
    // never returned, so never quoted or cited, until staff clear them in corpus/cleared.json.
    const ranked = [...fused].filter(([doc]) => !isHeldBack(chunks[doc]!)).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
    const passages: Passage[] = ranked.map(([doc, score], i) => {
      const chunk = chunks[doc]!;
      return { rank: i + 1, chunk, title: documents.get(chunk.docId)?.title ?? chunk.docId, score: Number(score.toFixed(6)), matched: matchedLexically.has(doc) };
    });
    return { query, passages };
  }
}

const WORDS = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Whether a question names an article or section the way its document writes it: by the document's own word
 * for it, as a word of the question ("Điều", "ข้อ", "Article"; not the ข้อ inside หัวข้อ, "heading"), or, for a
 * Chinese document's sections, by their Chinese numeral ("三 (二)", "四、申报材料": the numbering of a Chinese
 * document, not the 3 and (2) of a Thai one).
 */
function namedBy(question: string): (section: { word: string; numerals?: string } | null) => boolean {
  const asked = question.toLowerCase();
  const words = new Set([...WORDS.segment(asked)].filter((w) => w.isWordLike).map((w) => w.segment));
  return (section) => {
    if (!section) return false;
    if (section.word) return words.has(section.word) || (/\s/u.test(section.word) && asked.includes(section.word));
    return section.numerals !== undefined && asked.includes(section.numerals);
  };
}

/**
 * The lexical query of an analysed question: its words in the text fields, its concepts in the concept fields.
 * A concept that names a whole document (the question says which program or initiative it is about) selects
 * that document's passages through their context; in passage bodies it counts lightly, since a passage that
 * repeats the program's name is not for that reason about the question.
 */
export function lexicalQuery(query: AnalyzedQuery, titleConcepts: Set<string> = new Set(), versions = true): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const versionFields = versions ? versionFieldsFor(query.detection.language) : [];
  const counts = new Map<string, number>();
  for (const t of query.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [term, n] of counts) {
    // Words of a recognised phrase count lightly: the phrase's concept already carries them, and a long
    // name ("China-ASEAN Science and Technology Partnership Program") must not outweigh the rest.
    const weight = (1 + Math.log(n)) * (query.conceptTokens.has(term) && !/^[\d.]+$/u.test(term) ? CONCEPT_WORD_WEIGHT : 1);
    terms.push({ field: 'body', term, weight }, { field: 'context', term, weight }, { field: 'english', term, weight });
    for (const field of versionFields) terms.push({ field, term, weight });
  }
  for (const concept of query.concepts) {
    const names = titleConcepts.has(concept);
    terms.push({ field: 'concepts', term: concept, weight: names ? CONCEPT_WORD_WEIGHT : 1 }, { field: 'contextConcepts', term: concept });
  }
  return terms;
}
