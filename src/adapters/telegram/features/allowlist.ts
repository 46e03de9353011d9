import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/** With ALLOWED_CHAT_IDS set, other chats get a short notice (private chats) or nothing (groups). */
export const allowlist: MiddlewareFn<BotContext> = async (ctx, next) => {
  const allowed = ctx.deps.allowedChatIds;
  if (!allowed?.size || !ctx.chat || allowed.has(ctx.chat.id)) return next();
  if (ctx.chat.type === 'private' && ctx.message) await ctx.reply(ctx.t('bot.notAllowed'));
};
