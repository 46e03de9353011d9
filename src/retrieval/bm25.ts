import { HAN } from '../core/text.js';

/** A field of the lexical index, with its weight in the total score and its BM25 parameters. */
export interface FieldSpec {
  name: string;
  weight: number;
  k1?: number;
  b?: number;
}

/** A query term for one field, with its weight (1 for an ordinary word). */
export interface QueryTerm {
  field: string;
  term: string;
  weight?: number;
}

/** A scored document of the lexical index (documents are numbered in the order they were added). */
export interface Scored {
  doc: number;
  score: number;
}

/**
 * The script of an index term, for its document frequency: a corpus in several languages holds few passages in
 * each script but one, and an English word's rarity must be measured among the passages that have English
 * words, not among all (where every English word would look rare next to the Chinese majority).
 */
function termScript(term: string): number {
  const c = term.codePointAt(0) ?? 0;
  if (c >= 0x30 && c <= 0x39) return SCRIPT_NUMBER;
  if (HAN.test(term[0] ?? '')) return 1;
  if (c >= 0x0e00 && c <= 0x0e7f) return 2;
  if (c >= 0x0e80 && c <= 0x0eff) return 3;
  if (c >= 0x1780 && c <= 0x17ff) return 4;
  if (c >= 0x1000 && c <= 0x109f) return 5;
  if (c >= 0x0b80 && c <= 0x0bff) return 6;
  return 0;
}
/** Numbers mean the same in every language: their rarity is measured among all documents. */
const SCRIPT_NUMBER = 7;
const SCRIPTS = 8;

interface FieldIndex {
  spec: Required<FieldSpec>;
  /** Per script (`termScript`): how many documents hold a term of that script in this field. */
  scriptDocs: Uint32Array;
  vocab: Map<string, number>;
  terms: string[];
  /**
   * Postings of term t: bytes postings[offsets[t] .. offsets[t+1]), in document order. Each posting is a
   * varint of (gap to the previous document of the term) × 2 + (1 when its term frequency is above 1), then,
   * when it is, one byte of the frequency (saturated at 255; BM25 saturates long before). Most gaps fit in a
   * byte and most frequencies are 1, so a posting takes one or two bytes instead of five.
   */
  offsets: Uint32Array;
  postings: Uint8Array;
  /** Per term: how many documents hold it. */
  dfs: Uint32Array;
  /** Per document: k1 * (1 - b + b * length / average length). */
  norms: Float32Array;
}

/** The serialisable form of a lexical index: JSON-safe metadata plus typed arrays. */
export interface LexicalIndexData {
  docCount: number;
  fields: { spec: Required<FieldSpec>; terms: string[]; offsets: Uint32Array; postings: Uint8Array; dfs: Uint32Array; norms: Float32Array; scriptDocs: Uint32Array }[];
}

/**
 * A BM25F-style lexical index over several fields. Postings live in flat typed arrays (compressed sparse
 * rows), so 100,000 passages fit in tens of megabytes and a query touches only its terms' postings.
 *
 * @example
 * const index = LexicalIndex.build([{ name: 'body', weight: 1 }], [{ body: ['南宁', '召开'] }]);
 * index.search([{ field: 'body', term: '南宁' }], 10) // [{ doc: 0, score: … }]
 */
export class LexicalIndex {
  private readonly fields: FieldIndex[];
  private scores: Float32Array;
  private stamp: Uint32Array;
  private generation = 0;

  private constructor(readonly docCount: number, fields: FieldIndex[]) {
    this.fields = fields;
    this.scores = new Float32Array(docCount);
    this.stamp = new Uint32Array(docCount);
  }

  /**
   * Builds the index; `docs[i][field]` holds the tokens of document i in that field. `docs` may also be a
   * count and a function that makes document i's tokens on demand: the index is then built in two passes
   * (vocabulary and document frequencies, then postings written straight into arrays of their final size),
   * so a large corpus never holds all its tokens, nor a second copy of its postings, at once.
   */
  static build(specs: FieldSpec[], docs: Record<string, string[]>[] | { count: number; get: (i: number) => Record<string, string[]> }, options: { cachedPostings?: number } = {}): LexicalIndex {
    const count = Array.isArray(docs) ? docs.length : docs.count;
    const get = Array.isArray(docs) ? (i: number) => docs[i]! : docs.get;
    const builders = specs.map((raw) => new FieldBuilder({ k1: 1.2, b: 0.75, ...raw }, count));
    // The first documents' term frequencies are kept from pass 1, up to a budget of postings, so that pass 2
    // fills their postings without making their tokens again (tagging and analysing is most of a build).
    const cache = new PostingCache(Array.isArray(docs) ? 0 : (options.cachedPostings ?? CACHED_POSTINGS));
    for (let d = 0; d < count; d++) {
      const doc = get(d);
      for (const b of builders) cache.add(b.count(d, doc[b.spec.name] ?? []));
      cache.endDocument(d);
    }
    for (const b of builders) b.allocate();
    for (let d = 0; d < count; d++) {
      if (d < cache.documents) {
        builders.forEach((b, f) => cache.each(d * builders.length + f, (id, n) => b.put(d, id, n)));
        continue;
      }
      const doc = get(d);
      for (const b of builders) b.fill(d, doc[b.spec.name] ?? []);
    }
    return new LexicalIndex(count, builders.map((b) => b.finish()));
  }

