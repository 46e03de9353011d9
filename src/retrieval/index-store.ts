import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IndexStaleError } from '../core/errors.js';
import type { Chunk, CleanDocument, DocumentMeta } from '../core/types.js';
import { sha256 } from '../core/text.js';
import { ingestDocument, listDocumentFiles, readCleared, readMetadata, type CorpusPaths } from '../ingest/corpus.js';
import { INSTRUCTION_CUES_HASH } from '../ingest/instructions.js';
import { LexiconEmbeddings, type IdentifiedEmbeddings } from './embeddings/lexicon-embeddings.js';
import type { Lexicon } from './lexicon.js';
import { LexicalIndex, type LexicalIndexData } from './bm25.js';
import { VectorStore, type VectorSearch } from './vector-store.js';
import { HybridRetriever, LEXICAL_FIELDS, passageEmbeddingText, passageFieldsMaker } from './retriever.js';

/** Version of the stored index layout; an index of another version is rebuilt. */
export const INDEX_FORMAT_VERSION = 5;
/** Version of cleaning, chunking and passage fields: bump it when they change; an index of another version is rebuilt. */
export const PIPELINE_VERSION = 31;

/** A document as stored in the index: the cleaned document, its passages and what ingestion noticed. */
export interface StoredDocument {
  /** Hash of everything the document's passages depend on: file bytes, metadata entry, aligned files. */
  sourceHash: string;
  document: CleanDocument;
  chunks: Chunk[];
  missingAnchors: string[];
}

/** A file that could not be ingested, and why. */
export interface IngestFailure {
  file: string;
  error: string;
}

/** Everything the retriever and the viewers need, in memory. */
export interface CorpusIndex {
  documents: StoredDocument[];
  failures: IngestFailure[];
  chunks: Chunk[];
  lexical: LexicalIndex;
  vectors: VectorStore;
  /** Passage vectors, row i for chunk i (kept for incremental rebuilds). */
  vectorData: Float32Array;
  dimensions: number;
  embedderId: string;
  fingerprint: string;
}

/** Progress of a build, for a progress bar. */
export interface BuildProgress {
  phase: 'read' | 'embed' | 'index' | 'save';
  done: number;
  total: number;
  file?: string;
}

/** What a build did, per document, for `npm run index`'s report. */
export interface BuildReport {
  reused: string[];
  processed: string[];
  failures: IngestFailure[];
  embedded: number;
  loadedFromDisk: boolean;
  rebuiltBecause?: string;
  /** Why a stored index served as it is was out of date (its rebuild runs in the background). */
  stale?: string;
  /** Why a rebuild was not stored and the last good index kept serving. */
  keptBecause?: string;
}

interface Manifest {
  formatVersion: number;
  pipelineVersion: number;
  builtAt: string;
  fingerprint: string;
  embedderId: string;
  dimensions: number;
  chunkCount: number;
  /** How the vector file searches: exact, or an HNSW graph (see VectorStore). */
  vectorSearch: VectorSearch;
  files: Record<string, string>;
}

interface SourceState {
  files: { file: string; sourceHash: string }[];
  fingerprint: string;
  /** The aligned versions' file names (null when the folder cannot be read): listed once, not once per document. */
  alignedNames: string[] | null;
}

/** Hashes the corpus inputs without parsing them: the fingerprint says whether a stored index is current. */
async function sourceState(paths: CorpusPaths, lexicon: Lexicon, embedderId: string): Promise<SourceState> {
  const metadata = await readMetadata(paths.metadata);
  const cleared = [...(await readCleared(paths.cleared))].sort();
  const files = await listDocumentFiles(paths);
  // (null: the folder cannot be read, so no document has versions.)
  const listed = await readdir(paths.aligned).then((names) => names.filter((f) => f.endsWith('.json')).sort(), () => null);
  const alignedNames = listed ?? [];
  const hashOf = async (file: string) => {
    const stem = file.replace(/\.[^.]+$/u, '');
    const parts = [String(PIPELINE_VERSION), sha256(await readFile(join(paths.documents, file))), JSON.stringify(metadata.get(file) ?? null)];
    // The instruction cues and what staff cleared in this document (corpus/cleared.json): a change re-checks it.
    parts.push(INSTRUCTION_CUES_HASH, JSON.stringify(cleared.filter((id) => id === stem || id.startsWith(`${stem}#`))));
    for (const a of alignedNames.filter((n) => n.startsWith(`${stem}.`))) parts.push(a, sha256(await readFile(join(paths.aligned, a))));
    return { file, sourceHash: sha256(parts.join('\n')) };
  };
  // Several files read at once (in the order of `files`): a corpus of a thousand small files is otherwise
  // mostly waiting for the disk one file at a time.
  const out: SourceState['files'] = [];
  for (let i = 0; i < files.length; i += 16) out.push(...(await Promise.all(files.slice(i, i + 16).map(hashOf))));
  const fingerprint = sha256(JSON.stringify({ v: INDEX_FORMAT_VERSION, out, lexicon: lexicon.hash, embedderId, fields: LEXICAL_FIELDS }));
  return { files: out, fingerprint, alignedNames: listed };
}

