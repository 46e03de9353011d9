import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeTelegramHtml } from '../render.js';
import { splitText } from '../../shared/split.js';

/** "Show original passages" under an answer: the cited passages, verbatim, in their original script. */
export const original = new Composer<BotContext>();
original.callbackQuery(/^orig:(.+)$/u, async (ctx) => {
  const answer = ctx.recent.get(ctx.match[1]!);
  await ctx.answerCallbackQuery();
  if (!answer) {
    await ctx.reply(ctx.t('bot.error'));
    return;
  }
  const t = (k: string) => ctx.deps.i18n.t(answer.language, k);
  const text = [t('bot.originalPassages'), ...answer.citations.map((c) => `[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ''}\n${c.quote}`)].join('\n\n');
  for (const piece of splitText(text, 3900, (s) => escapeTelegramHtml(s).length)) await ctx.reply(escapeTelegramHtml(piece), { parse_mode: 'HTML' });
});
