import type { webApi } from '@slack/bolt';

type WebClient = webApi.WebClient;
import { isLanguage, languageFromTag, type Language } from '../../core/languages.js';
import type { Answer } from '../../core/types.js';
import { RateLimiter } from '../shared/rate-limit.js';
import { RecentAnswers } from '../shared/recent-answers.js';
import { precheckQuestion } from '../shared/precheck.js';
import type { SlackDeps } from './context.js';
import { escapeMrkdwn, renderBlocks, type Block } from './render.js';

/**
 * The Slack side of a conversation: the reader's language (stored choice, else detection, else the user's
 * Slack locale from users.info, cached), the questions already asked in a thread (for follow-ups), the rate
 * limit, and turning a question into Block Kit.
 */
export class SlackConversation {
  private readonly locales = new Map<string, string | null>();
  private readonly threads = new Map<string, string>();
  readonly limiter: RateLimiter;
  /** Recent answers, for their "original passages" button. */
  readonly recent = new RecentAnswers();

  constructor(readonly deps: SlackDeps) {
    this.limiter = new RateLimiter(deps.questionsPerMinute ?? 12, deps.store);
  }

  /** The user's stored language choice, if any. */
  async chosenLanguage(user: string): Promise<Language | null> {
    return this.deps.store.getLanguage(`slack:${user}`);
  }

  /** Stores a user's language choice; false for a code that is not one of the 14. */
  async chooseLanguage(user: string, code: string): Promise<Language | null> {
    const language = isLanguage(code) ? code : languageFromTag(code);
    if (!language) return null;
    await this.deps.store.setLanguage(`slack:${user}`, language);
    return language;
  }

  /** The user's Slack locale (users.info, cached; null when Slack does not say). */
  async slackLocale(client: WebClient, user: string): Promise<string | null> {
    if (this.locales.has(user)) return this.locales.get(user)!;
    let locale: string | null = null;
    try {
      const info = await client.users.info({ user, include_locale: true });
      locale = (info.user as { locale?: string } | undefined)?.locale ?? null;
    } catch {
      locale = null;
    }
    this.locales.set(user, locale);
    if (this.locales.size > 10_000) this.locales.delete(this.locales.keys().next().value!);
    return locale;
  }

  /** A fallback language for messages that are not answers (errors, notices). */
  async uiLanguage(client: WebClient, user: string): Promise<Language> {
    return (await this.chosenLanguage(user)) ?? languageFromTag(await this.slackLocale(client, user)) ?? 'en';
  }

  /** Remembers the question a thread started with, for its follow-ups. */
  rememberThread(key: string, question: string): void {
    if (!this.threads.has(key)) this.threads.set(key, question);
    if (this.threads.size > 10_000) this.threads.delete(this.threads.keys().next().value!);
  }

  /** The question a thread the bot answered started with; undefined for other threads. */
  threadQuestion(key: string): string | undefined {
    return this.threads.get(key);
  }

  /**
   * Answers a question: checks input and the rate limit (returning a localized notice instead), then asks
   * the answer service with the stored language as the user's choice, or the Slack locale as a hint.
   */
  async answer(client: WebClient, user: string, question: string, thread: { context?: string; conversationId?: string } = {}): Promise<{ answer?: Answer; notice?: string; blocks?: Block[]; text: string }> {
    const text = question.trim();
    const ui = await this.uiLanguage(client, user);
    const t = (k: string, vars?: Record<string, string | number>) => this.notice(ui, k, vars);
    const notice = await precheckQuestion(text, `slack:${user}`, this.limiter);
    if (notice) return { notice: t(notice.key, notice.vars), text: t(notice.key, notice.vars) };
    const chosen = await this.chosenLanguage(user);
    const answer = await this.deps.answers.ask({
      question: text,
      locale: chosen ?? (await this.slackLocale(client, user)),
      localeIsChoice: chosen !== null,
      userId: user,
      channel: 'slack',
      context: thread.context,
      ...(thread.conversationId ? { conversationId: thread.conversationId } : {}),
    });
    this.recent.add(answer);
    return { answer, ...renderBlocks(answer, this.deps.i18n) };
  }

  /** The localized apology for a failure, in the user's language (escaped for mrkdwn). */
  async apology(client: WebClient, user: string): Promise<string> {
    return this.notice(await this.uiLanguage(client, user), 'bot.error');
  }

  /** A localized notice (not an answer) as mrkdwn text: looked up by key, escaped. */
  notice(language: Language, key: string, vars?: Record<string, string | number>): string {
    return escapeMrkdwn(this.deps.i18n.t(language, key, vars));
  }
}
