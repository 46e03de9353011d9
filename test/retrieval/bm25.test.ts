import { describe, expect, it } from 'vitest';
import { LexicalIndex, topK } from '../../src/retrieval/bm25.js';
import { analyze } from '../../src/retrieval/analyzer.js';

const docs = ['农业：农作物育种与栽培、农产品加工', '信息技术：通信、互联网、集成电路', '第6届大会在南宁召开，近1000人出席', '東盟技術轉移中心'];

describe('the lexical index', () => {
  const index = LexicalIndex.build([{ name: 'body', weight: 1 }], docs.map((d) => ({ body: analyze(d) })));
  const search = (q: string) => index.search(analyze(q).map((term) => ({ field: 'body', term })), 4);

  it('ranks the passage that shares the rarest terms first', () => {
    expect(search('集成电路')[0]?.doc).toBe(1);
    expect(search('农作物育种')[0]?.doc).toBe(0);
    expect(search('1000人')[0]?.doc).toBe(2);
  });

  it('matches Traditional against Simplified and ignores unknown terms', () => {
    expect(search('东盟技术转移')[0]?.doc).toBe(3);
    expect(search('完全无关的词')).toEqual([]);
  });

  it('round-trips through its data form', () => {
    const copy = LexicalIndex.fromData(index.toData());
    expect(copy.search([{ field: 'body', term: '南宁' }], 3)).toEqual(index.search([{ field: 'body', term: '南宁' }], 3));
    expect(copy.documentFrequency('body', '东盟')).toBe(1);
  });

  it('weights fields', () => {
    const two = LexicalIndex.build([{ name: 'a', weight: 1 }, { name: 'b', weight: 3 }], [{ a: ['x'], b: [] }, { a: [], b: ['x'] }]);
    expect(two.search([{ field: 'a', term: 'x' }, { field: 'b', term: 'x' }], 2).map((s) => s.doc)).toEqual([1, 0]);
  });

  it('builds the same postings whether pass 1 keeps all, some or none of the documents for pass 2', () => {
    const specs = [{ name: 'body', weight: 1 }, { name: 'tags', weight: 0.5 }];
    const made = docs.map((d, i) => ({ body: analyze(d), tags: i % 2 ? ['x', 'x', `t${i}`] : [] }));
    let calls = 0;
    const lazy = { count: made.length, get: (i: number) => (calls++, made[i]!) };
    const data = (cachedPostings: number) => {
      calls = 0;
      const built = LexicalIndex.build(specs, lazy, { cachedPostings }).toData();
      return { built, calls };
    };
    const none = data(0);
    const some = data(30);
    const all = data(10_000);
    expect(none.calls).toBe(made.length * 2);
    expect(all.calls).toBe(made.length);
    expect(some.calls).toBeGreaterThan(made.length);
    expect(some.calls).toBeLessThan(made.length * 2);
    expect(some.built).toEqual(none.built);
    expect(all.built).toEqual(none.built);
    expect(LexicalIndex.build(specs, made).toData()).toEqual(none.built);
  });

  it('stores postings compactly and scores them exactly: long gaps, frequencies above 1 and above 255', () => {
    // 300 documents; 'x' in documents 0 (once), 200 (twice: a gap of 200 takes two bytes) and 299 (300 times).
    const made = Array.from({ length: 300 }, (_, d) => ({ body: d === 0 ? ['x', 'y'] : d === 200 ? ['x', 'x', 'y'] : d === 299 ? Array<string>(300).fill('x') : ['y'] }));
    const index = LexicalIndex.build([{ name: 'body', weight: 1 }], made);
    const hits = index.search([{ field: 'body', term: 'x' }], 10);
    expect(hits.map((h) => h.doc).sort((a, b) => a - b)).toEqual([0, 200, 299]);
    expect(index.documentFrequency('body', 'x')).toBe(3);
    // The same BM25 by hand (k1 1.2, b 0.75; the frequency saturates at 255).
    const lengths = made.map((m) => m.body.length);
    const avg = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    const idf = Math.log(1 + (300 - 3 + 0.5) / (3 + 0.5));
    const score = (d: number, tf: number) => (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * lengths[d]!) / avg));
    for (const [d, tf] of [[0, 1], [200, 2], [299, 255]] as const) expect(hits.find((h) => h.doc === d)!.score).toBeCloseTo(score(d, tf), 4);
    // One or two bytes a posting: far less than the five of a document number and a frequency.
    const data = index.toData().fields[0]!;
    expect(data.postings.length).toBeLessThan(2 * (3 + 300));
    expect(LexicalIndex.fromData(index.toData()).search([{ field: 'body', term: 'x' }], 10)).toEqual(hits);
  });

  it('selects the top k in order with ties broken by document number', () => {
    expect(topK([0, 1, 2, 3], [0.5, 2, 2, 1], 3)).toEqual([{ doc: 1, score: 2 }, { doc: 2, score: 2 }, { doc: 3, score: 1 }]);
  });
});

