// The resilience suite's harness: the real `npm start` server (src/main.ts) as a child process on a port of
// 127.0.0.1 the test picks, over a scratch copy of the corpus, with its stderr kept for assertions and its
// /healthz and /readyz polled. Waits are bounded polls on behaviour (a log line, a state), never on time.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { copyCorpus } from '../helpers/corpus.js';

/** The repository root (the child's working directory). */
export const ROOT = resolve(import.meta.dirname, '../..');

/** Where the suite's figures are gathered (emptied by global-setup.ts; .ci/run prints it after the tests). */
export const FIGURES_FILE = resolve(ROOT, 'test-results/resilience-figures.txt');

/** Prints one of the suite's figures (latencies, memory, what a fault left), and keeps it for the CI summary. */
export function figure(line: string): void {
  console.log(`[resilience] ${line}`);
  mkdirSync(resolve(FIGURES_FILE, '..'), { recursive: true });
  appendFileSync(FIGURES_FILE, `${line}\n`);
}

/** A port of 127.0.0.1 that was free a moment ago (nothing listens on it until someone does). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** Whether a port of 127.0.0.1 can be listened on now (nothing holds it). */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((ok) => server.once('error', () => ok(false)).listen(port, '127.0.0.1', () => ok(true)));
  if (free) await new Promise<void>((ok) => server.close(() => ok()));
  return free;
}

/** Polls `probe` until it returns a value that is not undefined/false; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Scratch folders for one server: a copy of the corpus and an empty data folder. */
export type Dirs = Awaited<ReturnType<typeof copyCorpus>>;
export { copyCorpus };

/** One component as /readyz reports it. */
export interface Component {
  state: 'ok' | 'starting' | 'degraded' | 'down' | 'off';
  detail?: string;
  error?: string;
}

/** A response of the server: status and parsed JSON body (null when the body is not JSON). */
export interface Reply<T = any> {
  status: number;
  body: T;
}

/** The assistant running as a child process. */
export interface Assistant {
  port: number;
  base: string;
  child: ChildProcess;
  pid: number;
  /** Everything the process wrote to stderr and stdout so far. */
  log(): string;
  /** Resolves with the exit code (or the signal's name) when the process has exited. */
  exited: Promise<number | string>;
  get(path: string): Promise<Reply>;
  post(path: string, body: unknown): Promise<Reply>;
  readyz(): Promise<Record<string, Component>>;
  /** Waits until a log line matches. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until /readyz reports `component` in a state `accept` approves of; returns it. */
  waitForComponent(component: string, accept: (c: Component) => boolean, timeoutMs?: number): Promise<Component>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Options of startAssistant: the scratch folders, the environment on top of a clean one, the command. */
export interface StartOptions {
  dirs: Dirs;
  env?: Record<string, string>;
  port?: number;
  /** `npm start` instead of `node --import tsx src/main.ts`. */
  npm?: boolean;
  /** Wait until /healthz reports documents (default), only until the console listens, or not at all. */
  waitUntil?: 'serving' | 'listening' | 'none';
}

const started = new Set<ChildProcess>();
// A test that fails half-way still leaves no server behind.
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** Kills (SIGKILL) every server this file started that is still running (call it in afterEach/afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGKILL');
        await gone;
      }
      started.delete(child);
    }),
  );
}

/**
 * Starts the assistant on a free port of 127.0.0.1 (or `options.port`) with DATA_DIR and CORPUS_DIR in the
 * scratch folders. Every variable a `.env` file could set is given (empty unless the test sets it), so that
 * the server sees the test's environment and nothing else.
 */
export async function startAssistant(options: StartOptions): Promise<Assistant> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: options.dirs.data,
    CORPUS_DIR: options.dirs.corpus,
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    DATABASE_URL: '',
    ADMIN_TOKEN: '',
    TELEGRAM_BOT_TOKEN: '',
    TELEGRAM_API_ROOT: '',
    WEBHOOK_URL: '',
    SLACK_BOT_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    SLACK_APP_TOKEN: '',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const [command, args] = options.npm ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | string>((ok) => child.once('exit', (code, signal) => ok(code ?? signal ?? -1)));
  const base = `http://127.0.0.1:${port}`;
  const request = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed };
  };
  const alive = () => child.exitCode === null && child.signalCode === null;
  const assistant: Assistant = {
    port,
    base,
    child,
    pid: child.pid!,
    log: () => output,
    exited,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    readyz: async () => (await request('GET', '/readyz')).body.components,
    waitForLog: (pattern, timeoutMs = 120_000) =>
      waitFor(`a log line matching ${pattern}\n--- log so far ---\n${output.slice(-3000)}`, () => {
        const line = output.split('\n').find((l) => pattern.test(l));
        if (line) return line;
        if (!alive()) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) first:\n${output.slice(-3000)}`);
        return undefined;
      }, timeoutMs),
    waitForComponent: (component, accept, timeoutMs = 120_000) =>
      waitFor(`/readyz ${component} to change`, async () => {
        if (!alive()) throw new Error(`the server exited first:\n${output.slice(-3000)}`);
        const c = (await assistant.readyz())[component];
        return c && accept(c) ? c : undefined;
      }, timeoutMs, 250),
    stop: async (signal = 'SIGTERM') => {
      if (alive()) child.kill(signal);
      return exited;
    },
  };
  const until = options.waitUntil ?? 'serving';
  if (until !== 'none') {
    await waitFor(`the server to ${until === 'serving' ? 'serve an index' : 'listen'} on ${base}\n--- log ---\n`, async () => {
      if (!alive()) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      const health = await request('GET', '/healthz');
      return health.status === 200 && (until === 'listening' || health.body.documents > 0);
    }, 120_000, 100).catch((error: Error) => {
      throw new Error(`${error.message}\n--- log ---\n${output.slice(-4000)}`);
    });
  }
  return assistant;
}

/** The server's resident set size in kB, from /proc/<pid>/status (Linux). */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/mu.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

/** The questions of the dev set (test/eval/dev.jsonl), in file order; those of one language when given. */
export function devQuestions(lang?: string): string[] {
  return readFileSync(resolve(ROOT, 'test/eval/dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { question: string; lang: string })
    .filter((item) => !lang || item.lang === lang)
    .map((item) => item.question);
}

/** The p-th percentile (nearest rank) of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A question of the seed corpus the offline mode answers (found), taken from the dev set's first item. */
export function answerableQuestion(): string {
  return devQuestions()[0]!;
}
