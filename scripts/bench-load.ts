// Second part of `npm run bench`: throughput and latency of POST /api/ask under 50 and 200 concurrent clients,
// against the web console and API served in this process (Fastify on 127.0.0.1, the offline runtime over the
// seed corpus, the SQLite store in a scratch folder, as `npm start` runs it). Each client sends the dev-set
// questions in turn, one at a time, until the run's requests are spent. The clients run in a worker thread:
// they share the server's CPU, not its event loop. Options: --requests N (asks a run, default 2000),
// --clients a,b (the concurrency of each run, default 50,200). Exits 1 when an ask was not answered 200.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { parseArgs } from '../src/cli/args.js';
import { loadConfig } from '../src/config.js';
import { createRuntime, webDeps } from '../src/runtime.js';
import { createWebApp } from '../src/adapters/web/server.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { readEvalFile } from '../src/eval/dataset.js';
import { DEFAULT_EVAL_FILE } from '../src/cli/eval.js';

loadEnv();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * The clients, in a worker thread of their own (its own event loop: clients sharing the server's loop would
 * measure that loop's scheduling, not the server). Plain JavaScript, run with `eval`.
 */
const CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, questions, clients, total } = workerData;
let next = 0;
const times = [];
const errors = {};
const client = async () => {
  for (let i = next++; i < total; i = next++) {
    const started = performance.now();
    try {
      const res = await fetch(base + '/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: questions[i % questions.length] }) });
      await res.arrayBuffer();
      if (res.status === 200) times.push(performance.now() - started);
      else errors[res.status] = (errors[res.status] || 0) + 1;
    } catch (error) {
      const key = (error.cause && error.cause.code) || error.message;
      errors[key] = (errors[key] || 0) + 1;
    }
  }
};
const started = performance.now();
Promise.all(Array.from({ length: clients }, client)).then(() => parentPort.postMessage({ wallMs: performance.now() - started, times, errors }));
`;

/** `clients` concurrent clients sending `total` asks in all: wall time, latencies of the 200s, other outcomes. */
async function run(base: string, questions: string[], clients: number, total: number): Promise<{ wallMs: number; times: number[]; errors: Record<string, number> }> {
  const worker = new Worker(CLIENTS, { eval: true, workerData: { base, questions, clients, total } });
  const result = await new Promise<{ wallMs: number; times: number[]; errors: Record<string, number> }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await worker.terminate();
  return { ...result, times: result.times.sort((a, b) => a - b) };
}

await runCli(async () => {
  // `npm run bench -- <options>` hands the options to the last command only, this one: scripts/bench.ts's are
  // accepted here, and said to have reached the wrong script.
  const benchOptions = ['size', 'queries', 'seed-index', 'skip-large', 'large-only'];
  const args = parseArgs(process.argv.slice(2), ['requests', 'clients', 'size', 'queries', 'seed-index'], ['skip-large', 'large-only']);
  const misplaced = benchOptions.filter((o) => args.flags.has(o) || args.switches.has(o));
  if (misplaced.length) console.log(`\n(${misplaced.map((o) => `--${o}`).join(', ')}: options of scripts/bench.ts, which npm run bench -- … does not pass it; run npx tsx scripts/bench.ts ${misplaced.map((o) => `--${o}`).join(' ')} for them.)`);
  const total = Number(args.flags.get('requests') ?? 2000);
  const levels = (args.flags.get('clients') ?? '50,200').split(',').map(Number);
  const questions = (await readEvalFile(DEFAULT_EVAL_FILE)).map((i) => i.question);
  const data = await mkdtemp(join(tmpdir(), 'bench-load-'));
  const config = loadConfig({ CORPUS_DIR: process.env.CORPUS_DIR ?? 'corpus', DATA_DIR: data });
  const store = new SqliteStore(join(data, 'assistant.sqlite'));
  const runtime = await createRuntime(config, { store });
  const app = createWebApp(webDeps(runtime));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    console.log(`\nload: POST /api/ask on the seed corpus (${runtime.index.documents.length} documents), web console served in this process, offline mode, SQLite store; ${questions.length} dev questions cycled, ${total} asks a run`);
    // Warm-up: each question once (the memos of a deployment that has seen its questions).
    await run(base, questions, 10, questions.length);
    for (const clients of levels) {
      const { wallMs, times, errors } = await run(base, questions, clients, total);
      const failed = Object.entries(errors).map(([k, n]) => `${n}× ${k}`).join(', ');
      console.log(
        `  ${String(clients).padStart(3)} concurrent clients: ${times.length} answers in ${(wallMs / 1000).toFixed(1)} s  (${((times.length / wallMs) * 1000).toFixed(0)} answers/s)  ` +
          `p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms${failed ? `  FAILED: ${failed}` : ''}`,
      );
      if (failed) process.exitCode = 1;
    }
    console.log(`  RSS after the runs: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    await app.close();
    await store.close();
    await rm(data, { recursive: true, force: true });
  }
  return Number(process.exitCode ?? 0);
});
