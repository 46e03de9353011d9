// Composition root of `npm start`: builds the index when it is missing or stale, then serves the web console
// and HTTP API on HOST:PORT, and starts the Telegram front end when TELEGRAM_BOT_TOKEN is set (its webhook,
// in webhook mode, on the same server), and the Slack front end when SLACK_BOT_TOKEN is set (its events, in
// HTTP mode, on the same server at /slack/events).
import { loadEnv } from './cli/env.js';
import { runCli } from './cli/run.js';
import { formatBuildReport } from './cli/index-report.js';
import { loadConfig } from './config.js';
import { createRuntime, webDeps } from './runtime.js';
import { ConfigError } from './core/errors.js';
import { createWebApp } from './adapters/web/server.js';
import { startTelegram, type TelegramFrontEnd } from './adapters/telegram/start.js';
import { startSlack, type SlackFrontEnd } from './adapters/slack/start.js';

loadEnv();
await runCli(async () => {
  const config = loadConfig(process.env);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  log(`Opening the index (${config.openai ? 'model embeddings and generative answers' : 'embedded offline default'})…`);
  const runtime = await createRuntime(config, { log });
  log(formatBuildReport(runtime.index, runtime.report).split('\n').slice(0, 2).join('\n'));
  const telegram: TelegramFrontEnd | null = config.telegram ? await startTelegram(config.telegram, runtime, log) : null;
  const routes: Record<string, NonNullable<TelegramFrontEnd['webhook']>['handle']> = {};
  if (telegram?.webhook) routes[telegram.webhook.path] = telegram.webhook.handle;
  const slack: SlackFrontEnd | null = config.slack ? await startSlack(config.slack, runtime, log) : null;
  if (slack?.http) routes[slack.http.path] = slack.http.handle;
  const app = createWebApp(webDeps(runtime, { routes, adminToken: config.web.adminToken, log, logStream: process.stderr, logLevel: config.web.logLevel }));
  try {
    await app.listen({ port: config.web.port, host: config.web.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'EADDRINUSE' ? `Port ${config.web.port} on ${config.web.host} is in use: set PORT (or HOST) to a free one.` : `The web console cannot listen on ${config.web.host}:${config.web.port}: ${(error as Error).message}`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.web.port;
  log(`Web console: http://${config.web.host}:${port}/  (Ctrl+C to stop)`);
  const stop = async () => {
    await telegram?.stop();
    await slack?.stop();
    await app.close();
    await runtime.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await new Promise(() => {});
  return 0;
});
