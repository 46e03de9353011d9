import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VectorStore } from '../../src/retrieval/vector-store.js';
import { LexiconEmbeddings } from '../../src/retrieval/embeddings/lexicon-embeddings.js';
import { Lexicon } from '../../src/retrieval/lexicon.js';

describe('the vector store', () => {
  const vectors = [
    [1, 0, 0],
    [0, 1, 0],
    [0.7, 0.7, 0],
    [0, 0, 1],
  ];

  it('finds nearest neighbours by cosine similarity', () => {
    const store = VectorStore.build(vectors);
    const hits = store.search([0.9, 0.1, 0], 2);
    expect(hits.map((h) => h.doc)).toEqual([0, 2]);
    expect(hits[0]!.similarity).toBeCloseTo(0.994, 2);
  });

  it('saves and loads the graph', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hnsw-'));
    const store = VectorStore.build(vectors);
    store.save(join(dir, 'v.hnsw'));
    const loaded = VectorStore.load(join(dir, 'v.hnsw'), 3, 4);
    expect(loaded.search([0, 0, 1], 1)).toEqual(store.search([0, 0, 1], 1));
    expect(() => VectorStore.load(join(dir, 'v.hnsw'), 3, 5)).toThrow(/expected 5/u);
  });

  it('builds the same graph on a worker thread as on the main thread, and checks what it is given', async () => {
    // 1,500 pseudo-random vectors (a fixed sequence), more than one batch sent to the worker.
    let x = 7;
    const next = () => ((x = (x * 48271) % 2147483647) / 2147483647) - 0.5;
    const many = Array.from({ length: 1500 }, () => Array.from({ length: 8 }, next));
    const inline = VectorStore.builder(8, many.length, { worker: false });
    const threaded = VectorStore.builder(8, many.length, { worker: true });
    for (const v of many) {
      inline.add(v);
      threaded.add(v);
    }
    const [a, b] = [await inline.finish(), await threaded.finish()];
    expect(b.size).toBe(1500);
    for (const q of many.slice(0, 20)) expect(b.search(q, 5)).toEqual(a.search(q, 5));
    const bad = VectorStore.builder(8, 2, { worker: true });
    expect(() => bad.add([1, 2])).toThrow(/expected 8/u);
    bad.add(many[0]!);
    bad.add(many[1]!);
    expect(() => bad.add(many[2]!)).toThrow(/at most 2/u);
    await bad.abort();
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
