import { mkdtemp } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/adapters/shared/rate-limit.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ConfigError, StoreError } from '../../src/core/errors.js';
import type { Answer } from '../../src/core/types.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { openStore } from '../../src/store/open.js';
import { createPostgresPool, MIGRATIONS, PostgresStore } from '../../src/store/postgres-store.js';
import { MemoryStore, type UsageReport } from '../../src/store/store.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { usePostgres } from '../helpers/postgres.js';
import { startWeb } from '../helpers/web.js';
import { exerciseStore } from './contract.js';

const postgres = usePostgres();

const versions = MIGRATIONS.map((m) => m.version);

async function migrationRows(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL store', () => {
  it('passes the store contract, and keeps everything across reopening', async () => {
    const store = await PostgresStore.open(postgres.server().url);
    await exerciseStore(store);
    await store.close();
    const again = await PostgresStore.open(postgres.server().url);
    expect(await again.getLanguage('telegram:1')).toBe('lo');
    expect((await again.report()).total).toBe(3);
    expect((await again.recentTurns('web:c2')).map((t) => t.question)).toEqual(['q99']);
    expect(await again.health()).toEqual({ state: 'ok', kind: 'postgres' });
    await again.close();
  });

  it('applies its migrations once, in order, also when two replicas start at the same moment', async () => {
    const url = await postgres.server().createDatabase();
    const a = new PostgresStore(createPostgresPool(url));
    const b = new PostgresStore(createPostgresPool(url));
    const [byA, byB] = await Promise.all([a.migrate(), b.migrate()]);
    // One of them applied everything, the other waited on the lock and found it done.
    expect([byA, byB].sort((x, y) => y.length - x.length)).toEqual([versions, []]);
    expect(await a.migrate()).toEqual([]);
    expect(await migrationRows(url)).toEqual(versions);
    await a.setLanguage('web:m', 'km');
    expect(await b.getLanguage('web:m')).toBe('km');
    await Promise.all([a.close(), b.close()]);
  });

  it('counts a rate limit once across stores taking from one bucket at the same moment', async () => {
    const url = await postgres.server().createDatabase();
    const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]);
    const now = 9_000_000;
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).takeToken('rate:burst', 5, now)));
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    expect(decisions.filter((d) => d.warn)).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('openStore', () => {
  const base = async (): Promise<Pick<Config, 'dataDir' | 'databaseUrl'>> => ({ dataDir: await mkdtemp(join(tmpdir(), 'open-store-')) });

  it('opens PostgreSQL when DATABASE_URL is set (migrations applied), else SQLite in DATA_DIR, or memory when asked', async () => {
    const url = await postgres.server().createDatabase();
    const shared = await openStore({ ...(await base()), databaseUrl: url });
    expect(shared).toBeInstanceOf(PostgresStore);
    expect(await migrationRows(url)).toEqual(versions);
    expect((await shared.health()).kind).toBe('postgres');
    await shared.close();
    const sqlite = await openStore(await base());
    expect((await sqlite.health()).kind).toBe('sqlite');
    await sqlite.close();
    expect(await openStore({ ...(await base()), databaseUrl: url }, { memory: true })).toBeInstanceOf(MemoryStore);
  });

  it('tries an unreachable server a few times, then fails in one line that names it without its password', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const lines: string[] = [];
    const url = `postgres://assistant:s3cret-Passw0rd@127.0.0.1:${closed}/assistant`;
    const error = await openStore({ ...(await base()), databaseUrl: url }, { log: (m) => lines.push(m), retry: { attempts: 3, firstDelayMs: 10 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const message = (error as StoreError).message;
    expect(message).toMatch(new RegExp(`^Cannot reach PostgreSQL at postgres://assistant:\\*\\*\\*@127\\.0\\.0\\.1:${closed}/assistant after 3 attempts: .*ECONNREFUSED.*DATABASE_URL`, 'u'));
    expect(message).not.toContain('\n');
    expect(lines.filter((l) => l.includes('trying again'))).toHaveLength(2);
    expect([message, ...lines].join('\n')).not.toContain('s3cret-Passw0rd');
  });

  it('does not retry a server that refuses (no such database), and says what to check', async () => {
    const url = new URL(postgres.server().url);
    url.pathname = '/no_such_database';
    const lines: string[] = [];
    const error = await openStore({ ...(await base()), databaseUrl: url.toString() }, { log: (m) => lines.push(m), retry: { attempts: 5, firstDelayMs: 10_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/refused to open the store: .*no_such_database.*Check DATABASE_URL/u);
    expect(lines.filter((l) => l.includes('trying again'))).toEqual([]);
  });

  it('DATABASE_URL must be a postgres:// or postgresql:// URL; a bad value fails at start saying how to fix it', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db.example.org:5432/assistant' }).databaseUrl).toBe('postgresql://u:p@db.example.org:5432/assistant');
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example.org/assistant' }).databaseUrl).toBe('postgres://db.example.org/assistant');
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://u:secret-pw@db.example.org/assistant', 'db.example.org:5432', 'postgres://']) {
      expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(/DATABASE_URL must be a PostgreSQL URL such as postgres:\/\//u);
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:secret-pw@db.example.org/assistant' })).not.toThrow(/secret-pw/u);
  });
});

/** A round-robin HTTP proxy on 127.0.0.1: request n goes to targets[n % targets.length], marked x-replica. */
async function roundRobin(targets: { name: string; base: string }[]): Promise<{ base: string; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    const target = targets[n++ % targets.length]!;
    const upstream = httpRequest(new URL(req.url ?? '/', target.base), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-replica': target.name });
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('two replicas behind one address, each with its own PostgresStore on one database', () => {
  let replicas: Runtime[] = [];
  let webs: { close: () => Promise<void> }[] = [];
  let proxy: { base: string; close: () => Promise<void> };
  const call = async (path: string, body?: unknown): Promise<{ replica: string; status: number; json: unknown }> => {
    const res = await fetch(`${proxy.base}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { replica: res.headers.get('x-replica') ?? '', status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    if (!postgres.ready()) return; // Each test fails with the reason.
    const databaseUrl = await postgres.server().createDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'replicas-'));
    const config: Config = { openai: null, corpusDir: CORPUS_DIR, dataDir, databaseUrl, logQuestions: true, web: { host: '127.0.0.1', port: 0 } };
    // The second replica finds the index the first one built; each opens its own store (openStore: DATABASE_URL).
    for (let i = 0; i < 2; i++) replicas.push(await createRuntime(config));
    const started = await Promise.all(replicas.map((r) => startWeb(r)));
    webs = started;
    proxy = await roundRobin(started.map((s, i) => ({ name: 'AB'[i]!, base: s.base })));
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all(webs.map((w) => w.close()));
    await Promise.all(replicas.map((r) => r.store.close()));
  });

  it('each replica has its own PostgreSQL store', () => {
    expect(replicas.map((r) => r.store instanceof PostgresStore)).toEqual([true, true]);
    expect(replicas[0]!.store).not.toBe(replicas[1]!.store);
  });

  it('follows up on B a conversation started on A', async () => {
    const conversationId = 'replicas-conversation-1';
    const first = await call('/api/ask', { question: 'What does item 4 of the Innovation Road initiative say?', conversationId });
    expect(first).toMatchObject({ replica: 'A', status: 200, json: { found: true, kind: 'quote' } });
    const chunks = replicas[0]!.index.chunks;
    const quoted = chunks.find((c) => c.id === (first.json as Answer).citations[0]!.chunkId)!;
    expect(quoted.itemNumber).toBe(4);
    const list = quoted.sectionPath.slice(0, -1).join('>');
    const fifth = chunks.find((c) => c.docId === quoted.docId && c.itemNumber === 5 && c.sectionPath.slice(0, -1).join('>') === list)!;
    expect(fifth).toBeDefined();

    const next = await call('/api/ask', { question: 'and the next item?', conversationId });
    expect(next).toMatchObject({ replica: 'B', status: 200, json: { found: true, kind: 'quote' } });
    const answer = next.json as Answer;
    expect(answer.citations[0]!.chunkId).toBe(fifth.id);
    expect(answer.text).toContain(fifth.text);
  });

  it('stores feedback given on B for an answer given by A, and reports the same from both', async () => {
    const asked = await call('/api/ask', { question: 'Where was the 6th China-ASEAN technology transfer conference held?' });
    expect(asked).toMatchObject({ replica: 'A', status: 200, json: { found: true } });
    const feedback = await call('/api/feedback', { answerId: (asked.json as Answer).id, helpful: false, comment: 'Please add the venue of the 7th conference', userId: 'replicas-u1' });
    expect(feedback).toMatchObject({ replica: 'B', status: 200, json: { ok: true } });

    const fromA = await call('/api/report');
    const fromB = await call('/api/report');
    expect([fromA.replica, fromB.replica]).toEqual(['A', 'B']);
    expect(fromB.json).toEqual(fromA.json);
    const report = fromA.json as UsageReport;
    expect(report.total).toBe(3);
    expect(report.feedback).toEqual({ helpful: 0, notHelpful: 1 });
    expect(report.comments).toEqual([{ helpful: false, comment: 'Please add the venue of the 7th conference' }]);
  });

  it('counts on B a rate limit taken on A', async () => {
    const [onA, onB] = replicas.map((r) => new RateLimiter(2, r.store));
    const t0 = 7_000_000;
    expect([(await onA!.take('web:replicas-u2', t0)).ok, (await onA!.take('web:replicas-u2', t0)).ok]).toEqual([true, true]);
    expect(await onB!.take('web:replicas-u2', t0)).toEqual({ ok: false, warn: true });
    expect(await onA!.take('web:replicas-u2', t0 + 1000)).toEqual({ ok: false, warn: false });
    // Half a minute refills one question, taken on B: then A must wait again.
    expect((await onB!.take('web:replicas-u2', t0 + 30_000)).ok).toBe(true);
    expect((await onA!.take('web:replicas-u2', t0 + 30_000)).ok).toBe(false);
    // Another user's bucket is apart.
    expect((await onB!.take('web:replicas-u3', t0)).ok).toBe(true);
  });
});

// Last: it stops the server.
describe('the PostgreSQL store while its server is down', () => {
  it('rejects a write with StoreError and says down; says degraded once back, and ok after a write succeeds', async () => {
    const lines: string[] = [];
    const store = await PostgresStore.open(postgres.server().url, { log: (m) => lines.push(m) });
    await store.setLanguage('web:outage', 'th');
    await postgres.server().stop();
    try {
      await expect(store.setLanguage('web:outage', 'km')).rejects.toBeInstanceOf(StoreError);
      await expect(store.takeToken('rate:outage', 2)).rejects.toThrow(/could not count a question for the rate limit/u);
      await expect(store.getLanguage('web:outage')).rejects.toBeInstanceOf(StoreError);
      const down = await store.health();
      expect(down).toMatchObject({ state: 'down', kind: 'postgres', error: expect.any(String) });
      expect(down.error).not.toBe('');
      expect(lines.join('\n')).toMatch(/store: save a language choice failed/u);
    } finally {
      await postgres.server().start();
    }
    // Back: the failed write is still reported until a write succeeds.
    expect(await store.health()).toMatchObject({ state: 'degraded', error: expect.stringMatching(/count a question for the rate limit failed/u) });
    expect(await store.getLanguage('web:outage')).toBe('th');
    await store.setLanguage('web:outage', 'km');
    expect(await store.getLanguage('web:outage')).toBe('km');
    expect(await store.health()).toEqual({ state: 'ok', kind: 'postgres' });
    await store.close();
  });
});