  /** Restores an index from `toData()` output. */
  static fromData(data: LexicalIndexData): LexicalIndex {
    return new LexicalIndex(
      data.docCount,
      data.fields.map((f) => ({ ...f, vocab: new Map(f.terms.map((t, i) => [t, i])) })),
    );
  }

  /** The index as plain data for storage. */
  toData(): LexicalIndexData {
    return {
      docCount: this.docCount,
      fields: this.fields.map(({ spec, terms, offsets, postings, dfs, norms, scriptDocs }) => ({ spec, terms, offsets, postings, dfs, norms, scriptDocs })),
    };
  }

  /** How many documents contain `term` in `field` (0 when the field or term is unknown). */
  documentFrequency(field: string, term: string): number {
    const f = this.fields.find((x) => x.spec.name === field);
    const id = f?.vocab.get(term);
    return f && id !== undefined ? f.dfs[id]! : 0;
  }

  /** How many distinct terms a field holds (0 for an unknown or empty field). */
  termCount(field: string): number {
    return this.fields.find((x) => x.spec.name === field)?.terms.length ?? 0;
  }

  /** The k best documents for the query terms, best first. Terms unknown to the index are ignored. */
  search(query: QueryTerm[], k: number): Scored[] {
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const touched: number[] = [];
    const n = this.docCount;
    for (const q of query) {
      const f = this.fields.find((x) => x.spec.name === q.field);
      const id = f?.vocab.get(q.term);
      if (!f || id === undefined) continue;
      const end = f.offsets[id + 1]!;
      const df = f.dfs[id]!;
      const script = termScript(q.term);
      const among = script === SCRIPT_NUMBER ? n : Math.max(df, f.scriptDocs[script]!);
      const idf = Math.log(1 + (among - df + 0.5) / (df + 0.5));
      const w = f.spec.weight * (q.weight ?? 1) * idf;
      const k1 = f.spec.k1;
      const bytes = f.postings;
      let d = 0;
      for (let p = f.offsets[id]!; p < end; ) {
        // Document counts stay far below 2^30, so the varint fits the bit operations.
        let v = 0;
        let shift = 0;
        let b: number;
        do {
          b = bytes[p++]!;
          v |= (b & 0x7f) << shift;
          shift += 7;
        } while (b & 0x80);
        d += v >>> 1;
        const tf = v & 1 ? bytes[p++]! : 1;
        if (this.stamp[d] !== this.generation) {
          this.stamp[d] = this.generation;
          this.scores[d] = 0;
          touched.push(d);
        }
        this.scores[d]! += (w * tf * (k1 + 1)) / (tf + f.norms[d]!);
      }
    }
    return topK(touched, this.scores, k);
  }
}

/** Postings kept from pass 1 by default: 4 million (5 bytes each, 20 MB while building), about 25,000 passages of the seed kind. */
const CACHED_POSTINGS = 4_000_000;

/**
 * The term frequencies of the first documents of a build, field by field, in flat arrays, up to a budget of
 * postings: documents [0, `documents`) are kept whole, the rest are made again in pass 2.
 */
class PostingCache {
  private ids = new Uint32Array(0);
  private tfs = new Uint8Array(0);
  private size = 0;
  private readonly starts: number[] = [0];
  private open = true;
  /** How many leading documents are kept. */
  documents = 0;

  constructor(private readonly budget: number) {
    this.open = budget > 0;
  }

  /** The next field's term frequencies of the document being read. */
  add(tf: Map<number, number>): void {
    if (!this.open) return;
    if (this.size + tf.size > this.budget) {
      this.open = false;
      return;
    }
    if (this.size + tf.size > this.ids.length) {
      const capacity = Math.min(this.budget, Math.max(this.size + tf.size, this.ids.length * 2, 1 << 16));
      const ids = new Uint32Array(capacity);
      ids.set(this.ids.subarray(0, this.size));
      const tfs = new Uint8Array(capacity);
      tfs.set(this.tfs.subarray(0, this.size));
      this.ids = ids;
      this.tfs = tfs;
    }
    for (const [id, n] of tf) {
      this.ids[this.size] = id;
      this.tfs[this.size++] = Math.min(n, 255);
    }
    this.starts.push(this.size);
  }

  /** Document `d` is read: kept if all its fields were (once over budget, nothing more is kept). */
  endDocument(d: number): void {
    if (this.open) this.documents = d + 1;
  }

  /** The kept postings of slot `slot` (document × fields + field). */
  each(slot: number, put: (id: number, n: number) => void): void {
    for (let p = this.starts[slot]!; p < this.starts[slot + 1]!; p++) put(this.ids[p]!, this.tfs[p]!);
  }
}

