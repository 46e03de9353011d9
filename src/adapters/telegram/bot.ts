import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, type BotConfig, type BotError, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { LANGUAGES, type Language } from '../../core/languages.js';
import type { Translator } from '../../i18n/i18n.js';
import { RateLimiter } from '../shared/rate-limit.js';
import type { BotContext, TelegramDeps } from './context.js';
import { RecentAnswers } from '../shared/recent-answers.js';
import { allowlist } from './features/allowlist.js';
import { features } from './features/index.js';
import { resolveLanguage } from './features/language.js';
import { recentUpdateIds, skipRedelivered } from './features/redelivery.js';

export { startWebhook, webhookHandler, WEBHOOK_ACK_MS, type WebhookHandler } from './webhook.js';

/** Retries of a Bot API call that Telegram refused with 429 (retry_after) or 5xx, after the first attempt. */
export const API_RETRY_ATTEMPTS = 3;
/** The longest retry_after, in seconds, worth waiting for; a call asked to wait longer fails at once. */
export const API_MAX_RETRY_DELAY_SECONDS = 20;
/** The longest one Bot API call (long polling aside) may take with all its retries, network failures included, in ms. */
export const API_CALL_DEADLINE_MS = 60_000;

/** Options of the Telegram bot: where the Bot API is, and (in tests) the bot's identity. */
export interface TelegramOptions {
  /** Root of a self-hosted Bot API server (TELEGRAM_API_ROOT); Telegram's when undefined. */
  apiRoot?: string;
  botInfo?: UserFromGetMe;
  /** The longest one Bot API call may take with its retries, in ms (API_CALL_DEADLINE_MS when undefined). */
  apiCallDeadlineMs?: number;
}

/**
 * Creates the Telegram bot: grammY with bounded auto-retry on 429 and 5xx (and a deadline on every call),
 * redelivered updates dropped, updates handled in order within each chat (and concurrently across chats under
 * the runner or the webhook), the reader's language resolved per update, the allowlist, the features
 * registered in one list, and one error boundary, the same in polling and webhook mode, that logs and
 * apologises in the reader's language. Platform types stay inside this adapter: it talks to the rest through `deps`.
 *
 * @example
 * const bot = createTelegramBot(process.env.TELEGRAM_BOT_TOKEN, { answers, i18n, store, documents });
 */
export function createTelegramBot(token: string, deps: TelegramDeps, options: TelegramOptions = {}): Bot<BotContext> {
  const config: BotConfig<BotContext> = { client: options.apiRoot ? { apiRoot: options.apiRoot } : {} };
  if (options.botInfo) config.botInfo = options.botInfo;
  const bot = new Bot<BotContext>(token, config);
  bot.api.config.use(autoRetry({ maxRetryAttempts: API_RETRY_ATTEMPTS, maxDelaySeconds: API_MAX_RETRY_DELAY_SECONDS }), callDeadline(options.apiCallDeadlineMs ?? API_CALL_DEADLINE_MS));
  const recent = new RecentAnswers();
  const limiter = new RateLimiter(deps.questionsPerMinute ?? 12, deps.store);
  const onError = apologise(deps);

  // Two placements of one error boundary: the inner one apologises within the chat's turn; the outer one
  // (never reached in practice) keeps any other failure from escaping `handleUpdate`, in either mode.
  const guarded = bot.errorBoundary(onError);
  guarded.use(skipRedelivered(recentUpdateIds(), deps.log));
  guarded.use(sequentialize((ctx) => {
    const key = ctx.chat?.id ?? ctx.from?.id;
    return key === undefined ? [] : String(key);
  }));
  const chat = guarded.errorBoundary(onError);
  chat.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.recent = recent;
    ctx.limiter = limiter;
    await next();
  });
  chat.use(resolveLanguage);
  chat.use(allowlist);
  for (const feature of features) chat.use(feature);
  // Catch-all, last on purpose: other updates (edits, channel posts, member changes) need no reply.
  chat.use(() => undefined);
  return bot;
}

/**
 * The error boundary: logs the failed update and apologises in the reader's language (in the chat, or for a
 * button under an inline message, in its notification). Never throws: an apology that fails is logged.
 */
function apologise(deps: TelegramDeps): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    const ctx = error.ctx;
    const reason = (error.error as Error)?.message ?? String(error.error);
    deps.log?.(`telegram: update ${ctx.update?.update_id} failed: ${reason}`);
    try {
      const text = deps.i18n.t(ctx.lang ?? 'en', 'bot.error');
      if (ctx.chat) await ctx.reply(text);
      else if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    } catch (failure) {
      deps.log?.(`telegram: the apology for update ${ctx.update?.update_id} failed too: ${(failure as Error)?.message ?? String(failure)}`);
    }
  };
}

/**
 * Bounds every Bot API call but long polling to `ms` with all its retries: auto-retry retries network
 * failures without a limit of its own, and stops when the call's signal aborts.
 */
function callDeadline(ms: number): Transformer {
  return (prev, method, payload, signal) => {
    if (method === 'getUpdates') return prev(method, payload, signal);
    const deadline = AbortSignal.timeout(ms);
    // grammY types its signals with the abort-controller package's older AbortSignal; node's is the same at run time.
    const bounded = signal ? AbortSignal.any([signal as unknown as AbortSignal, deadline]) : deadline;
    return prev(method, payload, bounded as unknown as typeof signal);
  };
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
