// Composition root of `npm start`. The web console and HTTP API listen on HOST:PORT first; everything else
// comes up in the background and is reported on /readyz: the index (a stored one serves at once, even when it
// is out of date, while it is rebuilt beside it), the model (retried with backoff while the offline mode
// serves), Telegram (TELEGRAM_BOT_TOKEN; its webhook on the same server) and Slack (SLACK_BOT_TOKEN; its
// events at /slack/events in HTTP mode). SIGTERM or SIGINT: stop taking work, let answers in flight finish
// (within SHUTDOWN_MS), then exit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { loadEnv } from './cli/env.js';
import { runCli } from './cli/run.js';
import { loadConfig } from './config.js';
import type { Runtime } from './runtime.js';
import { createI18n, readLocales } from './i18n/i18n.js';
import { AppError, ConfigError } from './core/errors.js';
import { createWebApp, type ComponentState, type RawHandler } from './adapters/web/server.js';
import { SLACK_EVENTS_PATH } from './adapters/slack/events-path.js';
import { inBackground, startServing } from './serving.js';
import { openStore } from './store/open.js';
import { redactSecrets } from './core/redact.js';
import type { CorpusAnswerService } from './answer/service.js';

/** Longest wait for answers in flight after SIGTERM or SIGINT, before the process exits anyway. */
const SHUTDOWN_MS = 10_000;

loadEnv();
await runCli(async () => {
  const config = loadConfig(process.env);
  // Every log line passes through the redaction: an upstream error that echoes a key never reaches the log.
  const secrets = [config.openai?.apiKey, config.telegram?.token, config.telegram?.webhookSecret, config.slack?.token, config.slack?.signingSecret, config.slack?.appToken, config.web.adminToken];
  const log = (m: string) => process.stderr.write(`${redactSecrets(m, secrets)}\n`);
  // PostgreSQL with DATABASE_URL (replicas share every user's state), else SQLite under DATA_DIR.
  const store = await openStore(config, { log });
  log(`Opening the index (${config.openai ? 'model embeddings and generative answers' : 'embedded offline default'}) in the background…`);
  const live = startServing(config, { store, log });

  // The answer service the chat platforms use: whichever runtime serves now.
  const serving = (): Runtime => {
    const r = live.current();
    if (!r) throw new AppError('NOT_READY', 'The index is still being built.');
    return r;
  };
  const answers: CorpusAnswerService = {
    ask: (request) => serving().answers.ask(request),
    feedback: (...args) => serving().answers.feedback(...args),
    search: (...args) => serving().answers.search(...args),
  };
  const platformRuntime = async (): Promise<Runtime> => ({ ...(await live.ready), answers });

  // Platform endpoints exist from the start; until their front end is up they answer 503 (the platform
  // delivers again later).
  const routes: Record<string, RawHandler> = {};
  const mount = (path: string, handler: () => RawHandler | undefined) => {
    routes[path] = async (req: IncomingMessage, res: ServerResponse) => {
      const h = handler();
      if (h) return h(req, res);
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ error: { code: 'NOT_READY', message: 'This front end is still connecting.' } }));
    };
  };
  const rejectedToken = (error: unknown) => {
    const e = error as { error_code?: number; data?: { error?: string }; message?: string };
    if (e?.error_code === 401 || e?.error_code === 404) return 'the Bot API refused the token (401/404): check TELEGRAM_BOT_TOKEN.';
    if (['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'].includes(e?.data?.error ?? '')) return `Slack refused the token (${e.data!.error}): check SLACK_BOT_TOKEN.`;
    return null;
  };
  // (grammY and Bolt are loaded only for the front ends configured: a process without Slack never loads Bolt.)
  const telegram = config.telegram ? inBackground('Telegram', async () => (await import('./adapters/telegram/start.js')).startTelegram(config.telegram!, await platformRuntime(), log), { log, fatal: rejectedToken, after: live.ready }) : null;
  if (config.telegram?.webhookUrl) mount(new URL(config.telegram.webhookUrl).pathname, () => telegram?.get()?.webhook?.handle);
  const slack = config.slack ? inBackground('Slack', async () => (await import('./adapters/slack/start.js')).startSlack(config.slack!, await platformRuntime(), log), { log, fatal: rejectedToken, after: live.ready }) : null;
  if (config.slack && !config.slack.appToken) mount(SLACK_EVENTS_PATH, () => slack?.get()?.http?.handle);

  const components = (): Record<string, ComponentState> => ({
    ...(live.model() ? { model: live.model()! } : {}),
    telegram: telegram?.state() ?? { state: 'off', detail: 'TELEGRAM_BOT_TOKEN is not set' },
    slack: slack?.state() ?? { state: 'off', detail: 'SLACK_BOT_TOKEN is not set' },
  });
  const app = createWebApp({
    // The index parts come from `live` (below); these stand in until the first index serves.
    answers,
    retriever: { retrieve: (request) => serving().retriever.retrieve(request) },
    documents: [],
    chunks: [],
    i18n: await createI18n(),
    locales: readLocales(),
    store,
    routes,
    adminToken: config.web.adminToken,
    log,
    logStream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        process.stderr.write(redactSecrets(chunk.toString('utf8'), secrets));
        done();
      },
    }),
    logLevel: config.web.logLevel,
    components,
    indexState: live.index,
    live: () => {
      const r = live.current();
      return r ? { answers: r.answers, retriever: r.retriever, documents: r.index.documents.map((d) => d.document), chunks: r.index.chunks } : null;
    },
  });
  try {
    await app.listen({ port: config.web.port, host: config.web.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'EADDRINUSE' ? `Port ${config.web.port} on ${config.web.host} is in use: set PORT (or HOST) to a free one.` : `The web console cannot listen on ${config.web.host}:${config.web.port}: ${(error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.web.port;
  log(`Web console: http://${config.web.host}:${port}/  (Ctrl+C to stop; /readyz tells what is ready)`);
  void live.ready.then((r) => log(`Index: ${r.index.documents.length} documents, ${r.index.chunks.length} passages, serving.`)).catch(() => undefined);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: no new work is taken; answers in flight get up to ${SHUTDOWN_MS / 1000} s.`);
    const force = setTimeout(() => {
      log('Shutdown: answers still in flight after the bound; exiting.');
      process.exit(1);
    }, SHUTDOWN_MS);
    force.unref();
    live.stop();
    await Promise.allSettled([telegram?.stop(), slack?.stop()]);
    await app.close();
    await store.close();
    clearTimeout(force);
    log('Shutdown: done.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await new Promise(() => {});
  return 0;
});
