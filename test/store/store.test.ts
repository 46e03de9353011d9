import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { CONVERSATION_TTL_MS, CONVERSATION_TURNS, MemoryStore, type Store } from '../../src/store/store.js';
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
  // A comment stays when the verdict changes without one.
  expect(store.recordFeedback('a3', true, 'u3', 'Please add the 2027 call')).toBe(true);
  expect(store.recordFeedback('a3', false, 'u3')).toBe(true);
  expect(store.report().comments).toEqual([{ helpful: false, comment: 'Please add the 2027 call' }]);

  // Conversation turns: the last CONVERSATION_TURNS, oldest first, none past the TTL, each conversation apart.
  const turn = (n: number, at = new Date()) => ({ question: `q${n}`, resolved: `q${n}`, language: 'th' as const, found: true, chunkIds: [`d#${n}`], at });
  store.addTurn('web:c1', turn(0, new Date(Date.now() - CONVERSATION_TTL_MS - 1000)));
  expect(store.recentTurns('web:c1')).toEqual([]);
  for (let n = 1; n <= CONVERSATION_TURNS + 2; n++) store.addTurn('web:c1', turn(n));
  store.addTurn('web:c2', { ...turn(99), pinned: 'd#99' });
  const kept = store.recentTurns('web:c1');
  expect(kept.map((t) => t.question)).toEqual(Array.from({ length: CONVERSATION_TURNS }, (_, i) => `q${i + 3}`));
  expect(kept[0]!.at).toBeInstanceOf(Date);
  expect(store.recentTurns('web:c2')).toMatchObject([{ question: 'q99', pinned: 'd#99', chunkIds: ['d#99'] }]);
  expect(store.recentTurns('web:none')).toEqual([]);
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
    expect(again.recentTurns('web:c2').map((t) => t.question)).toEqual(['q99']);
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
