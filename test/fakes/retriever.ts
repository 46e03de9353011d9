import type { Chunk, DocumentMeta, Passage } from '../../src/core/types.js';
import type { Language } from '../../src/core/languages.js';
import { LexicalIndex } from '../../src/retrieval/bm25.js';
import type { Lexicon } from '../../src/retrieval/lexicon.js';
import { analyzeQuery } from '../../src/retrieval/query.js';
import { LEXICAL_FIELDS, passageFieldsMaker, type RetrieveRequest, type RetrieveResult } from '../../src/retrieval/retriever.js';
import type { Retriever } from '../../src/answer/service.js';

/** A hand-made passage for tests: its text, and optionally its section path, item number and translations. */
export interface FakePassage {
  text: string;
  section?: string[];
  item?: number;
  translations?: Partial<Record<Language, string>>;
  doc?: string;
  /** Its document's title (default "Document <doc>"), given on any one passage of the document. */
  title?: string;
}

/**
 * A deterministic retriever over a few hand-made passages: every question gets the passages it names (by the
 * order given to `rank`, default: all in the order written), with the question analysed as the real retriever
 * does. Its corpus statistics are a real lexical index of those passages, so evidence weighs as in production.
 */
export class FakeRetriever implements Retriever {
  readonly chunks: Chunk[];
  readonly stats: LexicalIndex;
  readonly requests: RetrieveRequest[] = [];
  private readonly titleOf: (docId: string) => string;

  constructor(passages: FakePassage[], private readonly lexicon: Lexicon, private readonly rank: (question: string, chunks: Chunk[]) => Chunk[] = (_q, c) => c) {
    let offset = 0;
    this.chunks = passages.map((p, i) => {
      const chunk: Chunk = {
        id: `${p.doc ?? 'doc'}#${i}`, docId: p.doc ?? 'doc', sectionPath: p.section ?? [], text: p.text, start: offset, end: offset + p.text.length,
        itemNumber: p.item ?? null, translations: p.translations ?? {}, sectionTranslations: {},
      };
      offset += p.text.length + 1;
      return chunk;
    });
    const titles = new Map(passages.flatMap((p) => (p.title ? [[p.doc ?? 'doc', p.title] as const] : [])));
    this.titleOf = (id) => titles.get(id) ?? `Document ${id}`;
    const meta = (id: string): DocumentMeta => ({ id, file: `${id}.txt`, titleZh: null, titleEn: null, title: this.titleOf(id), kind: null, script: 'other', date: null, publisher: null, url: null });
    const fieldsOf = passageFieldsMaker(lexicon);
    this.stats = LexicalIndex.build(LEXICAL_FIELDS, this.chunks.map((c) => fieldsOf(c, meta(c.docId))));
  }

  async retrieve(request: RetrieveRequest): Promise<RetrieveResult> {
    this.requests.push(request);
    const query = request.analyzed ?? analyzeQuery(request.query, this.lexicon, request.languageHint);
    const passages: Passage[] = this.rank(request.query, this.chunks).slice(0, request.k ?? 10).map((chunk, i) => ({ rank: i + 1, chunk, title: this.titleOf(chunk.docId), score: 1 / (i + 1) }));
    return { query, passages, timings: { totalMs: 0 } };
  }
}
