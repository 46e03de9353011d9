// The store's file deleted under the running server: the next write notices, says so on /readyz and in the
// log, and reopens a file at the path, so that what is written afterwards survives a restart; feedback on an
// answer the lost file held is refused (404), never a 200 into the void.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerableQuestion, copyCorpus, devQuestions, figure, killAll, startAssistant } from './harness.js';

describe('the SQLite store file deleted while serving (npm start as a child process)', () => {
  afterEach(killAll);

  it('is reported, reopened at the path, and what is written after the deletion is there after a restart', async () => {
    const dirs = await copyCorpus();
    const file = join(dirs.data, 'assistant.sqlite');
    const server = await startAssistant({ dirs });

    const before = await server.post('/api/ask', { question: answerableQuestion() });
    expect(before.status).toBe(200);
    expect((await server.post('/api/feedback', { answerId: before.body.id, helpful: false })).status).toBe(200);
    expect((await server.readyz()).store!.state).toBe('ok');

    for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    expect(existsSync(file)).toBe(false);

    // Feedback on the answer the deleted file held: not a silent 200.
    const lost = await server.post('/api/feedback', { answerId: before.body.id, helpful: true, comment: 'after the deletion' });
    expect(lost.status).not.toBe(200);
    expect(lost.status).toBe(404);
    expect(lost.body.error.code).toBe('NOT_FOUND');
    const store = (await server.readyz()).store!;
    expect(['down', 'degraded']).toContain(store.state);
    expect(store.error).toMatch(/deleted or replaced/u);
    expect(server.log()).toMatch(/^store: the store file .+assistant\.sqlite was deleted or replaced while running/mu);
    expect(existsSync(file)).toBe(true);
    figure(`SQLite file deleted while serving: feedback on an answer it held ${lost.status} ${lost.body.error.code}; /readyz store ${store.state}`);

    // Written after the deletion: a question and its feedback, in the reopened file.
    const after = await server.post('/api/ask', { question: devQuestions()[1] });
    expect(after.status).toBe(200);
    const feedback = await server.post('/api/feedback', { answerId: after.body.id, helpful: true, comment: 'kept after the deletion' });
    expect(feedback.status).toBe(200);
    expect(feedback.body).toEqual({ ok: true });
    expect(server.child.exitCode).toBeNull();

    expect(await server.stop()).toBe(0);
    const restarted = await startAssistant({ dirs });
    const report = await restarted.get('/api/report');
    expect(report.status).toBe(200);
    expect(report.body.total).toBe(1);
    expect(report.body.feedback).toEqual({ helpful: 1, notHelpful: 0 });
    expect(report.body.comments).toEqual([{ helpful: true, comment: 'kept after the deletion' }]);
    // The answer logged after the deletion is known to the restarted server; the one before it is not.
    expect((await restarted.post('/api/feedback', { answerId: after.body.id, helpful: false })).status).toBe(200);
    expect((await restarted.post('/api/feedback', { answerId: before.body.id, helpful: false })).status).toBe(404);
    expect((await restarted.readyz()).store!.state).toBe('ok');
  });
});