/** How many documents are read ahead of the one being processed. */
const READ_AHEAD = 4;

/** Dependencies of a build. */
export interface BuildOptions {
  paths: CorpusPaths;
  lexicon: Lexicon;
  embeddings: IdentifiedEmbeddings;
  /** A previous index whose unchanged documents and vectors are reused. */
  previous?: CorpusIndex | null;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Builds the index from the corpus folder. Documents whose inputs are unchanged since `previous` are reused
 * with their vectors; the others are read, cleaned, chunked and embedded. A document that cannot be read is
 * reported in `failures` and left out; the others are still indexed.
 */
export async function buildIndex(options: BuildOptions): Promise<{ index: CorpusIndex; report: BuildReport }> {
  const { paths, lexicon, embeddings, previous, onProgress } = options;
  const state = await sourceState(paths, lexicon, embeddings.id);
  const metadata = await readMetadata(paths.metadata);
  const reusable = new Map<string, StoredDocument>();
  const previousVectors = new Map<string, Float32Array>();
  if (previous && previous.embedderId === embeddings.id) {
    for (const d of previous.documents) reusable.set(d.document.meta.file, d);
    previous.chunks.forEach((c, i) => previousVectors.set(c.id, previous.vectorData.subarray(i * previous.dimensions, (i + 1) * previous.dimensions)));
  }

  const documents: StoredDocument[] = [];
  const failures: IngestFailure[] = [];
  const report: BuildReport = { reused: [], processed: [], failures, embedded: 0, loadedFromDisk: false };
  const cleared = await readCleared(paths.cleared);
  if (!existsSync(paths.documents)) failures.push({ file: paths.documents, error: 'the documents folder does not exist: create it and put the documents there' });
  // The documents to read are read a few ahead, so that the disk works while the previous one is cleaned and
  // chunked (they are still taken in order, so the index is the same).
  const fresh = (i: number) => {
    const { file, sourceHash } = state.files[i]!;
    const old = reusable.get(file);
    return old && old.sourceHash === sourceHash ? null : file;
  };
  const ahead = new Map<number, ReturnType<typeof ingestDocument>>();
  let next = 0;
  const readAhead = (upTo: number) => {
    for (; next < Math.min(upTo, state.files.length); next++) {
      const file = fresh(next);
      if (file) ahead.set(next, ingestDocument(paths, file, metadata, cleared, state.alignedNames));
    }
  };
  for (const [i, { file, sourceHash }] of state.files.entries()) {
    onProgress?.({ phase: 'read', done: i, total: state.files.length, file });
    if (!fresh(i)) {
      documents.push(reusable.get(file)!);
      report.reused.push(file);
      continue;
    }
    readAhead(i + READ_AHEAD + 1);
    const result = await ahead.get(i)!;
    ahead.delete(i);
    if (!result.ok) {
      failures.push({ file, error: result.error });
      continue;
    }
    documents.push({ sourceHash, document: result.document, chunks: result.chunks, missingAnchors: result.missingAnchors });
    report.processed.push(file);
  }
  onProgress?.({ phase: 'read', done: state.files.length, total: state.files.length });

  const chunks = documents.flatMap((d) => d.chunks);
  const metas = new Map(documents.map((d) => [d.document.meta.id, d.document.meta]));

  // Embed only the passages without a reusable vector, in batches. The offline embedder works from the parts
  // the lexical index analyses anyway: it embeds each passage right after the lexical index has read it.
  const rows: (Float32Array | null)[] = chunks.map((c) => previousVectors.get(c.id) ?? null);
  const missing = rows.flatMap((r, i) => (r ? [] : [i]));
  const alongside = embeddings instanceof LexiconEmbeddings;
  const batch = 256;
  for (let s = 0; s < missing.length && !alongside; s += batch) {
    onProgress?.({ phase: 'embed', done: s, total: missing.length });
    const ids = missing.slice(s, s + batch);
    const vectors = await embeddings.embedDocuments(ids.map((i) => passageEmbeddingText(chunks[i]!)));
    ids.forEach((i, j) => (rows[i] = Float32Array.from(vectors[j]!)));
  }
  report.embedded = missing.length;
  if (!alongside) onProgress?.({ phase: 'embed', done: missing.length, total: missing.length });

  onProgress?.({ phase: 'index', done: 0, total: chunks.length });
  // The vector graph is built (on a worker thread, for a large corpus) as the vectors come, beside the lexical index.
  const dimensions = rows.find((r) => r)?.length ?? (alongside ? embeddings.dimensions : 1);
  const graph = VectorStore.builder(dimensions, chunks.length);
  let added = 0;
  const addUpTo = (i: number) => {
    for (; added <= i; added++) {
      const r = rows[added];
      if (!r || r.length !== dimensions) throw new IndexStaleError(`the embedder returned vectors of different sizes (${r?.length} and ${dimensions})`);
      graph.add(r);
    }
  };
  let lexical: LexicalIndex;
  const vectorData = new Float32Array(chunks.length * dimensions);
  try {
    if (!alongside) addUpTo(chunks.length - 1);
    const fieldsOf = passageFieldsMaker(lexicon);
    lexical = LexicalIndex.build(LEXICAL_FIELDS, {
      count: chunks.length,
      get: (i) => {
        const fields = fieldsOf(chunks[i]!, metas.get(chunks[i]!.docId)!);
        if (alongside && !rows[i]) rows[i] = Float32Array.from(embeddings.embedPassage(chunks[i]!));
        if (alongside) addUpTo(i);
        return fields;
      },
    });
    rows.forEach((r, i) => vectorData.set(r!, i * dimensions));
  } catch (error) {
    await graph.abort();
    throw error;
  }
  const vectors = await graph.finish();
  onProgress?.({ phase: 'index', done: chunks.length, total: chunks.length });

  return {
    index: { documents, failures, chunks, lexical, vectors, vectorData, dimensions, embedderId: embeddings.id, fingerprint: state.fingerprint },
    report,
  };
}

/** Serialises the lexical index: a JSON header (fields, terms, array lengths) followed by the typed arrays. */
function encodeLexical(data: LexicalIndexData): Buffer {
  const arrays: Buffer[] = [];
  const header = {
    docCount: data.docCount,
    fields: data.fields.map((f) => {
      const lengths = [f.offsets.length, f.postings.length, f.dfs.length, f.norms.length, f.scriptDocs.length];
      for (const a of [f.offsets, f.postings, f.dfs, f.norms, f.scriptDocs]) arrays.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      return { spec: f.spec, terms: f.terms, lengths };
    }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length);
  return Buffer.concat([size, json, ...arrays.map((a) => pad4(a))]);
}

function pad4(b: Buffer): Buffer {
  return b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
}

function decodeLexical(buffer: Buffer): LexicalIndexData {
  const size = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.subarray(4, 4 + size).toString('utf8')) as {
    docCount: number;
    fields: { spec: LexicalIndexData['fields'][number]['spec']; terms: string[]; lengths: number[] }[];
  };
  let at = 4 + size;
  const take = <T>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, bytes: number, n: number): T => {
    const copy = new Uint8Array(n * bytes);
    copy.set(buffer.subarray(at, at + n * bytes));
    at += Math.ceil((n * bytes) / 4) * 4;
    return new Ctor(copy.buffer, 0, n);
  };
  return {
    docCount: header.docCount,
    fields: header.fields.map((f) => ({
      spec: f.spec,
      terms: f.terms,
      offsets: take(Uint32Array, 4, f.lengths[0]!),
      postings: take(Uint8Array, 1, f.lengths[1]!),
      dfs: take(Uint32Array, 4, f.lengths[2]!),
      norms: take(Float32Array, 4, f.lengths[3]!),
      scriptDocs: take(Uint32Array, 4, f.lengths[4]!),
    })),
  };
}

