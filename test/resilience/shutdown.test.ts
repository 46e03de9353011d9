// SIGTERM while answers are in flight: no new work is taken, every answer in flight is finished and sent
// whole, then the process exits 0 and frees its port; the same signal sent to `npm start` reaches the server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAIServer } from '../fakes/openai-server.js';
import { copyCorpus, devQuestions, figure, killAll, portIsFree, startAssistant, waitFor } from './harness.js';

const CHAT = '/v1/chat/completions';
/** How long the fake model takes to start its reply: long enough for the signal to land while it writes. */
const SLOW_MS = 3_000;

describe('SIGTERM with answers in flight (npm start as a child process)', () => {
  const fake = new FakeOpenAIServer();
  let baseURL: string;
  beforeAll(async () => {
    baseURL = await fake.start();
  });
  afterEach(killAll);
  afterAll(() => fake.stop());

  it('finishes the 5 answers in flight with complete 200s, then exits 0 and frees the port', async () => {
    const dirs = await copyCorpus();
    const server = await startAssistant({ dirs, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseURL } });
    expect((await server.readyz()).model!.state).toBe('ok');

    // Each answer's generation (and its one possible retry) waits on the slow model.
    const generations = () => fake.requests.filter((r) => r.path === CHAT && !String(r.body?.messages?.[0]?.content ?? '').startsWith('Translate')).length;
    fake.script(CHAT, ...Array.from({ length: 10 }, () => ({ kind: 'chat' as const, content: 'The documents describe this cooperation [1].', delayMs: SLOW_MS })));
    // English questions: the fake model's English reply passes the answer's language check.
    const questions = devQuestions('en').slice(0, 5);
    const inFlight = questions.map(async (question) => {
      const res = await fetch(`${server.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
      return { status: res.status, text: await res.text() };
    });
    await waitFor('5 generations in flight at the model', () => generations() >= 5, 60_000, 20);

    server.child.kill('SIGTERM');
    await server.waitForLog(/^SIGTERM: no new work is taken; answers in flight get up to \d+ s\.$/u, 10_000);
    // No new work: a request after the signal is not answered.
    const late = await fetch(`${server.base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: questions[0] }) })
      .then((r) => r.status)
      .catch(() => 'refused');
    expect(late).not.toBe(200);

    const replies = await Promise.all(inFlight);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      const answer = JSON.parse(reply.text);
      expect(answer.id).toMatch(/^[0-9a-f-]{36}$/u);
      expect(answer.text.length).toBeGreaterThan(0);
      expect(typeof answer.found).toBe('boolean');
      // The slow model's reply, which was in flight when the signal came, is the answer.
      expect(answer.mode).toBe('generative');
    }
    expect(new Set(replies.map((r) => JSON.parse(r.text).id)).size).toBe(5);
    figure(`SIGTERM with 5 answers in flight: ${replies.map((r) => `${r.status} ${JSON.parse(r.text).mode}`).join(', ')}; a request after the signal: ${late}`);

    expect(await server.exited).toBe(0);
    expect(server.log()).toMatch(/^Shutdown: done\.$/mu);
    expect(server.log()).not.toMatch(/answers still in flight after the bound/u);
    expect(await portIsFree(server.port)).toBe(true);
  });

  it('SIGTERM sent to `npm start` reaches the server: it shuts down and the port is freed', async () => {
    const dirs = await copyCorpus();
    const server = await startAssistant({ dirs, npm: true });
    expect((await server.get('/healthz')).body.documents).toBe(5);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.log()).toMatch(/^SIGTERM: no new work is taken/mu);
    expect(server.log()).toMatch(/^Shutdown: done\.$/mu);
    expect(await portIsFree(server.port)).toBe(true);
  });
});
