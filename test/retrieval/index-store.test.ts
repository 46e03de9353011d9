import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPaths } from '../../src/ingest/corpus.js';
import { LexiconEmbeddings } from '../../src/retrieval/embeddings/lexicon-embeddings.js';
import { createRetriever, INDEX_FORMAT_VERSION, loadIndex, openIndex } from '../../src/retrieval/index-store.js';
import { loadLexicon, type Lexicon } from '../../src/retrieval/lexicon.js';
import { copyCorpus } from '../helpers/corpus.js';

describe('the stored index', () => {
  let dirs: Awaited<ReturnType<typeof copyCorpus>>;
  let lexicon: Lexicon;
  let embeddings: LexiconEmbeddings;
  const open = (extra: { force?: boolean; log?: (m: string) => void } = {}) =>
    openIndex({ dir: join(dirs.data, 'index'), paths: corpusPaths(dirs.corpus), lexicon, embeddings, ...extra });

  beforeAll(async () => {
    dirs = await copyCorpus();
    lexicon = await loadLexicon(corpusPaths(dirs.corpus).lexicon);
    embeddings = new LexiconEmbeddings(lexicon);
  });

  it('is built on first use, then loaded from disk with identical results', async () => {
    const first = await open();
    expect(first.report.loadedFromDisk).toBe(false);
    expect(first.report.processed).toHaveLength(5);
    const second = await open();
    expect(second.report.loadedFromDisk).toBe(true);
    const q = { query: '创新之路合作倡议 第4条', k: 5 };
    const a = await createRetriever(first.index, { lexicon, embeddings }).retrieve(q);
    const b = await createRetriever(second.index, { lexicon, embeddings }).retrieve(q);
    expect(b.passages.map((p) => [p.chunk.id, p.score])).toEqual(a.passages.map((p) => [p.chunk.id, p.score]));
    const manifest = JSON.parse(await readFile(join(dirs.data, 'index', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ formatVersion: INDEX_FORMAT_VERSION, chunkCount: first.index.chunks.length });
    expect(Object.keys(manifest.files).sort()).toEqual(['corpus.json', 'lexical.bin', 'vectors.f32', 'vectors.hnsw']);
  });

  it('re-processes only the document whose content changed, and picks up a new one', async () => {
    await appendFile(join(dirs.corpus, 'documents', '000_583f0ee884a2c826.txt'), '\n六、补充说明\n本期新增一段关于海洋科技合作的说明。\n');
    await writeFile(join(dirs.corpus, 'documents', '900_added.md'), '# 海洋科技合作备忘录\n\n双方同意在海洋观测领域开展联合研究。\n');
    const { report, index } = await open();
    expect(report.processed.sort()).toEqual(['000_583f0ee884a2c826.txt', '900_added.md']);
    expect(report.reused).toHaveLength(4);
    const added = index.documents.find((d) => d.document.meta.file === '900_added.md');
    expect(added?.document.meta.title).toBe('海洋科技合作备忘录');
    const { passages } = await createRetriever(index, { lexicon, embeddings }).retrieve({ query: '海洋观测 联合研究', k: 1 });
    expect(passages[0]?.chunk.docId).toBe('900_added');
  });

  it('lifts, among its best candidates, the passages that hold what is asked for', async () => {
    const { index } = await open();
    const retriever = createRetriever(index, { lexicon, embeddings });
    const request = { query: '中国-东盟科技合作 合作内容', k: 10 };
    const plain = await retriever.retrieve(request);
    // Prefer the plain ranking's sixth passage: it rises above the ones just before it, and nothing else moves.
    const wanted = plain.passages[5]!.chunk.id;
    const lifted = await retriever.retrieve({ ...request, prefer: (c) => c.id === wanted });
    const rank = lifted.passages.findIndex((p) => p.chunk.id === wanted);
    expect(rank).toBeLessThan(5);
    expect(lifted.passages.filter((p) => p.chunk.id !== wanted).map((p) => p.chunk.id).slice(0, 5)).toEqual(plain.passages.filter((p) => p.chunk.id !== wanted).map((p) => p.chunk.id).slice(0, 5));
    // A preference nothing meets changes nothing.
    const none = await retriever.retrieve({ ...request, prefer: () => false });
    expect(none.passages.map((p) => [p.chunk.id, p.score])).toEqual(plain.passages.map((p) => [p.chunk.id, p.score]));
  });

  it("finds the item a question names by a Chinese document's own markers, in another language", async () => {
    const { index } = await open();
    const retriever = createRetriever(index, { lexicon, embeddings });
    for (const query of ['ขอข้อความ 五、(三) หน่อย', 'quote 五 (三) please']) {
      const [first] = (await retriever.retrieve({ query, k: 3 })).passages;
      expect(first?.chunk.itemNumber).toBe(3);
      expect(first?.chunk.sectionPath[0]).toMatch(/^五、/u);
    }
  });

  it('rebuilds a corrupt index instead of crashing', async () => {
    const dir = join(dirs.data, 'index');
    const bin = join(dir, 'lexical.bin');
    const bytes = await readFile(bin);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(bin, bytes);
    await expect(loadIndex(dir, { embedderId: embeddings.id })).rejects.toThrow(/corrupt/u);
    const messages: string[] = [];
    const { report } = await open({ log: (m) => messages.push(m) });
    expect(report.loadedFromDisk).toBe(false);
    expect(messages.join(' ')).toMatch(/corrupt/u);
    expect((await open()).report.loadedFromDisk).toBe(true);
  });

  it('rebuilds when the manifest is missing or from another format version', async () => {
    const dir = join(dirs.data, 'index');
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 0 }));
    expect((await open()).report.loadedFromDisk).toBe(false);
    await rm(manifestPath);
    expect((await open()).report.loadedFromDisk).toBe(false);
  });

  it('reports an unreadable document and indexes the others', async () => {
    await writeFile(join(dirs.corpus, 'documents', '901_broken.txt'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    await writeFile(join(dirs.corpus, 'documents', '902_empty.txt'), '');
    const { index, report } = await open();
    expect(report.failures.map((f) => f.file).sort()).toEqual(['901_broken.txt', '902_empty.txt']);
    expect(report.failures.find((f) => f.file === '901_broken.txt')?.error).toMatch(/binary/u);
    expect(index.documents).toHaveLength(6);
  });

  it('keeps the last good index when documents/ is emptied or removed, and says why', async () => {
    const before = (await open()).index.documents.length;
    const documents = join(dirs.corpus, 'documents');
    const saved = join(dirs.root, 'documents-saved');
    await rename(documents, saved);
    const lines: string[] = [];
    const missing = await open({ log: (m) => lines.push(m) });
    expect(missing.index.documents).toHaveLength(before);
    expect(missing.report.keptBecause).toBeTruthy();
    expect(lines.join('\n')).toMatch(/Keeping the last good index/u);
    await mkdir(documents);
    expect((await open()).index.documents).toHaveLength(before);
    // The kept index is still the one on disk.
    expect((await loadIndex(join(dirs.data, 'index'), { embedderId: embeddings.id })).documents).toHaveLength(before);
    await rm(documents, { recursive: true });
    await rename(saved, documents);
    expect((await open()).index.documents).toHaveLength(before);
  });

  it('serves a stale index at once with serveStale, and refreshes it when asked', async () => {
    await writeFile(join(dirs.corpus, 'documents', '903_new.md'), '# 新增文件\n\n关于联合实验室申报的补充通知。\n');
    const opened = await openIndex({ dir: join(dirs.data, 'index'), paths: corpusPaths(dirs.corpus), lexicon, embeddings, serveStale: true });
    expect(opened.report.stale).toBeTruthy();
    expect(opened.index.documents.some((d) => d.document.meta.file === '903_new.md')).toBe(false);
    const refreshed = await opened.refresh!();
    expect(refreshed!.index.documents.some((d) => d.document.meta.file === '903_new.md')).toBe(true);
    expect((await open()).report.loadedFromDisk).toBe(true);
  });

  it('removes the temporary folders a killed save left behind', async () => {
    for (const name of ['index.tmp-999999-1', 'index.old-999999-2']) await mkdir(join(dirs.data, name, 'x'), { recursive: true });
    await writeFile(join(dirs.corpus, 'documents', '904_touch.md'), '# 又一个文件\n\n内容。\n');
    const lines: string[] = [];
    await open({ log: (m) => lines.push(m) });
    expect((await readdir(dirs.data)).filter((n) => /\.(tmp|old)-/u.test(n))).toEqual([]);
    expect(lines.filter((l) => /interrupted index save/u.test(l))).toHaveLength(2);
  });
});
