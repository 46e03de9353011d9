import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** Photos, stickers, voice, files and other media: a hint to send the question as text (private chats). */
export const nonText = new Composer<BotContext>();
nonText.on(['message:photo', 'message:sticker', 'message:voice', 'message:document', 'message:video', 'message:audio', 'message:animation', 'message:video_note', 'message:location', 'message:contact'], async (ctx) => {
  if (ctx.chat.type === 'private') await ctx.reply(ctx.t('bot.textOnly'));
});
