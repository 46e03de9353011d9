import { Embeddings } from '@langchain/core/embeddings';
import type { Chunk } from '../../core/types.js';
import type { Lexicon } from '../lexicon.js';
import { analyze } from '../analyzer.js';

/** An embedder with a stable identity: vectors made by embedders with different ids are never mixed. */
export interface IdentifiedEmbeddings extends Embeddings {
  /** Changes whenever the vectors would change (model, dimensions, lexicon). */
  readonly id: string;
}

/**
 * The embedded default's embedder: no neural model, so it embeds *meaning* through the lexicon. A text becomes
 * a hashed bag of the lexicon concepts it names (language-independent, so a Khmer question and a Chinese
 * passage about the same field land near each other), plus, more lightly, its numbers and Latin-script words
 * (names, acronyms and the English of aligned translations). Deterministic and stateless: the same text always
 * gets the same vector, so vectors can be cached per passage.
 *
 * @example
 * const embeddings = new LexiconEmbeddings(lexicon);
 * const [v] = await embeddings.embedDocuments(['1. 农业：农作物育种与栽培']);
 */
export class LexiconEmbeddings extends Embeddings implements IdentifiedEmbeddings {
  readonly id: string;

  constructor(
    private readonly lexicon: Lexicon,
    readonly dimensions = 128,
  ) {
    super({});
    this.id = `lexicon-hash-v2/${dimensions}/${lexicon.hash}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** The vector of one text, synchronously. */
  embed(text: string): number[] {
    return this.vector(this.lexicon.tagCounts(text), analyze(text));
  }

  /**
   * The vector of a passage: its section path (and the path's English), its text and its English version, the
   * parts of `passageEmbeddingText`, each tagged and analysed on its own. The index build tags and analyses
   * the same parts for the lexical index just before (text and English together, the path once per section),
   * so here they come from the lexicon's and the analyser's memos instead of a second pass over the text.
   */
  embedPassage(chunk: Pick<Chunk, 'text' | 'sectionPath' | 'translations' | 'sectionTranslations'>): number[] {
    const english = chunk.translations.en ?? '';
    const section = [chunk.sectionPath.join(' > '), chunk.sectionTranslations.en ?? ''].filter(Boolean).join('\n');
    const counts = this.lexicon.tagCounts(`${chunk.text}\n${english}`);
    for (const [concept, n] of this.lexicon.tagCounts(section)) counts.set(concept, (counts.get(concept) ?? 0) + n);
    return this.vector(counts, [...analyze(section), ...analyze(chunk.text), ...analyze(english)]);
  }

  // The hashes of features, worked out once: an index build embeds tens of thousands of passages that name the
  // same concepts and words again and again. (Bounded: a word memo is cleared when it grows large.)
  private readonly conceptMemo = new Map<string, { own: number; family: number | null }>();
  private readonly tokenMemo = new Map<string, number>();

  private conceptHashes(concept: string): { own: number; family: number | null } {
    let known = this.conceptMemo.get(concept);
    if (!known) {
      const family = concept.split('.').slice(0, 2).join('.');
      known = { own: fnv1a(`c:${concept}`), family: family !== concept ? fnv1a(`f:${family}`) : null };
      this.conceptMemo.set(concept, known);
    }
    return known;
  }

  private tokenHash(token: string): number {
    let h = this.tokenMemo.get(token);
    if (h === undefined) {
      if (this.tokenMemo.size >= 200_000) this.tokenMemo.clear();
      h = fnv1a(`t:${token}`);
      this.tokenMemo.set(token, h);
    }
    return h;
  }

  private vector(concepts: Map<string, number>, tokens: string[]): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [concept, count] of concepts) {
      const { own, family } = this.conceptHashes(concept);
      addHashed(v, own, 1 + Math.log(count));
      // The concept's family (`field.energy` for `field.energy.renewable`) makes near concepts near.
      if (family !== null) addHashed(v, family, 0.4);
    }
    const tf = new Map<string, number>();
    for (const token of tokens) {
      if (/^[\d.]+$/u.test(token) || /^[a-z]/u.test(token)) tf.set(token, (tf.get(token) ?? 0) + 1);
    }
    for (const [token, count] of tf) addHashed(v, this.tokenHash(token), 0.35 * (1 + Math.log(count)));
    // A constant feature keeps texts that name nothing from being the zero vector (cosine needs a direction).
    addFeature(v, 'bias', 0.05);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }
}

function addFeature(v: Float64Array, feature: string, weight: number): void {
  addHashed(v, fnv1a(feature), weight);
}

function addHashed(v: Float64Array, h: number, weight: number): void {
  v[h % v.length]! += h & 0x80000000 ? -weight : weight;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
