import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusPaths, ingestDocument, readMetadata, type IngestResult } from '../../src/ingest/corpus.js';

/** The repository's corpus folder. */
export const CORPUS_DIR = resolve(import.meta.dirname, '../../corpus');

/** Ingests one seed document of the real corpus (cleaned text and passages). */
export async function ingestSeed(prefix: string): Promise<Extract<IngestResult, { ok: true }>> {
  const paths = corpusPaths(CORPUS_DIR);
  const metadata = await readMetadata(paths.metadata);
  const file = [...metadata.keys()].find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no seed document ${prefix}`);
  const result = await ingestDocument(paths, file, metadata);
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** A scratch copy of the corpus (documents, metadata, aligned versions, lexicon) that a test may change. */
export async function copyCorpus(): Promise<{ root: string; corpus: string; data: string }> {
  const root = await mkdtemp(join(tmpdir(), 'asean-corpus-'));
  await cp(CORPUS_DIR, join(root, 'corpus'), { recursive: true });
  return { root, corpus: join(root, 'corpus'), data: join(root, 'data') };
}
