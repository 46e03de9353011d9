import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * With ALLOWED_CHAT_IDS set, only those chats use the bot. An update is judged by its chat; one without a chat
 * (a button under an inline message) by its sender's user id; one with neither is refused. A refused button
 * press, of any shape, is answered (so its spinner stops) and has no effect; other private chats get a short
 * notice; groups get nothing.
 */
export const allowlist: MiddlewareFn<BotContext> = async (ctx, next) => {
  const allowed = ctx.deps.allowedChatIds;
  if (!allowed?.size) return next();
  const id = ctx.chat ? ctx.chat.id : ctx.from?.id;
  if (id !== undefined && allowed.has(id)) return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('bot.notAllowed') });
  else if (ctx.chat?.type === 'private' && ctx.message) await ctx.reply(ctx.t('bot.notAllowed'));
};
