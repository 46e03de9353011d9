import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { CORPUS_DIR } from './corpus.js';

let shared: Promise<Runtime> | undefined;

/** The offline runtime over the real corpus, with its index in a scratch folder; built once per test file. */
export function offlineRuntime(): Promise<Runtime> {
  shared ??= (async () => createRuntime({ openai: null, corpusDir: CORPUS_DIR, dataDir: await mkdtemp(join(tmpdir(), 'asean-data-')), logQuestions: true, web: { host: '127.0.0.1', port: 0 } }, { memoryStore: true }))();
  return shared;
}
