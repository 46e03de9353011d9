import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { MemoryStore, type Store } from '../../src/store/store.js';
import { offlineRuntime } from '../helpers/runtime.js';

async function exercise(store: Store): Promise<void> {
  expect(store.getLanguage('telegram:1')).toBeNull();
  store.setLanguage('telegram:1', 'km');
  store.setLanguage('telegram:1', 'lo');
  expect(store.getLanguage('telegram:1')).toBe('lo');
  store.logQuestion({ answerId: 'a1', channel: 'telegram', language: 'th', found: false, latencyMs: 12, question: 'ค่าบูธเท่าไร', at: new Date('2026-11-20T10:00:00Z') });
  store.logQuestion({ answerId: 'a2', channel: 'slack', language: 'th', found: true, latencyMs: 8, question: null, at: new Date('2026-11-21T10:00:00Z') });
  store.logQuestion({ answerId: 'a3', channel: 'web', language: 'vi', found: false, latencyMs: 9, question: null, at: new Date('2026-11-21T11:00:00Z') });
  expect(store.recordFeedback('a2', true, 'u1')).toBe(true);
  expect(store.recordFeedback('a2', false, 'u1')).toBe(true);
  expect(store.recordFeedback('a1', false, 'u2')).toBe(true);
  expect(store.recordFeedback('missing', true)).toBe(false);
  const report = store.report();
  expect(report.total).toBe(3);
  expect(report.byLanguage).toEqual([{ language: 'th', questions: 2, found: 1 }, { language: 'vi', questions: 1, found: 0 }]);
  expect(report.byDay).toEqual([{ day: '2026-11-20', questions: 1 }, { day: '2026-11-21', questions: 2 }]);
  expect(report.unanswered).toEqual([{ language: 'th', count: 1, questions: ['ค่าบูธเท่าไร'] }, { language: 'vi', count: 1, questions: [] }]);
  expect(report.feedback).toEqual({ helpful: 0, notHelpful: 2 });
}

describe('the store', () => {
  it('keeps languages, the question log and feedback in SQLite, across reopening', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'store-')), 'nested', 'assistant.sqlite');
    const store = new SqliteStore(path);
    await exercise(store);
    store.close();
    const again = new SqliteStore(path);
    expect(again.getLanguage('telegram:1')).toBe('lo');
    expect(again.report().total).toBe(3);
    again.close();
  });

  it('behaves the same in memory', async () => {
    await exercise(new MemoryStore());
  });

  it('is filled by the answer service: outcome always, question text only when enabled', async () => {
    const runtime = await offlineRuntime();
    const answer = await runtime.answers.ask({ question: 'Where was the 6th China-ASEAN technology transfer conference held?', channel: 'test' });
    const log = (runtime.store as MemoryStore).log.find((l) => l.answerId === answer.id);
    expect(log).toMatchObject({ channel: 'test', language: 'en', found: true, question: 'Where was the 6th China-ASEAN technology transfer conference held?' });
    expect(runtime.answers.feedback(answer.id, true, 'tester')).toBe(true);
    expect(runtime.answers.feedback('no-such-answer', true)).toBe(false);
  });
});
