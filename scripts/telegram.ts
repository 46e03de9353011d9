// Entry point of `npm run telegram`: the Telegram front end alone (long polling, or a webhook with WEBHOOK_URL).
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { serveRoute } from '../src/cli/serve-route.js';
import { ConfigError } from '../src/core/errors.js';
import { createRuntime } from '../src/runtime.js';
import { startTelegram } from '../src/adapters/telegram/start.js';

loadEnv();
await runCli(async () => {
  const config = loadConfig(process.env);
  if (!config.telegram) throw new ConfigError('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env (see README).');
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const runtime = await createRuntime(config, { log });
  const telegram = await startTelegram(config.telegram, runtime, log);
  if (telegram.webhook) await serveRoute(telegram.webhook.path, telegram.webhook.handle, config.web.host, config.web.port, log);
  await new Promise(() => {});
  return 0;
});
