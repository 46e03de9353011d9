// A model configured but its server down at start: the process serves offline (extractive answers), /readyz
// says the model is down, and when the model server comes up on that address it is reconnected and swapped in.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FakeOpenAIServer } from '../fakes/openai-server.js';
import { answerableQuestion, copyCorpus, figure, freePort, killAll, startAssistant } from './harness.js';

describe('the model server down at start (npm start as a child process)', () => {
  const fake = new FakeOpenAIServer();
  afterEach(killAll);
  afterAll(() => fake.stop());

  it('serves extractive answers meanwhile, reports the model down, and reconnects when the server comes up', async () => {
    const dirs = await copyCorpus();
    const port = await freePort();
    const server = await startAssistant({ dirs, env: { OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` } });

    // The offline index serves; the process did not exit.
    const ask = await server.post('/api/ask', { question: answerableQuestion() });
    expect(ask.status).toBe(200);
    expect(ask.body.found).toBe(true);
    expect(ask.body.mode).toBe('extractive');
    expect(ask.body.citations.length).toBeGreaterThan(0);

    const model = (await server.readyz()).model!;
    expect(model.state).toBe('down');
    expect(model.error).toBeTruthy();
    expect((await server.get('/readyz')).status).toBe(200);
    expect(server.log()).toMatch(/^Model: unreachable at start \(.+\); serving offline until it answers\.$/mu);
    await server.waitForLog(/^Model: attempt 1 to reconnect in 5 s\.$/u);
    // A failed retry is followed by the next, later one (capped exponential backoff).
    await server.waitForLog(/^Model: attempt 1 failed: /u, 60_000);
    await server.waitForLog(/^Model: attempt 2 to reconnect in 10 s\.$/u);
    expect(server.child.exitCode).toBeNull();
    expect((await server.readyz()).model!.state).toBe('down');

    // The model server comes up on the configured address: the next retry finds it.
    await fake.start(port);
    const up = await server.waitForComponent('model', (c) => c.state === 'ok', 90_000);
    expect(up.detail).toContain(`127.0.0.1:${port}`);
    expect(server.log()).toMatch(/^Model: connected; model embeddings and generative answers are on\.$/mu);
    const attempts = server.log().split('\n').filter((l) => /^Model: attempt \d+ to reconnect/u.test(l)).length;
    figure(`model server down at start: extractive answers meanwhile, /readyz model down (${model.error}); the fake came up on its port and attempt ${attempts} reconnected`);
    expect(fake.requests.some((r) => r.path === '/v1/embeddings')).toBe(true);
    const index = (await server.readyz()).index!;
    expect(index.state).toBe('ok');
    expect(index.detail).toMatch(/reconnected/u);

    // Answers go on (now with model embeddings) and the process keeps running.
    const after = await server.post('/api/ask', { question: answerableQuestion() });
    expect(after.status).toBe(200);
    expect(after.body.found).toBe(true);
    expect(server.child.exitCode).toBeNull();
  });
});
