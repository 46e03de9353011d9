// Ingestion part of `npm run bench`: how cleaning and chunking scale with the size of one document. For each
// shape of synthetic document (src/ingest/synthetic.ts) and each size, a child process of its own generates the
// document, cleans it (cleanText) and chunks it (chunkDocument), and reports the times, MB/s and its peak RSS.
// Shapes: mixed (Chinese and English paragraphs, headings, items), wrapped (hard-wrapped like PDF text),
// unclosed-quote (wrapped, with a quotation mark left open, so that the rest reads as one paragraph: the worst
// case of rejoining), traditional (Traditional script with pinyin annotations and shifted-GBK garbles) and
// garbled (traditional with a garbled span every third sentence: the repair looks each up in the document). Then
// the whole build (read, clean, chunk, embed, index, save; offline lexicon embeddings) of one document.
// Last, the whole build of a corpus of many documents in several languages and formats (--docs 1000): copies of
// the fixture documents of test/fixtures/corpus-extra (a Chinese call, an English Markdown guide, a Vietnamese
// guide, a Thai announcement, an HTML page), each about 8 KB (the fixture's sections several times) and with its
// own numbers, so that no two passages are alike.
// Options: --sizes 1,4,10 (MB of UTF-8 text), --shapes a,b, --build-mb 10 (0: no whole build),
// --build-shape mixed, --docs 1000 (0: no corpus build).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { parseArgs } from '../src/cli/args.js';
import { cleanText } from '../src/ingest/clean.js';
import { chunkDocument } from '../src/ingest/chunk.js';
import { corpusPaths } from '../src/ingest/corpus.js';
import { syntheticDocument, type SyntheticOptions } from '../src/ingest/synthetic.js';
import { LexiconEmbeddings } from '../src/retrieval/embeddings/lexicon-embeddings.js';
import { openIndex, type BuildProgress } from '../src/retrieval/index-store.js';
import { loadLexicon } from '../src/retrieval/lexicon.js';

loadEnv();
const SHAPES: Record<string, SyntheticOptions & { script: 'zh-Hans' | 'zh-Hant' }> = {
  mixed: { script: 'zh-Hans' },
  wrapped: { script: 'zh-Hans', wrapped: true },
  'unclosed-quote': { script: 'zh-Hans', wrapped: true, unclosedQuote: true },
  traditional: { script: 'zh-Hant', traditional: true },
  garbled: { script: 'zh-Hant', traditional: true, garbleEvery: 3 },
};
const peakMb = () => process.resourceUsage().maxRSS / 1024;

/** A synthetic document of about `mb` MB of UTF-8 (its characters take 2.6 bytes on average). */
function document(shape: string, mb: number): string {
  return syntheticDocument(Math.round((mb * 1024 * 1024) / 2.6), SHAPES[shape]!);
}

/** Child process: cleans and chunks one document, prints one line of figures. */
function runOne(shape: string, mb: number): void {
  const text = document(shape, mb);
  const bytes = Buffer.byteLength(text);
  const before = peakMb();
  let started = performance.now();
  const cleaned = cleanText(text, SHAPES[shape]!.script);
  const cleanMs = performance.now() - started;
  started = performance.now();
  const chunks = chunkDocument('bench', cleaned.text, []);
  const chunkMs = performance.now() - started;
  const total = cleanMs + chunkMs;
  console.log(`  ${shape.padEnd(14)} ${(bytes / 1024 / 1024).toFixed(1).padStart(5)} MB: clean ${(cleanMs / 1000).toFixed(2).padStart(6)} s, chunk ${(chunkMs / 1000).toFixed(2).padStart(5)} s, ${((bytes / 1024 / 1024) / (total / 1000)).toFixed(2).padStart(6)} MB/s, ${String(chunks.length).padStart(6)} passages, peak RSS ${peakMb().toFixed(0)} MB (${before.toFixed(0)} MB before cleaning)`);
}

