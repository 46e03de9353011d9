import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoff, inBackground, startServing } from '../src/serving.js';
import { MemoryStore } from '../src/store/store.js';
import { CORPUS_DIR } from './helpers/corpus.js';

const INJECTION = resolve(import.meta.dirname, 'fixtures/injection');

describe('serving while things fail around it', () => {
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('reports passages held back as instructions on /readyz (and in the log) once the index serves', async () => {
    const root = await mkdtemp(join(tmpdir(), 'serving-'));
    await cp(INJECTION, join(root, 'corpus'), { recursive: true });
    await cp(join(CORPUS_DIR, 'lexicon'), join(root, 'corpus', 'lexicon'), { recursive: true });
    const lines: string[] = [];
    const live = startServing(
      { openai: null, corpusDir: join(root, 'corpus'), dataDir: join(root, 'data'), logQuestions: false, web: { host: '127.0.0.1', port: 0 } },
      { store: new MemoryStore(), log: (m) => lines.push(m) },
    );
    expect(live.index().state).toBe('starting');
    const runtime = await live.ready;
    expect(live.current()).toBe(runtime);
    expect(live.index()).toMatchObject({ state: 'degraded', error: expect.stringMatching(/held back as instructions.*301_blue-ocean-fellowship#/u) });
    expect(lines.some((l) => l.startsWith('Index: HELD BACK 301_blue-ocean-fellowship#'))).toBe(true);
    live.stop();
  });

  it('keeps a front end off after a fatal error, and retries the others until they start', async () => {
    const lines: string[] = [];
    const refused = inBackground('Telegram', async () => Promise.reject(Object.assign(new Error('Unauthorized'), { error_code: 401 })), { log: (m) => lines.push(m), fatal: (e) => ((e as { error_code?: number }).error_code === 401 ? 'the token was refused.' : null) });
    let tries = 0;
    const flaky = inBackground('Slack', async () => {
      if (++tries < 3) throw new Error('ECONNREFUSED');
      return { stop: async () => undefined };
    }, { log: (m) => lines.push(m), firstMs: 10 });
    await expect.poll(() => refused.state().state).toBe('off');
    await expect.poll(() => flaky.state().state).toBe('ok');
    expect(tries).toBe(3);
    expect(lines.filter((l) => l.startsWith('Slack: attempt'))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('Telegram:'))).toEqual(['Telegram: the token was refused. Telegram stays off; the web console and the other front ends keep serving.']);
    await Promise.all([refused.stop(), flaky.stop()]);
  });
});
