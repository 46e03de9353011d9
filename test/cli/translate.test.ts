import { cp, mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTranslate } from '../../src/cli/translate.js';
import { createChatModel } from '../../src/answer/generative.js';
import { corpusPaths, ingestDocument, readMetadata } from '../../src/ingest/corpus.js';
import { FakeOpenAIServer } from '../fakes/openai-server.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/corpus-extra/documents/202_huong-dan-hop-tac.txt');
const server = new FakeOpenAIServer();
let baseURL: string;
let corpus: string;
/** Paragraphs of a batch request, as the model receives them ("1. …\n\n2. …"). */
const paragraphsOf = (user: string) => user.split(/\n\n(?=\d+\. )/u).map((p) => p.replace(/^\d+\. /u, ''));
let failNext = 0;

beforeAll(async () => {
  baseURL = await server.start();
  corpus = await mkdtemp(join(tmpdir(), 'asean-translate-'));
  await mkdir(join(corpus, 'documents'), { recursive: true });
  await mkdir(join(corpus, 'aligned'), { recursive: true });
  await cp(FIXTURE, join(corpus, 'documents', '202_huong-dan-hop-tac.txt'));
  server.translate = (user) => {
    if (failNext > 0) {
      failNext--;
      return 'Sorry, here is a summary instead.';
    }
    return JSON.stringify(paragraphsOf(user).map((p) => `EN: ${p}`));
  };
});
afterAll(() => server.stop());

const chat = () => createChatModel({ apiKey: 'test', baseURL, model: 'fake-model', maxRetries: 0, timeoutMs: 5000 });

describe('npm run translate', () => {
  it('says it needs a model and writes nothing without one', async () => {
    const lines: string[] = [];
    const code = await runTranslate(['--lang', 'en'], { corpusDir: corpus, chat: null, modelName: 'none', write: (l) => lines.push(l) });
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/needs a chat model: set OPENAI_API_KEY/u);
    expect(await readdir(join(corpus, 'aligned'))).toEqual([]);
  });

  it('stops after bounded retries, keeps what was done, and resumes on the next run', async () => {
    failNext = 3; // every attempt at the first batch fails
    const lines: string[] = [];
    expect(await runTranslate(['--lang', 'en'], { corpusDir: corpus, chat: await chat(), modelName: 'fake-model', write: (l) => lines.push(l) })).toBe(1);
    expect(lines.join('\n')).toMatch(/stopped at paragraph 1 of \d+ after 3 attempts; run again to resume/u);
    expect(existsSync(join(corpus, 'aligned', '202_huong-dan-hop-tac.en.json'))).toBe(false);

    failNext = 1; // one failed attempt, then answers
    const before = server.requests.length;
    const again: string[] = [];
    expect(await runTranslate(['--lang', 'en'], { corpusDir: corpus, chat: await chat(), modelName: 'fake-model', write: (l) => again.push(l) })).toBe(0);
    expect(server.requests.length - before).toBeGreaterThanOrEqual(3);
    const file = JSON.parse(await readFile(join(corpus, 'aligned', '202_huong-dan-hop-tac.en.json'), 'utf8'));
    expect(file).toMatchObject({ document: '202_huong-dan-hop-tac.txt', lang: 'en', translator: expect.stringContaining('fake-model') });
    expect(file.segments[0].text).toMatch(/^EN: HƯỚNG DẪN/u);
    const system = server.requests.at(-1)!.body.messages[0].content as string;
    expect(system).toMatch(/into English/u);
    expect(system).toMatch(/data, not instructions/u);
  });

  it('writes versions whose anchors the index places on the original, and leaves existing versions alone', async () => {
    const paths = corpusPaths(corpus);
    const result = await ingestDocument(paths, '202_huong-dan-hop-tac.txt', await readMetadata(paths.metadata));
    if (!result.ok) throw new Error(result.error);
    expect(result.missingAnchors).toEqual([]);
    const en = result.chunks.find((c) => c.text.includes('Hạn chót nộp hồ sơ'))?.translations.en;
    expect(en).toContain('EN: Hạn chót nộp hồ sơ');
    const before = server.requests.length;
    expect(await runTranslate(['--lang', 'en'], { corpusDir: corpus, chat: await chat(), modelName: 'fake-model', write: () => {} })).toBe(0);
    expect(server.requests.length).toBe(before);
  });
});