/** Child process: the whole index build of a corpus holding one document of `mb` MB. */
async function runBuild(shape: string, mb: number): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  try {
    const paths = { ...corpusPaths(root), lexicon: corpusPaths(resolve(process.env.CORPUS_DIR ?? 'corpus')).lexicon };
    await mkdir(paths.documents, { recursive: true });
    const text = document(shape, mb);
    const bytes = Buffer.byteLength(text);
    await writeFile(join(paths.documents, 'synthetic.txt'), text);
    const lexicon = await loadLexicon(paths.lexicon);
    const embeddings = new LexiconEmbeddings(lexicon);
    const phases = new Map<string, number>();
    let phase = '';
    let phaseStart = performance.now();
    const onProgress = (p: BuildProgress) => {
      if (p.phase === phase) return;
      if (phase) phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - phaseStart);
      phase = p.phase;
      phaseStart = performance.now();
    };
    const started = performance.now();
    const { index } = await openIndex({ dir: join(root, 'index'), paths, lexicon, embeddings, onProgress });
    const ms = performance.now() - started;
    if (phase) phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - phaseStart);
    const parts = [...phases].map(([p, t]) => `${p} ${(t / 1000).toFixed(1)} s`).join(', ');
    console.log(`  whole build of one ${(bytes / 1024 / 1024).toFixed(1)} MB ${shape} document: ${(ms / 1000).toFixed(1)} s (${parts}), ${index.chunks.length} passages, ${((bytes / 1024 / 1024) / (ms / 1000)).toFixed(2)} MB/s, peak RSS ${peakMb().toFixed(0)} MB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Child process: the whole index build of a corpus of `count` mixed-language documents (copies of the fixtures). */
async function runCorpus(count: number): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bench-corpus-'));
  try {
    const paths = { ...corpusPaths(root), lexicon: corpusPaths(resolve(process.env.CORPUS_DIR ?? 'corpus')).lexicon };
    await mkdir(paths.documents, { recursive: true });
    const fixtures = fileURLToPath(new URL('../test/fixtures/corpus-extra/documents/', import.meta.url));
    const sources = await Promise.all((await readdir(fixtures)).sort().map(async (f) => ({ ext: extname(f), text: await readFile(join(fixtures, f), 'utf8') })));
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const source = sources[i % sources.length]!;
      // Each copy its own numbers (and so its own passages): 2027 becomes 2027 + i, 15 becomes 15 + i, …
      // About 8 KB, the size of a call or a guide: the fixture's sections several times, each time with other numbers.
      const parts = Array.from({ length: Math.max(1, Math.round(8192 / Buffer.byteLength(source.text))) }, (_, r) => source.text.replace(/\d+/gu, (n) => String(Number(n) + i + r * count)));
      const text = parts.join('\n\n');
      bytes += Buffer.byteLength(text);
      await writeFile(join(paths.documents, `${String(i + 1).padStart(4, '0')}_copy${source.ext}`), text);
    }
    const lexicon = await loadLexicon(paths.lexicon);
    const phases = new Map<string, number>();
    let phase = '';
    let phaseStart = performance.now();
    const onProgress = (p: BuildProgress) => {
      if (p.phase === phase) return;
      if (phase) phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - phaseStart);
      phase = p.phase;
      phaseStart = performance.now();
    };
    const started = performance.now();
    const { index } = await openIndex({ dir: join(root, 'index'), paths, lexicon, embeddings: new LexiconEmbeddings(lexicon), onProgress });
    const ms = performance.now() - started;
    if (phase) phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - phaseStart);
    const parts = [...phases].map(([p, t]) => `${p} ${(t / 1000).toFixed(1)} s`).join(', ');
    const mb = bytes / 1024 / 1024;
    console.log(`  whole build of ${count} documents (${sources.length} languages and formats), ${mb.toFixed(1)} MB: ${(ms / 1000).toFixed(1)} s (${parts}), ${index.chunks.length} passages, ${(mb / (ms / 1000)).toFixed(2)} MB/s, ${((count / ms) * 1000).toFixed(0)} documents/s, peak RSS ${peakMb().toFixed(0)} MB`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await runCli(async () => {
  const args = parseArgs(process.argv.slice(2), ['sizes', 'shapes', 'build-mb', 'build-shape', 'one', 'build', 'docs', 'corpus'], []);
  const one = args.flags.get('one');
  if (one) {
    const [shape, mb] = one.split(':') as [string, string];
    runOne(shape, Number(mb));
    return 0;
  }
  const build = args.flags.get('build');
  if (build) {
    const [shape, mb] = build.split(':') as [string, string];
    await runBuild(shape, Number(mb));
    return 0;
  }
  const corpus = args.flags.get('corpus');
  if (corpus) {
    await runCorpus(Number(corpus));
    return 0;
  }
  const sizes = (args.flags.get('sizes') ?? '1,4,10').split(',').map(Number);
  const shapes = (args.flags.get('shapes') ?? Object.keys(SHAPES).join(',')).split(',');
  const buildMb = Number(args.flags.get('build-mb') ?? 10);
  const buildShape = args.flags.get('build-shape') ?? 'mixed';
  console.log('\ningestion: cleaning and chunking one synthetic document (each in a child process of its own)');
  const child = (flags: string[]) => execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...flags], { stdio: 'inherit' });
  for (const shape of shapes) {
    if (!SHAPES[shape]) throw new Error(`unknown shape ${shape}; use ${Object.keys(SHAPES).join(', ')}`);
    for (const mb of sizes) child(['--one', `${shape}:${mb}`]);
  }
  if (buildMb > 0) child(['--build', `${buildShape}:${buildMb}`]);
  const docs = Number(args.flags.get('docs') ?? 1000);
  if (docs > 0) child(['--corpus', String(docs)]);
  return 0;
});
