import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyWithAnswer } from '../answer-flow.js';

/**
 * Questions. /ask works everywhere; in a private chat any text is a question; in a group the bot answers
 * when it is mentioned or replied to, and ignores other chatter.
 */
export const question = new Composer<BotContext>();

question.command('ask', async (ctx) => {
  const text = typeof ctx.match === 'string' ? ctx.match : '';
  if (!text.trim()) {
    await ctx.reply(ctx.t('bot.askUsage'));
    return;
  }
  await replyWithAnswer(ctx, text);
});

question.on('message:text', async (ctx, next) => {
  const text = ctx.msg.text;
  if (text.startsWith('/')) return next();
  if (ctx.chat.type === 'private') return replyWithAnswer(ctx, text);
  const me = ctx.me.username.toLowerCase();
  const mentions = (ctx.msg.entities ?? []).filter((e) => e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === me);
  const repliedToBot = ctx.msg.reply_to_message?.from?.id === ctx.me.id;
  if (!mentions.length && !repliedToBot) return;
  let stripped = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) stripped = stripped.slice(0, e.offset) + stripped.slice(e.offset + e.length);
  await replyWithAnswer(ctx, stripped);
});
