import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { MemoryStore } from '../../src/store/store.js';
import { offlineRuntime } from '../helpers/runtime.js';
import { exerciseStore } from './contract.js';

describe('the store', () => {
  it('keeps languages, the question log, feedback, turns and rate buckets in SQLite, across reopening', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-')), 'nested', 'assistant.sqlite');
    const store = new SqliteStore(path);
    await exerciseStore(store);
    await store.close();
    const again = new SqliteStore(path);
    expect(await again.getLanguage('telegram:1')).toBe('lo');
    expect((await again.report()).total).toBe(3);
    expect((await again.recentTurns('web:c2')).map((t) => t.question)).toEqual(['q99']);
    await again.close();
  });

  it('behaves the same in memory', async () => {
    await exerciseStore(new MemoryStore());
  });

  it('notices its file deleted or replaced while running: reported, logged, and writes go to a file that exists', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-lost-')), 'assistant.sqlite');
    const lines: string[] = [];
    const store = new SqliteStore(path, { log: (m) => lines.push(m) });
    await store.setLanguage('web:u', 'th');
    await rm(path);
    expect((await store.health()).state).toBe('down');
    await store.setLanguage('web:u', 'km');
    expect(lines.join('\n')).toMatch(/deleted or replaced/u);
    expect((await store.health())).toMatchObject({ state: 'degraded', error: expect.stringMatching(/deleted or replaced/u) });
    // The write went to a new file at the path: a restart finds it.
    await store.close();
    const reopened = new SqliteStore(path);
    expect(await reopened.getLanguage('web:u')).toBe('km');
    await reopened.close();
  });

  it('rejects a write it cannot keep, instead of answering as if it had', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-ro-')), 'assistant.sqlite');
    const store = new SqliteStore(path);
    await store.close();
    await writeFile(path, 'not a database');
    await expect(async () => new SqliteStore(path)).rejects.toThrow();
  });

  it('is filled by the answer service: outcome always, question text only when enabled', async () => {
    const runtime = await offlineRuntime();
    const answer = await runtime.answers.ask({ question: 'Where was the 6th China-ASEAN technology transfer conference held?', channel: 'test' });
    const log = (runtime.store as MemoryStore).log.find((l) => l.answerId === answer.id);
    expect(log).toMatchObject({ channel: 'test', language: 'en', found: true, question: 'Where was the 6th China-ASEAN technology transfer conference held?' });
    expect(await runtime.answers.feedback(answer.id, true, 'tester')).toBe(true);
    expect(await runtime.answers.feedback('no-such-answer', true)).toBe(false);
  });
});
