// Entry point of `npm run bench`: index build time and throughput, query latency and peak RSS on the seed
// corpus and on a synthetic corpus of 100,000 passages made from the seeds, and the retrieval figures of a
// plain BM25 baseline beside ours. Offline mode (lexicon embeddings). Options: --size N (synthetic passages),
// --queries N (latency sample size), --skip-large. The large corpus runs in a child process of its own
// (flag --large-only), so that its peak RSS is that of a process serving 100,000 passages and nothing else;
// the child runs with a V8 heap limit of 256 MB, a setting such a deployment would use (without one, V8
// grows its heap lazily towards its default limit before collecting, which says nothing about the need).
// Last, scripts/bench-ingest.ts: cleaning and chunking one synthetic document of 1, 4 and 10 MB (MB/s, peak
// RSS) and the whole build of a 10 MB document (--skip-ingest leaves it out).
// BENCH_HEAP_MB sets the child's V8 heap limit; BENCH_MEMORY=1 prints, at each stage of the large corpus, RSS,
// live heap and array buffers after a full collection, and each lexical field's terms and postings: where the
// memory of a process serving 100,000 passages goes.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { parseArgs } from '../src/cli/args.js';
import { corpusPaths } from '../src/ingest/corpus.js';
import type { Chunk, DocumentMeta } from '../src/core/types.js';
import { LexiconEmbeddings } from '../src/retrieval/embeddings/lexicon-embeddings.js';
import { createRetriever, loadIndex, openIndex, type CorpusIndex } from '../src/retrieval/index-store.js';
import { loadLexicon } from '../src/retrieval/lexicon.js';
import { LexicalIndex } from '../src/retrieval/bm25.js';
import { VectorStore } from '../src/retrieval/vector-store.js';
import { HybridRetriever, LEXICAL_FIELDS, passageEmbeddingText, passageFieldsMaker } from '../src/retrieval/retriever.js';
import { analyze } from '../src/retrieval/analyzer.js';
import { readEvalFile } from '../src/eval/dataset.js';
import { scoreRetrieval, summarize } from '../src/eval/retrieval-metrics.js';
import { DEFAULT_EVAL_FILE } from '../src/cli/eval.js';
import { createAnswerService, type Calibration } from '../src/answer/service.js';
import { loadCues } from '../src/answer/analysis.js';
import { createI18n } from '../src/i18n/i18n.js';
import calibration from '../src/answer/calibration.json' with { type: 'json' };

