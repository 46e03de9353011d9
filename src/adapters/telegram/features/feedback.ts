import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** 👍 / 👎 under an answer: stored as feedback and acknowledged. */
export const feedback = new Composer<BotContext>();
feedback.callbackQuery(/^fb:([01]):(.+)$/u, async (ctx) => {
  const stored = await ctx.deps.answers.feedback(ctx.match[2]!, ctx.match[1] === '1', `telegram:${ctx.from.id}`);
  await ctx.answerCallbackQuery({ text: stored ? ctx.t('bot.feedbackThanks') : ctx.t('bot.error') });
});
