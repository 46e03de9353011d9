import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXACT_MAX_VECTORS, searchFor, VectorStore } from '../../src/retrieval/vector-store.js';
import { LexiconEmbeddings } from '../../src/retrieval/embeddings/lexicon-embeddings.js';
import { Lexicon } from '../../src/retrieval/lexicon.js';

describe('the vector store', () => {
  const vectors = [
    [1, 0, 0],
    [0, 1, 0],
    [0.7, 0.7, 0],
    [0, 0, 1],
  ];

  it.each(['exact', 'graph'] as const)('finds nearest neighbours by cosine similarity (%s)', (search) => {
    const store = VectorStore.build(vectors, 3, search);
    expect(store.kind).toBe(search);
    const hits = store.search([0.9, 0.1, 0], 2);
    expect(hits.map((h) => h.doc)).toEqual([0, 2]);
    expect(hits[0]!.similarity).toBeCloseTo(0.994, 2);
  });

  it.each(['exact', 'graph'] as const)('saves and loads the store (%s)', async (search) => {
    const dir = await mkdtemp(join(tmpdir(), 'hnsw-'));
    const store = VectorStore.build(vectors, 3, search);
    store.save(join(dir, 'v.hnsw'));
    const loaded = VectorStore.load(join(dir, 'v.hnsw'), 3, 4, search);
    expect(loaded.search([0, 0, 1], 1)).toEqual(store.search([0, 0, 1], 1));
    expect(() => VectorStore.load(join(dir, 'v.hnsw'), 3, 5, search)).toThrow(/expected 5/u);
  });

  it('searches exactly up to EXACT_MAX_VECTORS: the same neighbours as comparing the query with every vector', () => {
    expect(searchFor(EXACT_MAX_VECTORS)).toBe('exact');
    expect(searchFor(EXACT_MAX_VECTORS + 1)).toBe('graph');
    let x = 11;
    const next = () => ((x = (x * 48271) % 2147483647) / 2147483647) - 0.5;
    const many = Array.from({ length: 3000 }, () => Array.from({ length: 16 }, next));
    const store = VectorStore.build(many);
    expect(store.kind).toBe('exact');
    const unit = (v: number[]) => v.map((a) => a / Math.hypot(...v));
    for (const q of many.slice(0, 10).map((v) => v.map((a) => a + next() * 0.5))) {
      const cos = many.map((v, doc) => ({ doc, similarity: unit(v).reduce((s, a, i) => s + a * unit(q)[i]!, 0) })).sort((a, b) => b.similarity - a.similarity);
      const hits = store.search(q, 5);
      expect(hits.map((h) => h.doc)).toEqual(cos.slice(0, 5).map((c) => c.doc));
      hits.forEach((h, i) => expect(h.similarity).toBeCloseTo(cos[i]!.similarity, 5));
    }
  });

  it('builds the same store (graph or exact) on a worker thread as on the main thread, and checks what it is given', async () => {
    // 1,500 pseudo-random vectors (a fixed sequence), more than one batch sent to the worker.
    let x = 7;
    const next = () => ((x = (x * 48271) % 2147483647) / 2147483647) - 0.5;
    const many = Array.from({ length: 1500 }, () => Array.from({ length: 8 }, next));
    for (const search of ['graph', 'exact'] as const) {
      const inline = VectorStore.builder(8, many.length, { worker: false, search });
      const threaded = VectorStore.builder(8, many.length, { worker: true, search });
      for (const v of many) {
        inline.add(v);
        threaded.add(v);
      }
      const [a, b] = [await inline.finish(), await threaded.finish()];
      expect(b.size).toBe(1500);
      expect(b.search(many[0]!, 1)).toMatchObject([{ doc: 0 }]);
      for (const q of many.slice(0, 20)) expect(b.search(q, 5)).toEqual(a.search(q, 5));
    }
    for (const search of ['graph', 'exact'] as const) {
      const bad = VectorStore.builder(8, 2, { worker: true, search });
      expect(() => bad.add([1, 2])).toThrow(/expected 8/u);
      bad.add(many[0]!);
      bad.add(many[1]!);
      expect(() => bad.add(many[2]!)).toThrow(/at most 2/u);
      await bad.abort();
    }
  });
});

describe('the lexicon embedder', () => {
  const lexicon = new Lexicon([
    { id: 'field.energy.renewable', terms: { zh: ['可再生能源', '太阳能'], lo: ['ພະລັງງານແສງຕາເວັນ'], en: ['solar', 'renewable*'] } },
    { id: 'field.agriculture.breeding', terms: { zh: ['农作物育种'], km: ['បង្កាត់ពូជ'], en: ['crop breeding'] } },
  ]);
  const embeddings = new LexiconEmbeddings(lexicon, 64);

  it('puts a question near the passage of the same concept, whatever the language', async () => {
    const [energy, breeding] = await embeddings.embedDocuments(['可再生能源和新能源的开发和利用', '农作物育种与栽培']);
    const q = await embeddings.embedQuery('ພວກເຮົາເຮັດໂຄງການພະລັງງານແສງຕາເວັນ');
    const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(cos(q, energy!)).toBeGreaterThan(0.8);
    expect(cos(q, breeding!)).toBeLessThan(0.2);
  });

  it('is deterministic and unit length, with an id that names the lexicon', async () => {
    const a = await embeddings.embedQuery('solar');
    expect(a).toEqual(await embeddings.embedQuery('solar'));
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    expect(embeddings.id).toContain(lexicon.hash);
  });
});