loadEnv();
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Latency of the whole answer path (analysis, retrieval, evidence, reading, composing), extractive mode: first
 * each distinct question once (its words and sentences not yet seen: the tagging and analysis memos are cold for
 * it), then the questions cycled `n` times (memos warm, as for a deployment's repeated questions).
 */
async function answerLatency(retriever: HybridRetriever, index: Pick<CorpusIndex, 'lexical' | 'chunks'>, lexicon: Awaited<ReturnType<typeof loadLexicon>>, questions: string[], n: number): Promise<string> {
  const answers = createAnswerService({ retriever, lexicon, cues: await loadCues(), lexical: index.lexical, chunks: index.chunks, i18n: await createI18n(), calibration: calibration as Calibration });
  const time = async (q: string) => {
    const started = performance.now();
    await answers.ask({ question: q });
    return performance.now() - started;
  };
  const cold: number[] = [];
  for (const q of questions) cold.push(await time(q));
  const warm: number[] = [];
  for (let i = 0; i < n; i++) warm.push(await time(questions[i % questions.length]!));
  const fmt = (t: number[]) => {
    t.sort((a, b) => a - b);
    return `p50 ${percentile(t, 50).toFixed(2)} ms  p95 ${percentile(t, 95).toFixed(2)} ms  p99 ${percentile(t, 99).toFixed(2)} ms`;
  };
  return `first time each: ${fmt(cold)} (${questions.length} questions); cycled: ${fmt(warm)} (${n} questions)`;
}

async function latency(retriever: HybridRetriever, questions: string[], n: number): Promise<string> {
  for (const q of questions.slice(0, 20)) await retriever.retrieve({ query: q, k: 10 });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await retriever.retrieve({ query: questions[i % questions.length]!, k: 10 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  (${n} queries)`;
}

/**
 * Makes `size` synthetic passages from the seed passages, with the seeds' length distribution: passage i takes
 * the section path of a seed passage, and sentences drawn from all seeds until it is about as long as that seed
 * passage; a serial number keeps every passage distinct. A recombined passage has no aligned translation (the
 * seed's would not match it), as most passages of a large corpus of added documents would not.
 */
function synthesize(seed: Chunk[], size: number): Chunk[] {
  const sentences = seed.flatMap((c) => c.text.split(/(?<=[。！？；])/u)).filter((s) => s.length > 4);
  let state = 12345;
  const rand = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: Chunk[] = [];
  for (let i = 0; i < size; i++) {
    const base = seed[i % seed.length]!;
    let text = '';
    while (text.length < base.text.length * 0.8) text += sentences[Math.floor(rand() * sentences.length)]!;
    text = `${text.slice(0, Math.max(base.text.length, 20))}（第${i}号）`;
    // Each synthetic passage carries its seed's versions in every language, so that the version fields are
    // as large as in a corpus whose documents all have aligned versions.
    out.push({ ...base, id: `synthetic#${i}`, text, start: 0, end: text.length, translations: base.translations });
  }
  return out;
}

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['size', 'queries', 'seed-index'], ['skip-large', 'large-only', 'skip-ingest']);
  const size = Number(args.flags.get('size') ?? 100_000);
  const nQueries = Number(args.flags.get('queries') ?? 1000);
  const paths = corpusPaths(resolve(process.env.CORPUS_DIR ?? 'corpus'));
  const lexicon = await loadLexicon(paths.lexicon);
  const embeddings = new LexiconEmbeddings(lexicon);
  const items = await readEvalFile(DEFAULT_EVAL_FILE);
  const questions = items.map((i) => i.question);
  const tmp = await mkdtemp(join(tmpdir(), 'bench-'));
  const largeOnly = args.switches.has('large-only');
  if (!largeOnly) console.log(`Node ${process.version}, offline mode (${embeddings.id}), ${questions.length} distinct questions cycled for latency.\n`);

  // The large corpus reads the seed passages from the index the parent built (no second ingestion).
  const seedIndex = args.flags.get('seed-index');
  if (largeOnly && seedIndex) {
    await benchLarge(await loadIndex(seedIndex, { embedderId: embeddings.id }), lexicon, size, nQueries);
    return 0;
  }

  // Seed corpus: a cold build, then queries.
  let started = performance.now();
  const { index } = await openIndex({ dir: join(tmp, 'index'), paths, lexicon, embeddings });
  if (largeOnly) {
    await benchLarge(index, lexicon, size, nQueries);
    await rm(tmp, { recursive: true, force: true });
    return 0;
  }
  const seedMs = performance.now() - started;
  console.log(`seed corpus: ${index.documents.length} documents, ${index.chunks.length} passages`);
  console.log(`  index build (read, clean, chunk, embed, index, save): ${seedMs.toFixed(0)} ms  (${((index.chunks.length / seedMs) * 1000).toFixed(0)} passages/s)`);
  const retriever = createRetriever(index, { lexicon, embeddings });
  console.log(`  query latency: ${await latency(retriever, questions, nQueries)}`);
  console.log(`  answer latency: ${await answerLatency(retriever, index, lexicon, questions, nQueries)}`);
  console.log(`  peak RSS so far: ${mb(peakRss())}`);

  // Retrieval quality: ours against a plain BM25 baseline (body text only, no lexicon, no vectors).
  const baseline = LexicalIndex.build([{ name: 'body', weight: 1 }], index.chunks.map((c) => ({ body: analyze(c.text) })));
  const oursScores = [];
  const baseScores = [];
  for (const item of items.filter((i) => i.gold.length)) {
    oursScores.push(scoreRetrieval(item, (await retriever.retrieve({ query: item.question, k: 10 })).passages));
    const hits = baseline.search(analyze(item.question).map((term) => ({ field: 'body', term })), 10);
    baseScores.push(scoreRetrieval(item, hits.map((h, r) => ({ rank: r + 1, chunk: index.chunks[h.doc]!, title: '', score: h.score }))));
  }
  const fmt = (s: ReturnType<typeof summarize>) => `hit@1 ${s.hit1.toFixed(3)}  hit@5 ${s.hit5.toFixed(3)}  hit@10 ${s.hit10.toFixed(3)}  MRR ${s.mrr.toFixed(3)}`;
  console.log(`\nretrieval on ${oursScores.length} answerable dev questions:`);
  console.log(`  plain BM25 baseline: ${fmt(summarize(baseScores))}`);
  console.log(`  hybrid (ours):       ${fmt(summarize(oursScores))}`);

  if (!args.switches.has('skip-large')) {
    const child = ['--max-old-space-size=' + (process.env.BENCH_HEAP_MB ?? '256'), ...(process.env.BENCH_MEMORY ? ['--expose-gc'] : []), '--import', 'tsx', fileURLToPath(import.meta.url), '--large-only', '--seed-index', join(tmp, 'index'), '--size', String(size), '--queries', String(nQueries)];
    execFileSync(process.execPath, child, { stdio: 'inherit' });
  }
  if (!args.switches.has('skip-ingest')) {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./bench-ingest.ts', import.meta.url))], { stdio: 'inherit' });
  }
  await rm(tmp, { recursive: true, force: true });
  return 0;
});