/**
 * Writes the index under `dir` atomically: everything goes to a fresh folder beside it, which then replaces
 * the old one by rename, so a crash mid-write leaves the old index (or none), never a half-written one.
 * A manifest records the format version, the corpus fingerprint and a SHA-256 of every file.
 */
export async function saveIndex(dir: string, index: CorpusIndex): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    const files: Record<string, Buffer> = {
      'corpus.json': Buffer.from(JSON.stringify({ documents: index.documents, failures: index.failures }), 'utf8'),
      'lexical.bin': encodeLexical(index.lexical.toData()),
      'vectors.f32': Buffer.from(index.vectorData.buffer, index.vectorData.byteOffset, index.vectorData.byteLength),
    };
    for (const [name, data] of Object.entries(files)) await writeFile(join(tmp, name), data);
    index.vectors.save(join(tmp, 'vectors.hnsw'));
    const hashes: Record<string, string> = {};
    for (const name of [...Object.keys(files), 'vectors.hnsw']) hashes[name] = sha256(await readFile(join(tmp, name)));
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      pipelineVersion: PIPELINE_VERSION,
      builtAt: new Date().toISOString(),
      fingerprint: index.fingerprint,
      embedderId: index.embedderId,
      dimensions: index.dimensions,
      chunkCount: index.chunks.length,
      vectorSearch: index.vectors.kind,
      files: hashes,
    };
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const old = `${dir}.old-${process.pid}-${Date.now()}`;
    let hadOld = true;
    try {
      await rename(dir, old);
    } catch {
      hadOld = false;
    }
    await rename(tmp, dir);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads an index written by `saveIndex`, verifying the format version and every file's checksum. Throws
 * IndexStaleError when the index is missing, corrupt, or from another version or embedder.
 */
