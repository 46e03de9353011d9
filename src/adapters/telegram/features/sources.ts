import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeTelegramHtml } from '../render.js';

/** /sources: the indexed documents with their dates. */
export const sources = new Composer<BotContext>();
sources.command('sources', async (ctx) => {
  const lines = ctx.deps.documents.map((d, i) => {
    const date = d.meta.date ? ` (${d.meta.date})` : '';
    const en = d.meta.titleEn ? `\n   <i>${escapeTelegramHtml(d.meta.titleEn)}</i>` : '';
    return `${i + 1}. ${escapeTelegramHtml(d.meta.title)}${escapeTelegramHtml(date)}${en}`;
  });
  await ctx.reply(`${escapeTelegramHtml(ctx.t('bot.sourcesIntro'))}\n\n${lines.join('\n')}`, { parse_mode: 'HTML' });
});
