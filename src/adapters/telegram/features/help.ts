import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** /help: how to ask, and the commands. */
export const help = new Composer<BotContext>();
help.command('help', (ctx) => ctx.reply(ctx.t('bot.help')));
