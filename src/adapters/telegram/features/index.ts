import type { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { feedback } from './feedback.js';
import { fields } from './fields.js';
import { help } from './help.js';
import { lang } from './lang.js';
import { nonText } from './non-text.js';
import { original } from './original.js';
import { question } from './question.js';
import { sources } from './sources.js';
import { start } from './start.js';

/** The bot's features, in the order they see updates: commands and buttons, media hints, then questions. */
export const features: Composer<BotContext>[] = [start, help, lang, fields, sources, feedback, original, nonText, question];
