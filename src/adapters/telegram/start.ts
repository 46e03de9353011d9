import type { Bot } from 'grammy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../config.js';
import type { Runtime } from '../../runtime.js';
import { createTelegramBot, registerCommands, startPolling, startWebhook } from './bot.js';
import type { BotContext } from './context.js';

/** How long one start-up attempt waits for the Bot API's getMe. */
export const START_DEADLINE_MS = 10_000;

/** A started Telegram front end: its bot, how to stop it, and (in webhook mode) the route to mount. */
export interface TelegramFrontEnd {
  bot: Bot<BotContext>;
  stop(): Promise<void>;
  webhook?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
}

/**
 * Starts the Telegram front end from the configuration: registers the command menus, then long polling, or,
 * with WEBHOOK_URL, a webhook whose handler the caller mounts on its HTTP server at the URL's path (a raw
 * node:http handler for the unread request; it writes the response itself, at most `WEBHOOK_ACK_MS` after).
 */
export async function startTelegram(config: NonNullable<Config['telegram']>, runtime: Runtime, log: (m: string) => void): Promise<TelegramFrontEnd> {
  const bot = createTelegramBot(
    config.token,
    { answers: runtime.answers, i18n: runtime.i18n, store: runtime.store, documents: runtime.index.documents.map((d) => d.document), allowedChatIds: config.allowedChatIds, log },
    { apiRoot: config.apiRoot },
  );
  // At start a network that fails is retried by the caller (with backoff and a log line an attempt), so one
  // attempt gets a short bound, and says what it was waiting for.
  try {
    await bot.init(AbortSignal.timeout(START_DEADLINE_MS) as never);
  } catch (error) {
    if ((error as { error_code?: number }).error_code) throw error;
    throw new Error(`the Bot API at ${config.apiRoot ?? 'https://api.telegram.org'} did not answer getMe within ${START_DEADLINE_MS / 1000} s (${(error as Error).message}); check the network or TELEGRAM_API_ROOT`);
  }
  await registerCommands(bot, runtime.i18n).catch((e: Error) => log(`telegram: setMyCommands failed: ${e.message}`));
  if (config.webhookUrl) {
    const handle = await startWebhook(bot, config.webhookUrl, config.webhookSecret, log);
    log(`Telegram: @${bot.botInfo.username} receives updates at ${config.webhookUrl}`);
    return { bot, webhook: { path: new URL(config.webhookUrl).pathname, handle }, stop: async () => undefined };
  }
  await bot.api.deleteWebhook();
  const runner = startPolling(bot);
  log(`Telegram: @${bot.botInfo.username} is polling for updates`);
  return { bot, stop: async () => (runner.isRunning() ? runner.stop() : undefined) };
}
