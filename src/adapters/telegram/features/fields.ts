import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyWithAnswer } from '../answer-flow.js';

/** /fields: the priority fields, asked of the answer service in the reader's language (cited as usual). */
export const fields = new Composer<BotContext>();
fields.command('fields', async (ctx) => {
  ctx.langChosen = true;
  await replyWithAnswer(ctx, ctx.t('bot.example1'));
});
