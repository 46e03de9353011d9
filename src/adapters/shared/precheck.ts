import { MAX_QUESTION_CHARS } from '../../core/types.js';
import type { RateLimiter } from './rate-limit.js';

/** Why a chat question is not answered: a notice to send instead (its i18n key and values). */
export interface Notice {
  key: 'bot.empty' | 'bot.tooLong' | 'bot.rateLimited';
  vars?: Record<string, number>;
  /** For the rate limit: true only the first time in a row, so that a chat can send one notice, not many. */
  first: boolean;
}

/** The checks every chat front end makes before asking: not empty, not too long, within the user's rate. */
export async function precheckQuestion(text: string, user: string, limiter: RateLimiter): Promise<Notice | null> {
  if (!text) return { key: 'bot.empty', first: true };
  if (text.length > MAX_QUESTION_CHARS) return { key: 'bot.tooLong', vars: { max: MAX_QUESTION_CHARS }, first: true };
  const limit = await limiter.take(user);
  return limit.ok ? null : { key: 'bot.rateLimited', first: limit.warn };
}