/**
 * The synthetic large corpus: build time and throughput, query latency, peak RSS. It uses the lexicon the
 * process loaded (a server loads one; a second copy here added about 60 MB to the peak RSS measured).
 */
async function benchLarge(index: CorpusIndex, lexicon: Awaited<ReturnType<typeof loadLexicon>>, size: number, nQueries: number): Promise<void> {
  const embeddings = new LexiconEmbeddings(lexicon);
  const questions = (await readEvalFile(DEFAULT_EVAL_FILE)).map((i) => i.question);
  const metas = new Map<string, DocumentMeta>(index.documents.map((d) => [d.document.meta.id, d.document.meta]));
  const memory = (stage: string) => {
    if (!process.env.BENCH_MEMORY) return;
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    console.log(`  [${stage}] rss ${mb(m.rss / 1024)} (peak ${mb(peakRss())}), heap used ${mb(m.heapUsed / 1024)} of ${mb(m.heapTotal / 1024)}, array buffers ${mb(m.arrayBuffers / 1024)}`);
  };
  memory('start');
  const chunks = synthesize(index.chunks, size);
  memory('passages made');
  console.log(`\nsynthetic corpus: ${chunks.length} passages made from the seeds (child process, V8 heap limit ${process.env.BENCH_HEAP_MB ?? '256'} MB)`);
  let started = performance.now();
  const fieldsOf = passageFieldsMaker(lexicon);
  const lexical = LexicalIndex.build(LEXICAL_FIELDS, { count: chunks.length, get: (i) => fieldsOf(chunks[i]!, metas.get(chunks[i]!.docId)!) });
  const lexMs = performance.now() - started;
  memory('lexical index built');
  if (process.env.BENCH_MEMORY) {
    for (const f of lexical.toData().fields) {
      const chars = f.terms.reduce((n, t) => n + t.length, 0);
      console.log(`    field ${f.spec.name}: ${f.terms.length} terms (${chars} chars), postings ${mb(f.postings.length / 1024)}`);
    }
  }
  started = performance.now();
  const vectors = VectorStore.create(embeddings.dimensions, chunks.length);
  let embedMs = 0;
  for (let i = 0; i < chunks.length; i += 1000) {
    const t = performance.now();
    const batch = await embeddings.embedDocuments(chunks.slice(i, i + 1000).map(passageEmbeddingText));
    embedMs += performance.now() - t;
    for (const v of batch) vectors.add(v);
  }
  const hnswMs = performance.now() - started - embedMs;
  memory('vector graph built');
  const total = lexMs + embedMs + hnswMs;
  console.log(`  lexical index ${lexMs.toFixed(0)} ms, embeddings ${embedMs.toFixed(0)} ms, vector store ${hnswMs.toFixed(0)} ms`);
  console.log(`  index build total: ${(total / 1000).toFixed(1)} s  (${((chunks.length / total) * 1000).toFixed(0)} passages/s)`);
  const big = new HybridRetriever({ chunks, documents: metas, lexical, vectors, embeddings, lexicon });
  memory('retriever made');
  console.log(`  query latency: ${await latency(big, questions, nQueries)}`);
  memory('queries run');
  console.log(`  answer latency: ${await answerLatency(big, { lexical, chunks }, lexicon, questions, Math.min(nQueries, 300))}`);
  memory('answers run');
  console.log(`  peak RSS: ${mb(peakRss())}`);
}
