import type { ComponentState } from './adapters/web/server.js';
import type { Config } from './config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import type { Store } from './store/store.js';
import { flaggedPassages, isHeldBack } from './ingest/instructions.js';

/** First wait before a background retry, and the longest (capped exponential backoff). */
export const RETRY_FIRST_MS = 5_000;
export const RETRY_MAX_MS = 5 * 60_000;

/** The wait before attempt `n` (1-based) of a background retry. */
export function backoff(attempt: number, first = RETRY_FIRST_MS, max = RETRY_MAX_MS): number {
  return Math.min(max, first * 2 ** Math.max(0, attempt - 1));
}

/**
 * The runtime `npm start` serves, which can change while it runs. The web console listens before any of it
 * is ready: a stored index (even a stale one) serves at once and is rebuilt in the background; without one,
 * the first build serves when it is done (until then the API says 503 and /readyz "starting"). With a model
 * configured but its server down, the offline runtime serves and the model is retried in the background
 * with capped backoff, one log line an attempt; it is swapped in when it answers.
 */
export interface LiveRuntime {
  /** The runtime serving now; null until the first index is ready. */
  current(): Runtime | null;
  /** Resolves with the first runtime that serves. */
  ready: Promise<Runtime>;
  /** The index's and the model's states, for /readyz. */
  index(): ComponentState;
  model(): ComponentState | null;
  /** Stops the background retries. */
  stop(): void;
}

/** Starts opening the index (and the model) in the background; see LiveRuntime. */
export function startServing(config: Config, options: RuntimeOptions & { store: Store; log: (message: string) => void }): LiveRuntime {
  const log = options.log;
  let runtime: Runtime | null = null;
  let indexState: ComponentState = { state: 'starting', detail: 'opening the index' };
  let modelState: ComponentState | null = config.openai ? { state: 'starting', detail: 'connecting to the model server' } : null;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const serve = (next: Runtime, why: string) => {
    runtime = next;
    const failures = next.report.failures;
    for (const f of failures) log(`Index: FAILED ${f.file}: ${f.error}`);
    // Passages that try to instruct the assistant are held back until staff clear them (corpus/cleared.json).
    const flagged = flaggedPassages(next.index);
    const held = next.index.chunks.filter((c) => isHeldBack(c)).length;
    for (const f of flagged) log(`Index: HELD BACK ${f.chunkId} (${f.reasons.join(', ')}): ${f.excerpt}`);
    const problems = [
      ...(failures.length ? [`${failures.length} document(s) failed to ingest: ${failures.map((f) => `${f.file} (${f.error})`).join('; ')}`] : []),
      ...(flagged.length ? [`${held} passage(s) held back as instructions to the assistant until cleared in corpus/cleared.json: ${flagged.map((f) => `${f.chunkId} (${f.reasons.join(', ')})`).join('; ')}`] : []),
    ];
    indexState = { state: problems.length ? 'degraded' : 'ok', detail: why, ...(problems.length ? { error: problems.join(' | ') } : {}) };
  };

  /** Serves `next`, then rebuilds its index in the background if it was stale, and swaps the result in. */
  const serveAndRefresh = async (next: Runtime, why: string) => {
    serve(next, why);
    if (!next.refresh) return;
    indexState = { ...indexState, detail: `serving the stored index while it is rebuilt (${next.report.stale ?? 'out of date'})` };
    try {
      const rebuilt = await next.refresh();
      if (stopped) return;
      if (rebuilt) serve(rebuilt, 'rebuilt in the background and swapped in');
      else indexState = { ...indexState, state: 'degraded', detail: 'the last good index kept serving', error: 'The rebuild was emptier than reason (documents/ empty or missing, or most documents failed): see the log.' };
    } catch (error) {
      indexState = { ...indexState, state: 'degraded', error: `The rebuild failed; the stored index keeps serving: ${(error as Error).message}` };
      log(`Index: the rebuild failed, the stored index keeps serving: ${(error as Error).message}`);
    }
  };

  const offline = (): Config => ({ ...config, openai: null });
  const ready = (async (): Promise<Runtime> => {
    if (!config.openai) {
      await serveAndRefresh(await createRuntime(config, { ...options, serveStale: true }), 'offline retrieval');
      return runtime!;
    }
    try {
      await serveAndRefresh(await createRuntime(config, { ...options, serveStale: true }), 'model embeddings');
      modelState = { state: 'ok', detail: config.openai.baseURL ?? 'OpenAI' };
      return runtime!;
    } catch (error) {
      modelState = { state: 'down', detail: 'serving offline retrieval and extractive answers; retrying in the background', error: (error as Error).message };
      log(`Model: unreachable at start (${(error as Error).message}); serving offline until it answers.`);
    }
    await serveAndRefresh(await createRuntime(offline(), { ...options, serveStale: true }), 'offline retrieval (the model server is down)');
    void (async () => {
      for (let attempt = 1; !stopped; attempt++) {
        const wait = backoff(attempt);
        log(`Model: attempt ${attempt} to reconnect in ${Math.round(wait / 1000)} s.`);
        await sleep(wait);
        if (stopped) return;
        try {
          const next = await createRuntime(config, { ...options, serveStale: false });
          if (stopped) return;
          serve(next, 'model embeddings (reconnected)');
          modelState = { state: 'ok', detail: config.openai!.baseURL ?? 'OpenAI' };
          log('Model: connected; model embeddings and generative answers are on.');
          return;
        } catch (error) {
          modelState = { ...modelState!, error: (error as Error).message };
          log(`Model: attempt ${attempt} failed: ${(error as Error).message}`);
        }
      }
    })();
    return runtime!;
  })();
  ready.catch((error: Error) => {
    indexState = { state: 'down', error: `The index could not be opened: ${error.message}` };
    log(`Index: could not be opened: ${error.message}`);
  });

  return {
    current: () => runtime,
    ready,
    index: () => indexState,
    model: () => modelState,
    stop: () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}

/** A front end started in the background (Telegram, Slack): its state, and how to stop it. */
export interface Background<T> {
  state(): ComponentState;
  /** The started front end, once it is. */
  get(): T | null;
  stop(): Promise<void>;
}

/**
 * Starts a front end in the background, retrying with capped backoff (one log line an attempt) until it
 * starts; an error `fatal` recognises (a rejected token) is one clear log line and the front end stays off.
 */
export function inBackground<T extends { stop(): Promise<void> }>(
  name: string,
  start: () => Promise<T>,
  options: { log: (message: string) => void; fatal?: (error: unknown) => string | null; after?: Promise<unknown>; firstMs?: number },
): Background<T> {
  let started: T | null = null;
  let state: ComponentState = { state: 'starting' };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  void (async () => {
    await options.after?.catch(() => undefined);
    for (let attempt = 1; !stopped; attempt++) {
      try {
        const value = await start();
        if (stopped) return void (await value.stop());
        started = value;
        state = { state: 'ok' };
        return;
      } catch (error) {
        const why = options.fatal?.(error) ?? null;
        if (why) {
          state = { state: 'off', error: why };
          options.log(`${name}: ${why} ${name} stays off; the web console and the other front ends keep serving.`);
          return;
        }
        const wait = backoff(attempt, options.firstMs);
        state = { state: 'down', error: (error as Error).message, detail: `attempt ${attempt} failed; retrying in ${Math.round(wait / 1000)} s` };
        options.log(`${name}: attempt ${attempt} failed (${(error as Error).message}); retrying in ${Math.round(wait / 1000)} s.`);
        await new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)));
      }
    }
  })();
  return {
    state: () => state,
    get: () => started,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await started?.stop();
    },
  };
}
