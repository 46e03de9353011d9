import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { copyCorpus } from '../helpers/corpus.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

describe('an offline process (no OPENAI_API_KEY)', () => {
  it('answers without loading LangChain’s chat and OpenAI packages, Bolt or grammY', async () => {
    const dirs = await copyCorpus();
    const record = join(dirs.root, 'imports.txt');
    const env = { ...process.env, CORPUS_DIR: dirs.corpus, DATA_DIR: dirs.data, OPENAI_API_KEY: '', RECORD_IMPORTS: record };
    const hook = join(ROOT, 'test/helpers/record-imports.mjs');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', hook, join(ROOT, 'scripts/ask.ts'), '第11屆東創會在哪個城市開幕？'], { cwd: ROOT, env, maxBuffer: 1 << 24 });
    expect(stdout).toContain('南宁');
    const resolved = new Set((await readFile(record, 'utf8')).split('\n'));
    // (The record is complete: the packages the offline path does use are in it.)
    expect(resolved).toContain('hnswlib-node');
    expect(resolved).toContain('@langchain/core/embeddings');
    for (const unused of ['@langchain/openai', '@langchain/core/messages', '@slack/bolt', 'grammy']) expect(resolved).not.toContain(unused);
  }, 60_000);
});
