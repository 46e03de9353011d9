// Entry point of `npm run slack`: the Slack front end alone (HTTP mode on HOST:PORT, or Socket Mode).
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { serveRoute } from '../src/cli/serve-route.js';
import { ConfigError } from '../src/core/errors.js';
import { createRuntime } from '../src/runtime.js';
import { startSlack } from '../src/adapters/slack/start.js';

loadEnv();
await runCli(async () => {
  const config = loadConfig(process.env);
  if (!config.slack) throw new ConfigError('SLACK_BOT_TOKEN is not set: create the app from slack-app-manifest.yml and put its tokens in .env (see README).');
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const runtime = await createRuntime(config, { log });
  const slack = await startSlack(config.slack, runtime, log);
  if (slack.http) await serveRoute(slack.http.path, slack.http.handle, config.web.host, config.web.port, log);
  await new Promise(() => {});
  return 0;
});
