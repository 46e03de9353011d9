import type { Context } from 'grammy';
import type { Language } from '../../core/languages.js';
import type { Answer } from '../../core/types.js';
import type { AnswerService } from '../../answer/service.js';
import type { CleanDocument } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Store } from '../../store/store.js';
import type { RateLimiter } from '../shared/rate-limit.js';
import type { RecentAnswers } from '../shared/recent-answers.js';

/** What every Telegram feature may use: the shared services, injected when the bot is created. */
export interface TelegramDeps {
  answers: AnswerService;
  i18n: Translator;
  store: Store;
  documents: CleanDocument[];
  /** Chat ids allowed to use the bot; everyone when empty. */
  allowedChatIds?: Set<number>;
  /** Questions per user per minute before the polite rate-limit message. */
  questionsPerMinute?: number;
  /** Least time between two edits of a growing (streamed) reply, in milliseconds. */
  editIntervalMs?: number;
  log?: (message: string) => void;
}

/** The bot's context: grammY's, plus the reader's language and the services. */
export interface BotContext extends Context {
  /** The reply language: the user's stored choice, else Telegram's language_code hint (detection refines it). */
  lang: Language;
  /** True when `lang` is the user's own choice (it then wins over detection). */
  langChosen: boolean;
  deps: TelegramDeps;
  recent: RecentAnswers;
  limiter: RateLimiter;
  /** Translates a key into the reader's language. */
  t(key: string, vars?: Record<string, string | number>): string;
}
