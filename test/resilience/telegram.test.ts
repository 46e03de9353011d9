// Telegram faults at start: the Bot API unreachable (retried with backoff, the web console serving meanwhile)
// and a token the Bot API refuses (one clear line, Telegram off, everything else serving).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerableQuestion, copyCorpus, figure, freePort, killAll, startAssistant, type Dirs } from './harness.js';

describe('Telegram faults at start (npm start as a child process)', () => {
  let dirs: Dirs;
  beforeAll(async () => {
    dirs = await copyCorpus();
  });
  afterEach(killAll);

  it('Bot API unreachable: the web console answers, /readyz says telegram down with an error, the log counts attempts', async () => {
    const closed = await freePort();
    const server = await startAssistant({ dirs, env: { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}` } });

    const ask = await server.post('/api/ask', { question: answerableQuestion() });
    expect(ask.status).toBe(200);
    expect(ask.body.found).toBe(true);
    expect(ask.body.citations.length).toBeGreaterThan(0);

    // The first attempt fails only when its Bot API call gives up (the call deadline), then it is retried.
    const telegram = await server.waitForComponent('telegram', (c) => c.state === 'down', 150_000);
    expect(telegram.error).toBeTruthy();
    expect(server.log()).toMatch(/^Telegram: attempt 1 failed \(.+\); retrying in \d+ s\.$/mu);
    figure(`Bot API unreachable: /readyz telegram ${telegram.state} (${telegram.error}); log: ${server.log().split('\n').find((l) => l.startsWith('Telegram: attempt'))}`);

    // Still serving, and still ready: a chat platform down is not the web console down.
    const readyz = await server.get('/readyz');
    expect(readyz.status).toBe(200);
    expect(readyz.body.components.index.state).toBe('ok');
    expect((await server.post('/api/ask', { question: answerableQuestion() })).status).toBe(200);
  });

  describe('a token the Bot API refuses', () => {
    let botApi: Server;
    let calls: string[] = [];
    beforeAll(async () => {
      botApi = createServer((req, res) => {
        calls.push(req.url ?? '');
        req.resume();
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      });
      await new Promise<void>((ok) => botApi.listen(0, '127.0.0.1', ok));
    });
    afterAll(async () => {
      await new Promise<void>((ok) => botApi.close(() => ok()));
    });

    it('401 on every method: telegram off, one clear log line without a stack trace, the process alive and answering', async () => {
      calls = [];
      const root = `http://127.0.0.1:${(botApi.address() as AddressInfo).port}`;
      const server = await startAssistant({ dirs, env: { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: root } });

      const telegram = await server.waitForComponent('telegram', (c) => c.state === 'off' || c.state === 'down', 60_000);
      expect(telegram.state).toBe('off');
      expect(telegram.error).toMatch(/TELEGRAM_BOT_TOKEN/u);
      expect(calls.some((c) => c.includes('/getMe'))).toBe(true);

      const lines = server.log().split('\n');
      const refused = lines.filter((l) => /^Telegram:/u.test(l));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(/refused the token.*TELEGRAM_BOT_TOKEN.*stays off/u);
      figure(`Telegram token refused (401): /readyz telegram ${telegram.state}; log: ${refused[0]}`);
      expect(server.log()).not.toMatch(/^\s+at /mu);
      expect(server.log()).not.toMatch(/Unexpected error|GrammyError/u);
      // The token never reaches the log.
      expect(server.log()).not.toContain('123:abc');

      expect(server.child.exitCode).toBeNull();
      const ask = await server.post('/api/ask', { question: answerableQuestion() });
      expect(ask.status).toBe(200);
      expect(ask.body.found).toBe(true);
      expect((await server.get('/readyz')).status).toBe(200);
      // A refused token is not retried.
      expect(server.log()).not.toMatch(/^Telegram: attempt/mu);
    });
  });
});
