// Entry point of `npm run telegram`: the Telegram front end alone (long polling, or a webhook with WEBHOOK_URL).
import { once } from 'node:events';
import { createServer } from 'node:http';
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
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
  if (telegram.webhook) {
    const { path, handle } = telegram.webhook;
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url?.split('?')[0] === path) return void handle(req, res).catch(() => res.writeHead(500).end());
      res.writeHead(404).end();
    });
    server.listen(config.web.port, config.web.host);
    await once(server, 'listening');
    log(`Webhook listening on http://${config.web.host}:${config.web.port}${path}`);
  }
  await new Promise(() => {});
  return 0;
});
