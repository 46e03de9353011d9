import type { MiddlewareFn } from 'grammy';
import { languageFromTag } from '../../../core/languages.js';
import type { BotContext } from '../context.js';

/** Resolves the reader's language for every update: the stored choice, else Telegram's language_code. */
export const resolveLanguage: MiddlewareFn<BotContext> = async (ctx, next) => {
  const chosen = ctx.from ? await ctx.deps.store.getLanguage(`telegram:${ctx.from.id}`) : null;
  ctx.lang = chosen ?? languageFromTag(ctx.from?.language_code) ?? 'en';
  ctx.langChosen = chosen !== null;
  ctx.t = (key, vars) => ctx.deps.i18n.t(ctx.lang, key, vars);
  await next();
};
