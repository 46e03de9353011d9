import { Embeddings } from '@langchain/core/embeddings';
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
    this.id = `lexicon-hash-v1/${dimensions}/${lexicon.hash}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** The vector of one text, synchronously. */
  embed(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    for (const [concept, count] of this.lexicon.tagCounts(text)) {
      addFeature(v, `c:${concept}`, 1 + Math.log(count));
      // The concept's family (`field.energy` for `field.energy.renewable`) makes near concepts near.
      const family = concept.split('.').slice(0, 2).join('.');
      if (family !== concept) addFeature(v, `f:${family}`, 0.4);
    }
    const tf = new Map<string, number>();
    for (const token of analyze(text)) {
      if (/^[\d.]+$/u.test(token) || /^[a-z]/u.test(token)) tf.set(token, (tf.get(token) ?? 0) + 1);
    }
    for (const [token, count] of tf) addFeature(v, `t:${token}`, 0.35 * (1 + Math.log(count)));
    // A constant feature keeps texts that name nothing from being the zero vector (cosine needs a direction).
    addFeature(v, 'bias', 0.05);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }
}

function addFeature(v: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
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