describe('the analyzer', () => {
  it('splits each script its own way', () => {
    expect(analyze('南宁召开')).toEqual(['南宁', '宁召', '召开']);
    expect(analyze('第十五届博览会')).toContain('15');
    expect(analyze('พลังงานแสงอาทิตย์')).toEqual(expect.arrayContaining(['พลังงาน']));
    expect(analyze('The Technologies of ASEAN, 5148.2')).toEqual(expect.arrayContaining(['technology', 'asean', '5148.2']));
    expect(analyze('ឆ្នាំ២០២៣')).toContain('2023');
    // NFKC splits Thai SARA AM in two; the segmenter still sees the word (สำนักงาน, not "ศสํา นักงาน").
    expect(analyze('ประกาศสำนักงานความร่วมมือ')).toEqual(expect.arrayContaining(['ประกาศ', 'สำนักงาน']));
    // …and the Lao ligatures ໜ and ໝ, which NFKC splits, in either spelling.
    expect(analyze('ໜານໜິງ')).toEqual(['ໜານ', 'ໜິງ']);
    expect(analyze('ທັງຫມົດ')).toEqual(['ທັງໝົດ']);
  });

  it('gives editions a token of their own, in every way of writing them', () => {
    for (const text of ['第6届大会', '第六届大会', 'the 6th conference', 'konferensi ke-6', 'hội nghị lần thứ 6', 'ika-6 na kumperensya', 'การประชุมครั้งที่ 6', 'សន្និសីទលើកទី៦', 'ກອງປະຊຸມຄັ້ງທີ 6', '6-வது மாநாடு']) {
      expect({ text, editions: analyze(text).filter((t) => t.startsWith('#')) }).toEqual({ text, editions: ['#6'] });
    }
    expect(analyze('2018年9月11日 5G 100 people').filter((t) => t.startsWith('#'))).toEqual([]);
  });
});

describe('rarity in a corpus of several languages', () => {
  it('measures a word among the documents of its own script, so an English word shared by the few English passages is not rare', () => {
    const docs = [
      ...Array.from({ length: 6 }, (_, i) => ({ body: ['合作', `项${i}`] })),
      { body: ['资助', '合作'] },
      { body: ['资助', '合作'] },
      { body: ['project', 'call'] },
      { body: ['project', 'guide'] },
    ];
    const index = LexicalIndex.build([{ name: 'body', weight: 1 }], docs);
    const hits = index.search([{ field: 'body', term: 'project' }, { field: 'body', term: '资助' }], 4);
    // Both terms are in two documents; "project" is in every English one, "资助" in two of eight Chinese ones.
    expect(hits.map((h) => h.doc).slice(0, 2).sort()).toEqual([6, 7]);
    expect(hits[0]!.score).toBeGreaterThan(hits[2]!.score * 2);
    // A restored index keeps the counts.
    const restored = LexicalIndex.fromData(index.toData());
    expect(restored.search([{ field: 'body', term: 'project' }], 2)).toEqual(index.search([{ field: 'body', term: 'project' }], 2));
  });
});