export async function loadIndex(dir: string, expect: { embedderId: string }): Promise<CorpusIndex> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    throw new IndexStaleError(`no readable index at ${dir}`, { cause: error });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION || manifest.pipelineVersion !== PIPELINE_VERSION) {
    throw new IndexStaleError(`the index at ${dir} was built by another version (format ${manifest.formatVersion})`);
  }
  if (manifest.embedderId !== expect.embedderId) {
    throw new IndexStaleError(`the index was built with embeddings "${manifest.embedderId}", not "${expect.embedderId}"`);
  }
  const read: Record<string, Buffer> = {};
  for (const [name, hash] of Object.entries(manifest.files ?? {})) {
    let data: Buffer;
    try {
      data = await readFile(join(dir, name));
    } catch (error) {
      throw new IndexStaleError(`index file ${name} is missing`, { cause: error });
    }
    if (sha256(data) !== hash) throw new IndexStaleError(`index file ${name} is corrupt (checksum mismatch)`);
    read[name] = data;
  }
  try {
    const corpus = JSON.parse(read['corpus.json']!.toString('utf8')) as { documents: StoredDocument[]; failures: IngestFailure[] };
    const chunks = corpus.documents.flatMap((d) => d.chunks);
    const v = read['vectors.f32']!;
    const vectorData = new Float32Array(v.byteLength / 4);
    new Uint8Array(vectorData.buffer).set(v);
    if (chunks.length !== manifest.chunkCount || vectorData.length !== chunks.length * manifest.dimensions) {
      throw new Error('passage and vector counts disagree');
    }
    return {
      documents: corpus.documents,
      failures: corpus.failures,
      chunks,
      lexical: LexicalIndex.fromData(decodeLexical(read['lexical.bin']!)),
      vectors: VectorStore.load(join(dir, 'vectors.hnsw'), manifest.dimensions, chunks.length, manifest.vectorSearch),
      vectorData,
      dimensions: manifest.dimensions,
      embedderId: manifest.embedderId,
      fingerprint: manifest.fingerprint,
    };
  } catch (error) {
    if (error instanceof IndexStaleError) throw error;
    throw new IndexStaleError(`the index at ${dir} is corrupt: ${(error as Error).message}`, { cause: error });
  }
}

/** Options of `openIndex`. */
export interface OpenOptions extends Omit<BuildOptions, 'previous'> {
  /** Folder of the stored index, e.g. `data/index`. */
  dir: string;
  /** Rebuild even when the stored index is current (re-processing only changed documents). */
  force?: boolean;
  /**
   * Serve a stored index that is out of date at once, and leave its rebuild to `refresh` (the server calls it
   * in the background once it is serving); otherwise the rebuild happens before openIndex returns.
   */
  serveStale?: boolean;
  /** Where to say why an index is rebuilt or kept. */
  log?: (message: string) => void;
}

/** What openIndex returns: the index to serve, its report, and (with serveStale) the rebuild still to do. */
export interface OpenedIndex {
  index: CorpusIndex;
  report: BuildReport;
  /** The rebuild of a stale index: resolves with the new index, or null when the last good one is kept. */
  refresh?: () => Promise<{ index: CorpusIndex; report: BuildReport } | null>;
}

