// Load on the real server: 200 concurrent asks all answered once with a 200 (p50/p95 printed), and 2,000
// sequential asks with flat memory (the server's RSS at 500 and at 2,000 asks). Figures are printed, not
// asserted: speed is for `npm run bench`; what is asserted is behaviour (every ask answered, no leak).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyCorpus, devQuestions, figure, killAll, percentile, rssKb, startAssistant, type Assistant } from './harness.js';

describe('load on the real server (npm start as a child process)', () => {
  let server: Assistant;
  const questions = devQuestions();
  beforeAll(async () => {
    server = await startAssistant({ dirs: await copyCorpus(), env: { LOG_LEVEL: 'warn' } });
  });
  afterAll(killAll);

  const ask = async (question: string) => {
    const started = performance.now();
    const res = await fetch(`${server.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    const body = await res.json();
    return { status: res.status, body, ms: performance.now() - started };
  };

  it('200 concurrent asks (mixed dev-set questions): every one answered 200, exactly once', async () => {
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => ask(questions[i % questions.length]!)));
    const wallMs = performance.now() - started;
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(200));
    for (const r of replies) {
      expect(typeof r.body.text).toBe('string');
      expect(r.body.text.length).toBeGreaterThan(0);
    }
    // Exactly once: 200 distinct answers, and the server logged 200 questions, no more.
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(200);
    expect((await server.get('/api/report')).body.total).toBe(200);
    const ms = replies.map((r) => r.ms);
    figure(`200 concurrent POST /api/ask: all 200 OK in ${(wallMs / 1000).toFixed(1)} s (${((200 / wallMs) * 1000).toFixed(0)} answers/s); latency p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
    expect(server.child.exitCode).toBeNull();
  });

  it('2,000 sequential asks: all answered, and the RSS at 2,000 is not much above that at 500 (no leak)', async () => {
    const rss: Record<number, number> = {};
    const ms: number[] = [];
    let failures = 0;
    for (let i = 1; i <= 2000; i++) {
      const r = await ask(questions[i % questions.length]!);
      if (r.status !== 200) failures++;
      ms.push(r.ms);
      if (i === 500 || i === 2000) rss[i] = rssKb(server.pid);
    }
    expect(failures).toBe(0);
    const growth = rss[2000]! / rss[500]!;
    figure(`2,000 sequential POST /api/ask: RSS ${(rss[500]! / 1024).toFixed(0)} MB at 500, ${(rss[2000]! / 1024).toFixed(0)} MB at 2,000 (×${growth.toFixed(2)}); latency p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms`);
    expect(growth).toBeLessThan(1.5);
    expect(server.child.exitCode).toBeNull();
  });
});
