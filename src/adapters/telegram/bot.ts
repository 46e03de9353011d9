import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback, type BotConfig } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LANGUAGES, type Language } from '../../core/languages.js';
import type { Translator } from '../../i18n/i18n.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { RecentAnswers, type BotContext, type TelegramDeps } from './context.js';
import { allowlist } from './features/allowlist.js';
import { features } from './features/index.js';
import { resolveLanguage } from './features/language.js';

/** Options of the Telegram bot: where the Bot API is, and (in tests) the bot's identity. */
export interface TelegramOptions {
  /** Root of a self-hosted Bot API server (TELEGRAM_API_ROOT); Telegram's when undefined. */
  apiRoot?: string;
  botInfo?: UserFromGetMe;
}

/**
 * Creates the Telegram bot: grammY with auto-retry on 429 and 5xx, updates handled in order within each chat
 * (and concurrently across chats under the runner), the reader's language resolved per update, the allowlist,
 * the features registered in one list, and one error boundary that logs and apologises in the reader's
 * language. Platform types stay inside this adapter: it talks to the rest through `deps`.
 *
 * @example
 * const bot = createTelegramBot(process.env.TELEGRAM_BOT_TOKEN, { answers, i18n, store, documents });
 */
export function createTelegramBot(token: string, deps: TelegramDeps, options: TelegramOptions = {}): Bot<BotContext> {
  const config: BotConfig<BotContext> = { client: options.apiRoot ? { apiRoot: options.apiRoot } : {} };
  if (options.botInfo) config.botInfo = options.botInfo;
  const bot = new Bot<BotContext>(token, config);
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  const recent = new RecentAnswers();
  const limiter = new RateLimiter(deps.questionsPerMinute ?? 12);

  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.recent = recent;
    ctx.limiter = limiter;
    await next();
  });
  bot.use(resolveLanguage);
  bot.use(allowlist);
  for (const feature of features) bot.use(feature);
  // Catch-all, last on purpose: other updates (edits, channel posts, member changes) need no reply.
  bot.use(() => undefined);

  bot.catch(async (error) => {
    deps.log?.(`telegram: update ${error.ctx.update.update_id} failed: ${(error.error as Error)?.message ?? String(error.error)}`);
    const ctx = error.ctx;
    if (ctx.chat) await ctx.reply(deps.i18n.t(ctx.lang ?? 'en', 'bot.error')).catch(() => undefined);
  });
  return bot;
}

/** Telegram's language codes (ISO 639-1) for our languages; Tetum has none, Chinese only one. */
const TELEGRAM_CODES: Partial<Record<Language, string>> = {
  'zh-Hans': 'zh', th: 'th', vi: 'vi', id: 'id', ms: 'ms', km: 'km', lo: 'lo', my: 'my', fil: 'tl', ta: 'ta', pt: 'pt',
};

/** The command menu, registered with setMyCommands in English (the default) and in every language Telegram can name. */
export async function registerCommands(bot: Bot<BotContext>, i18n: Translator): Promise<void> {
  const commands = (lang: Language) =>
    ['start', 'help', 'lang', 'fields', 'sources', 'ask'].map((command) => ({ command, description: i18n.t(lang, `bot.command${command[0]!.toUpperCase()}${command.slice(1)}`) }));
  await bot.api.setMyCommands(commands('en'));
  for (const lang of LANGUAGES) {
    const code = TELEGRAM_CODES[lang];
    if (code) await bot.api.setMyCommands(commands(lang), { language_code: code as never });
  }
}

/** Starts long polling with @grammyjs/runner (concurrent across chats, in order within a chat). */
export function startPolling(bot: Bot<BotContext>): RunnerHandle {
  return run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] } } });
}

/**
 * Webhook mode: registers `url` with Telegram together with a secret, and returns the node:http handler that
 * answers Telegram's requests, refusing any request without that secret in its X-Telegram-Bot-Api-Secret-Token header.
 */
export async function startWebhook(bot: Bot<BotContext>, url: string, secretToken: string): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  await bot.init();
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: ['message', 'callback_query'] });
  return webhookHandler(bot, secretToken);
}

/** The node:http handler of webhook updates; a request without the right secret header gets 401. */
export function webhookHandler(bot: Bot<BotContext>, secretToken: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const handle = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return', timeoutMilliseconds: 55_000 });
  return async (req, res) => {
    await handle(req, res);
  };
}