/**
 * Opens the index for the corpus: loads the stored one when it is current; otherwise rebuilds it, reusing
 * what is unchanged, and stores the result. A corrupt or stale index is rebuilt, never a crash.
 *
 * The last good index always serves: a rebuild is stored only when it is complete and not emptier than
 * reason (see `keepPrevious`): a briefly empty or missing `documents/` folder keeps the old index and says
 * why. Temporary folders a killed save left behind are removed first.
 */
export async function openIndex(options: OpenOptions): Promise<OpenedIndex> {
  const { dir, force, log, serveStale, ...build } = options;
  await removeStaleSaves(dir, log);
  let previous: CorpusIndex | null = null;
  let reason: string | undefined;
  try {
    previous = await loadIndex(dir, { embedderId: build.embeddings.id });
  } catch (error) {
    reason = (error as Error).message;
  }
  if (previous && !force) {
    const state = await sourceState(build.paths, build.lexicon, build.embeddings.id).catch(() => null);
    if (state && state.fingerprint === previous.fingerprint) {
      return { index: previous, report: { reused: previous.documents.map((d) => d.document.meta.file), processed: [], failures: previous.failures, embedded: 0, loadedFromDisk: true } };
    }
    reason = state ? 'the corpus, lexicon or embeddings changed' : 'the documents folder cannot be read';
  } else if (previous && force) {
    reason = 'a rebuild was asked for';
  }
  const rebuild = async (): Promise<{ index: CorpusIndex; report: BuildReport } | null> => {
    if (reason) log?.(`Rebuilding the index: ${reason}.`);
    const { index, report } = await buildIndex({ ...build, previous });
    const kept = previous ? keepPrevious(previous, index, report) : null;
    if (kept) {
      log?.(`Keeping the last good index (${previous!.documents.length} documents): ${kept}.`);
      return null;
    }
    build.onProgress?.({ phase: 'save', done: 0, total: 1 });
    await saveIndex(dir, index);
    build.onProgress?.({ phase: 'save', done: 1, total: 1 });
    return { index, report: { ...report, rebuiltBecause: reason } };
  };
  if (previous && serveStale) {
    return {
      index: previous,
      report: { reused: previous.documents.map((d) => d.document.meta.file), processed: [], failures: previous.failures, embedded: 0, loadedFromDisk: true, stale: reason },
      refresh: rebuild,
    };
  }
  const built = await rebuild();
  if (built) return built;
  return { index: previous!, report: { reused: previous!.documents.map((d) => d.document.meta.file), processed: [], failures: previous!.failures, embedded: 0, loadedFromDisk: true, keptBecause: 'the rebuild was emptier than reason' } };
}

/**
 * Why a rebuilt index must not replace the last good one, or null when it may: it has no documents while the
 * old one had some (an emptied or missing documents/ folder), or it lost more than half of the old documents
 * to ingest failures (a broken disk or encoding, not staff removing files).
 */
export function keepPrevious(previous: CorpusIndex, next: CorpusIndex, report: BuildReport): string | null {
  if (!previous.documents.length) return null;
  if (!next.documents.length) return 'the rebuild found no documents (is documents/ empty or missing?)';
  if (report.failures.length > 0 && next.documents.length < previous.documents.length / 2) {
    return `${report.failures.length} document(s) failed to ingest and the rebuild has ${next.documents.length} of ${previous.documents.length}`;
  }
  return null;
}

/** Removes `<dir>.tmp-*` and `<dir>.old-*` folders that a killed save left behind (not this process's own). */
async function removeStaleSaves(dir: string, log?: (message: string) => void): Promise<void> {
  const parent = dirname(dir);
  const base = basename(dir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const rest = name.startsWith(`${base}.tmp-`) ? name.slice(base.length + 5) : name.startsWith(`${base}.old-`) ? name.slice(base.length + 5) : null;
    const pid = rest === null ? NaN : Number(rest.split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    await rm(join(parent, name), { recursive: true, force: true });
    log?.(`Removed ${name}, left behind by an interrupted index save.`);
  }
}

/** A retriever over an opened index. */
export function createRetriever(index: CorpusIndex, deps: { lexicon: Lexicon; embeddings: IdentifiedEmbeddings; onEmbeddingError?: (error: Error) => void }): HybridRetriever {
  const documents = new Map<string, DocumentMeta>(index.documents.map((d) => [d.document.meta.id, d.document.meta]));
  return new HybridRetriever({ chunks: index.chunks, documents, lexical: index.lexical, vectors: index.vectors, ...deps });
}
