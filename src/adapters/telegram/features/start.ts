import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** /start: a welcome in the reader's language saying what the bot knows, with three example questions. */
export const start = new Composer<BotContext>();
start.command('start', async (ctx) => {
  const examples = ['bot.example1', 'bot.example2', 'bot.example3'].map((k) => `• ${ctx.t(k)}`).join('\n');
  await ctx.reply(`${ctx.t('bot.welcome')}\n\n${ctx.t('bot.examplesIntro')}\n${examples}`);
});
