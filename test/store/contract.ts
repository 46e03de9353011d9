import { expect } from 'vitest';
import { CONVERSATION_TTL_MS, CONVERSATION_TURNS, type Store } from '../../src/store/store.js';

/**
 * The behaviour every Store must have (memory, SQLite, PostgreSQL): languages, the question log, feedback with
 * comments, conversation turns (kept, bounded, expiring) and rate-limit buckets.
 */
export async function exerciseStore(store: Store): Promise<void> {
  expect(await store.getLanguage('telegram:1')).toBeNull();
  await store.setLanguage('telegram:1', 'km');
  await store.setLanguage('telegram:1', 'lo');
  expect(await store.getLanguage('telegram:1')).toBe('lo');
  await store.logQuestion({ answerId: 'a1', channel: 'telegram', language: 'th', found: false, latencyMs: 12, question: 'ค่าบูธเท่าไร', at: new Date('2026-11-20T10:00:00Z') });
  await store.logQuestion({ answerId: 'a2', channel: 'slack', language: 'th', found: true, latencyMs: 8, question: null, at: new Date('2026-11-21T10:00:00Z') });
  await store.logQuestion({ answerId: 'a3', channel: 'web', language: 'vi', found: false, latencyMs: 9, question: null, at: new Date('2026-11-21T11:00:00Z') });
  expect(await store.recordFeedback('a2', true, 'u1')).toBe(true);
  expect(await store.recordFeedback('a2', false, 'u1')).toBe(true);
  expect(await store.recordFeedback('a1', false, 'u2')).toBe(true);
  expect(await store.recordFeedback('missing', true)).toBe(false);
  const report = await store.report();
  expect(report.total).toBe(3);
  expect(report.byLanguage).toEqual([{ language: 'th', questions: 2, found: 1 }, { language: 'vi', questions: 1, found: 0 }]);
  expect(report.byDay).toEqual([{ day: '2026-11-20', questions: 1 }, { day: '2026-11-21', questions: 2 }]);
  expect(report.unanswered).toEqual([{ language: 'th', count: 1, questions: ['ค่าบูธเท่าไร'] }, { language: 'vi', count: 1, questions: [] }]);
  expect(report.feedback).toEqual({ helpful: 0, notHelpful: 2 });
  // A comment stays when the verdict changes without one.
  expect(await store.recordFeedback('a3', true, 'u3', 'Please add the 2027 call')).toBe(true);
  expect(await store.recordFeedback('a3', false, 'u3')).toBe(true);
  expect((await store.report()).comments).toEqual([{ helpful: false, comment: 'Please add the 2027 call' }]);

  // Conversation turns: the last CONVERSATION_TURNS, oldest first, none past the TTL, each conversation apart.
  const turn = (n: number, at = new Date()) => ({ question: `q${n}`, resolved: `q${n}`, language: 'th' as const, found: true, chunkIds: [`d#${n}`], at });
  await store.addTurn('web:c1', turn(0, new Date(Date.now() - CONVERSATION_TTL_MS - 1000)));
  expect(await store.recentTurns('web:c1')).toEqual([]);
  for (let n = 1; n <= CONVERSATION_TURNS + 2; n++) await store.addTurn('web:c1', turn(n));
  await store.addTurn('web:c2', { ...turn(99), pinned: 'd#99' });
  const kept = await store.recentTurns('web:c1');
  expect(kept.map((t) => t.question)).toEqual(Array.from({ length: CONVERSATION_TURNS }, (_, i) => `q${i + 3}`));
  expect(kept[0]!.at).toBeInstanceOf(Date);
  expect(await store.recentTurns('web:c2')).toMatchObject([{ question: 'q99', pinned: 'd#99', chunkIds: ['d#99'] }]);
  expect(await store.recentTurns('web:none')).toEqual([]);

  // Rate buckets: a burst of 2, then refused with one notice, refilled with time, one key apart from another.
  const t0 = 5_000_000;
  expect([(await store.takeToken('rate:u', 2, t0)).ok, (await store.takeToken('rate:u', 2, t0)).ok]).toEqual([true, true]);
  expect(await store.takeToken('rate:u', 2, t0)).toEqual({ ok: false, warn: true });
  expect(await store.takeToken('rate:u', 2, t0 + 1000)).toEqual({ ok: false, warn: false });
  expect((await store.takeToken('rate:v', 2, t0)).ok).toBe(true);
  expect((await store.takeToken('rate:u', 2, t0 + 30_000)).ok).toBe(true);
  expect((await store.health()).state).toBe('ok');
}

