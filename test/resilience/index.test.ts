// The index across restarts: the last good index keeps serving when documents/ is emptied or removed, and a
// process killed (SIGKILL) while saving the index leaves nothing behind that the next start does not clean up.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerableQuestion, copyCorpus, figure, killAll, startAssistant, type Assistant, type Dirs } from './harness.js';

/** Starts, checks the index was built and serves, stops with SIGTERM (exit 0). */
async function buildOnce(dirs: Dirs): Promise<number> {
  const first = await startAssistant({ dirs });
  const health = await first.get('/healthz');
  expect(await first.stop()).toBe(0);
  expect(existsSync(join(dirs.data, 'index', 'manifest.json'))).toBe(true);
  return health.body.documents as number;
}

/** What a restart over a documents/ folder that lost its files must show: the old index, kept and said so. */
async function expectLastGoodKept(server: Assistant, documents: number): Promise<void> {
  await server.waitForLog(/^Keeping the last good index \(\d+ documents\): /u);
  expect(server.log()).toMatch(new RegExp(`^Keeping the last good index \\(${documents} documents\\): the rebuild found no documents`, 'mu'));
  const health = await server.get('/healthz');
  expect(health.body.documents).toBe(documents);
  const index = await server.waitForComponent('index', (c) => c.state !== 'ok', 30_000);
  expect(index.state).toBe('degraded');
  expect(`${index.detail} ${index.error}`).toMatch(/last good|kept/u);
  expect((await server.get('/readyz')).status).toBe(200);
  const ask = await server.post('/api/ask', { question: answerableQuestion() });
  expect(ask.status).toBe(200);
  expect(ask.body.found).toBe(true);
}

describe('the last good index (npm start as a child process)', () => {
  afterEach(killAll);

  it('documents/ emptied between runs: the stored index keeps serving all its documents, degraded, and says why', async () => {
    const dirs = await copyCorpus();
    const documents = await buildOnce(dirs);
    expect(documents).toBe(5);
    const docs = join(dirs.corpus, 'documents');
    const away = join(dirs.root, 'moved-away');
    await mkdir(away);
    for (const name of await readdir(docs)) await rename(join(docs, name), join(away, name));
    expect(await readdir(docs)).toEqual([]);

    const server = await startAssistant({ dirs });
    await expectLastGoodKept(server, documents);
    // The kept index is still the stored one: a second restart serves it too.
    expect(await server.stop()).toBe(0);
    const again = await startAssistant({ dirs });
    expect((await again.get('/healthz')).body.documents).toBe(documents);
  });

  it('documents/ removed entirely between runs: the same', async () => {
    const dirs = await copyCorpus();
    const documents = await buildOnce(dirs);
    await rm(join(dirs.corpus, 'documents'), { recursive: true });

    const server = await startAssistant({ dirs });
    await expectLastGoodKept(server, documents);
    expect(server.log()).not.toMatch(/^\s+at /mu);
  });
});

describe('SIGKILL while the index is saved', () => {
  afterEach(killAll);

  it('the next start serves and removes the index.tmp-* / index.old-* folders the killed save left', async () => {
    const leftovers = (data: string) => (existsSync(data) ? readdirSync(data).filter((n) => /^index\.(tmp|old)-/u.test(n)) : []);
    const dirs = await copyCorpus();
    // The save is short: poll the data folder fast, and kill as soon as its temporary folder appears. A kill
    // that came after the rename (nothing left behind) is tried again, on a fresh data folder.
    let left: string[] = [];
    for (let attempt = 1; attempt <= 5 && !left.length; attempt++) {
      await rm(dirs.data, { recursive: true, force: true });
      const server = await startAssistant({ dirs, waitUntil: 'none' });
      let killed = false;
      while (!killed && server.child.exitCode === null && !/^Index: \d+ documents/mu.test(server.log())) {
        if (leftovers(dirs.data).length) {
          server.child.kill('SIGKILL');
          killed = true;
        } else await new Promise((r) => setImmediate(r));
      }
      expect(await (killed ? server.exited : server.stop())).toBe(killed ? 'SIGKILL' : 0);
      left = leftovers(dirs.data);
    }
    expect(left.length).toBeGreaterThan(0);
    figure(`SIGKILL during the index save left ${left.join(', ')}`);

    const server = await startAssistant({ dirs });
    for (const name of left) expect(server.log()).toContain(`Removed ${name}, left behind by an interrupted index save.`);
    expect(leftovers(dirs.data)).toEqual([]);
    expect((await server.get('/healthz')).body.documents).toBe(5);
    const ask = await server.post('/api/ask', { question: answerableQuestion() });
    expect(ask.status).toBe(200);
    expect(ask.body.found).toBe(true);
    expect((await server.readyz()).index!.state).toBe('ok');
    // The index it serves was stored whole: the next start loads it without a rebuild.
    expect(await server.stop()).toBe(0);
    const again = await startAssistant({ dirs });
    await again.waitForLog(/^Index: 5 documents, \d+ passages, serving\.$/u);
    expect(again.log()).not.toMatch(/^Rebuilding the index/mu);
    expect(leftovers(dirs.data)).toEqual([]);
  });
});
