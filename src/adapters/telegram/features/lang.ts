import { Composer, InlineKeyboard } from 'grammy';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../../../core/languages.js';
import type { BotContext } from '../context.js';

/** /lang: an inline keyboard of the 14 languages; the choice is stored and wins over detection. */
export const lang = new Composer<BotContext>();

lang.command('lang', async (ctx) => {
  const keyboard = new InlineKeyboard();
  LANGUAGES.forEach((l, i) => {
    keyboard.text(LANGUAGE_NAMES[l].native, `lang:${l}`);
    if (i % 2 === 1) keyboard.row();
  });
  await ctx.reply(ctx.t('bot.chooseLanguage'), { reply_markup: keyboard });
});

lang.callbackQuery(/^lang:(.+)$/u, async (ctx) => {
  const choice = ctx.match[1];
  if (!isLanguage(choice) || !ctx.from) {
    await ctx.answerCallbackQuery();
    return;
  }
  await ctx.deps.store.setLanguage(`telegram:${ctx.from.id}`, choice);
  ctx.lang = choice;
  ctx.langChosen = true;
  const confirmation = ctx.deps.i18n.t(choice, 'bot.languageSet');
  await ctx.answerCallbackQuery({ text: confirmation });
  // A press under an inline message has no chat to write to: the notification is the confirmation.
  if (ctx.chat) await ctx.reply(confirmation);
});