/** Bytes of a posting: its varint (see FieldIndex.postings) and, for a frequency above 1, one more. */
function postingBytes(gap: number, tf: number): number {
  let v = gap * 2 + (tf > 1 ? 1 : 0);
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n + (tf > 1 ? 1 : 0);
}

/**
 * Builds one field's postings in two passes: counting (vocabulary, document frequencies, and the exact bytes
 * each term's postings take), then writing them straight into one array of its final size.
 */
class FieldBuilder {
  private readonly vocab = new Map<string, number>();
  private readonly terms: string[] = [];
  private df: Uint32Array = new Uint32Array(1024);
  /** Per term: bytes of its postings (pass 1), and the last document written (both passes). */
  private bytes: Uint32Array = new Uint32Array(1024);
  private last: Uint32Array = new Uint32Array(1024);
  private readonly lengths: Float32Array;
  private offsets = new Uint32Array(0);
  private cursor = new Uint32Array(0);
  private postings = new Uint8Array(0);
  private readonly scriptDocs = new Uint32Array(SCRIPTS);

  constructor(
    readonly spec: Required<FieldSpec>,
    count: number,
  ) {
    this.lengths = new Float32Array(count);
  }

  /** Pass 1: the document's length, new terms, and one more document for each distinct term. Returns its term frequencies. */
  count(d: number, tokens: string[]): Map<number, number> {
    this.lengths[d] = tokens.length;
    const seen = new Map<number, number>();
    let scripts = 0;
    for (const token of tokens) {
      let id = this.vocab.get(token);
      if (id === undefined) {
        id = this.terms.length;
        this.vocab.set(token, id);
        this.terms.push(token);
        if (id >= this.df.length) {
          this.df = grown(this.df);
          this.bytes = grown(this.bytes);
          this.last = grown(this.last);
        }
      }
      const n = seen.get(id);
      if (n === undefined) {
        seen.set(id, 1);
        this.df[id]!++;
        scripts |= 1 << termScript(token);
      } else seen.set(id, n + 1);
    }
    for (const [id, n] of seen) {
      this.bytes[id]! += postingBytes(d - this.last[id]!, Math.min(n, 255));
      this.last[id] = d;
    }
    for (let k = 0; k < SCRIPTS; k++) if (scripts & (1 << k)) this.scriptDocs[k]!++;
    return seen;
  }

  /** Between the passes: the postings array, at its final size. */
  allocate(): void {
    const n = this.terms.length;
    this.offsets = new Uint32Array(n + 1);
    for (let t = 0; t < n; t++) this.offsets[t + 1] = this.offsets[t]! + this.bytes[t]!;
    this.cursor = this.offsets.slice(0, n);
    this.postings = new Uint8Array(this.offsets[n]!);
    this.bytes = new Uint32Array(0);
    this.last.fill(0);
  }

  /** Pass 2: the document's term frequencies, written into each term's postings. */
  fill(d: number, tokens: string[]): void {
    const tf = new Map<number, number>();
    for (const token of tokens) {
      const id = this.vocab.get(token)!;
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const [id, n] of tf) this.put(d, id, n);
  }

  /** One posting: term `id` occurs `n` times in document `d` (documents come in order). */
  put(d: number, id: number, n: number): void {
    const tf = Math.min(n, 255);
    let v = (d - this.last[id]!) * 2 + (tf > 1 ? 1 : 0);
    this.last[id] = d;
    let at = this.cursor[id]!;
    while (v >= 0x80) {
      this.postings[at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.postings[at++] = v;
    if (tf > 1) this.postings[at++] = tf;
    this.cursor[id] = at;
  }

  finish(): FieldIndex {
    const { spec, vocab, terms, offsets, postings, scriptDocs } = this;
    return { spec, vocab, terms, offsets, postings, dfs: this.df.slice(0, terms.length), scriptDocs, norms: norms(this.lengths, spec) };
  }
}

function grown(a: Uint32Array): Uint32Array {
  const next = new Uint32Array(a.length * 2);
  next.set(a);
  return next;
}

function norms(lengths: Float32Array, spec: Required<FieldSpec>): Float32Array {
  let total = 0;
  for (const l of lengths) total += l;
  const avg = total / Math.max(1, lengths.length) || 1;
  const out = new Float32Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) out[i] = spec.k1 * (1 - spec.b + (spec.b * lengths[i]!) / avg);
  return out;
}

/** The k highest-scoring documents, best first (ties by document number), with a bounded min-heap. */
export function topK(candidates: number[], scores: ArrayLike<number>, k: number): Scored[] {
  const heap: number[] = [];
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftUp = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const d of candidates) {
    if (heap.length < k) {
      heap.push(d);
      siftUp(heap.length - 1);
    } else if (k > 0 && worse(heap[0]!, d)) {
      heap[0] = d;
      siftDown(0);
    }
  }
  return heap
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .map((doc) => ({ doc, score: scores[doc]! }));
}
