import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import type { Answer } from '../../core/types.js';
import { escapeTelegramHtml, renderAnswer } from './render.js';
import type { BotContext } from './context.js';
import { precheckQuestion } from '../shared/precheck.js';

/** The buttons under an answer: 👍 / 👎 (stored as feedback) and, when it cites passages, the originals. */
export function answerKeyboard(ctx: BotContext, answer: Answer): InlineKeyboard {
  const t = (k: string) => ctx.deps.i18n.t(answer.language, k);
  const keyboard = new InlineKeyboard().text(`👍 ${t('bot.feedbackHelpful')}`, `fb:1:${answer.id}`).text(`👎 ${t('bot.feedbackNotHelpful')}`, `fb:0:${answer.id}`);
  if (answer.citations.length) keyboard.row().text(t('bot.showOriginal'), `orig:${answer.id}`);
  return keyboard;
}

/**
 * Answers a question in the chat: rate limit, input checks, a 'typing' action while it works, the answer in
 * Telegram HTML (split below 4,096 characters), buttons under the last message. In generative mode the
 * reply grows by edits, at most one edit per `editIntervalMs`.
 */
export async function replyWithAnswer(ctx: BotContext, question: string): Promise<void> {
  const deps = ctx.deps;
  const user = `telegram:${ctx.from?.id ?? ctx.chat?.id}`;
  const text = question.trim();
  const notice = await precheckQuestion(text, user, ctx.limiter);
  if (notice) {
    if (notice.first) await ctx.reply(ctx.t(notice.key, notice.vars));
    return;
  }
  const replyTo = ctx.chat?.type === 'private' ? {} : { reply_parameters: { message_id: ctx.msg!.message_id, allow_sending_without_reply: true } };
  const typing = () => ctx.replyWithChatAction('typing').catch(() => undefined);
  void typing();
  const typingTimer = setInterval(typing, 4500);

  // Streaming: the first pieces of a generated reply go out as a plain message that then grows by edits.
  let streamed: Message.TextMessage | null = null;
  let buffer = '';
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const interval = deps.editIntervalMs ?? 1200;
  const onToken = (token: string) => {
    buffer += token;
    const now = Date.now();
    if (now - lastEdit < interval) return;
    lastEdit = now;
    const snapshot = buffer.length > 3800 ? `${buffer.slice(0, 3800)}…` : buffer;
    editing = editing.then(async () => {
      if (!streamed) streamed = await ctx.reply(escapeTelegramHtml(snapshot), { parse_mode: 'HTML', ...replyTo });
      else await ctx.api.editMessageText(streamed.chat.id, streamed.message_id, escapeTelegramHtml(snapshot), { parse_mode: 'HTML' }).catch(() => undefined);
    });
  };

  try {
    const answer = await deps.answers.ask({
      question: text,
      locale: ctx.lang,
      localeIsChoice: ctx.langChosen,
      userId: String(ctx.from?.id ?? ''),
      channel: 'telegram',
      // A private chat is one conversation; in a group, each member's questions are theirs.
      ...(ctx.chat ? { conversationId: ctx.chat.type === 'private' ? `telegram:${ctx.chat.id}` : `telegram:${ctx.chat.id}:${ctx.from?.id ?? ''}` } : {}),
      onToken,
    });
    await editing;
    ctx.recent.add(answer);
    const pieces = renderAnswer(answer, deps.i18n);
    const keyboard = answerKeyboard(ctx, answer);
    for (const [i, html] of pieces.entries()) {
      const markup = i === pieces.length - 1 ? { reply_markup: keyboard } : {};
      const options = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, ...markup };
      const msg = streamed as Message.TextMessage | null;
      if (i === 0 && msg) await ctx.api.editMessageText(msg.chat.id, msg.message_id, html, options);
      else await ctx.reply(html, { ...options, ...(i === 0 ? replyTo : {}) });
    }
  } finally {
    clearInterval(typingTimer);
  }
}
