import type { Language } from './languages.js';

/** Longest question accepted anywhere (CLI, web, chat), in characters. */
export const MAX_QUESTION_CHARS = 2000;

/** Script of a Chinese document: passages are always shown in their document's own script. */
export type Script = 'zh-Hans' | 'zh-Hant' | 'latin' | 'other';

/** What can be read off a document: from `corpus/metadata.json`, else from the document itself. */
export interface DocumentMeta {
  /** Stable id: the file name without its extension, e.g. `001_908ecc7ea2cc80d8`. */
  id: string;
  /** File name inside the corpus folder. */
  file: string;
  titleZh: string | null;
  titleEn: string | null;
  /** The title to show: `titleZh`, else `titleEn`, else the document's first heading or line. */
  title: string;
  kind: string | null;
  script: Script;
  /** ISO date or partial date (`2018-09`), null when the document does not say. */
  date: string | null;
  publisher: string | null;
  /** Where the document can be read online, when known. */
  url: string | null;
}

/** One thing the cleaner did to a document, for the index report and the document viewer. */
export interface CleaningStep {
  kind: 'pinyin' | 'hard-wraps' | 'navigation' | 'page-furniture' | 'garble-repaired' | 'garble-marked' | 'whitespace' | 'control-chars' | 'column-tables' | 'ruled-tables' | 'rules';
  count: number;
  detail?: string;
}

/** A span of garbled text found in a document: repaired, or marked as unreadable. */
export interface GarbleSpan {
  /** The garbled characters as received. */
  original: string;
  /** The repaired text, or null when the repair was ambiguous and the span is marked instead. */
  repaired: string | null;
  /** Offsets of the replacement in the cleaned text. */
  start: number;
  end: number;
}

/** A translation aligned with a span of the original (see corpus/aligned/README.md). */
export interface AlignedSegment {
  lang: Language;
  /** Offset in the cleaned text where the translated paragraph starts. */
  start: number;
  text: string;
}

/** A document after loading and cleaning: what is indexed and what the viewer shows. */
export interface CleanDocument {
  meta: DocumentMeta;
  /** SHA-256 of the raw file bytes; a changed hash means the document is processed again. */
  contentHash: string;
  /** The cleaned text, in the document's original script. Chunk offsets point into it. */
  text: string;
  steps: CleaningStep[];
  garbles: GarbleSpan[];
  aligned: AlignedSegment[];
}

/** A retrievable passage of a document, with its place in the document's structure. */
export interface Chunk {
  /** Stable id: `<docId>#<ordinal>-<hash>`; unchanged while the passage text is unchanged. */
  id: string;
  docId: string;
  /** Headings from the top of the document down to this passage, e.g. ['四、重点领域', '（二）重点技术领域', '9. 信息技术']. */
  sectionPath: string[];
  /** The passage text, cleaned, in the original script: `document.text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** Number of the numbered item this passage is (1 for `一、`, `（一）`, `1.`, `第一条`), else null. */
  itemNumber: number | null;
  /** Aligned translations of the passage, by language. */
  translations: Partial<Record<Language, string>>;
  /** Aligned translations of the headings in the section path, by language (for retrieval). */
  sectionTranslations: Partial<Record<Language, string>>;
  /** Why the passage is held back from answers (it tries to instruct the assistant; see src/ingest/instructions.ts); absent when none, or cleared by staff in corpus/cleared.json. */
  flags?: string[];
}

/** A ranked search result: a chunk with its score and the document's title. */
export interface Passage {
  rank: number;
  chunk: Chunk;
  title: string;
  score: number;
  /** False when only the vector channel found the passage (no word or concept of the question matched it). */
  matched?: boolean;
}

/** A numbered source of an answer: `[n]` in the answer text points to it. */
export interface Citation {
  n: number;
  docId: string;
  title: string;
  /** The passage's section path, joined with ' > '. */
  section: string;
  /** A verbatim substring of the cited passage's text. */
  quote: string;
  /** The passage's id, and where the quote sits in the document's cleaned text. */
  chunkId: string;
  start: number;
  end: number;
  /** Link to the passage in the web console, when a public base URL is configured. */
  url?: string;
  /** The passage in the reader's language (else English), labelled as a translation; absent when the corpus has none. */
  translation?: { lang: Language; text: string };
}

/** A retrieved passage as reported with an answer. */
export interface RetrievedPassage {
  rank: number;
  chunkId: string;
  docId: string;
  title: string;
  section: string;
  score: number;
  text: string;
}

/** What kind of request an answer serves; it decides how the extractive answer is framed. */
export type AnswerKind = 'fact' | 'quote' | 'fields' | 'field-match' | 'modes' | 'not-found' | 'chat' | 'off-topic';

/** The answer to a question, as every front end receives it. */
export interface Answer {
  /** Unique id: feedback on the answer refers to it. */
  id: string;
  found: boolean;
  language: Language;
  /** What the user reads, in their language, with `[n]` markers. */
  text: string;
  citations: Citation[];
  mode: 'generative' | 'extractive';
  kind: AnswerKind;
  retrieved: RetrievedPassage[];
  timings: { retrievalMs: number; generationMs: number; totalMs: number };
  /** Follow-up questions the documents can answer next (the item after the one quoted), in the reply's language. */
  suggestions?: string[];
}
