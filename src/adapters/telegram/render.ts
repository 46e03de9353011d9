import type { Language } from '../../core/languages.js';
import type { Answer } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import { splitText } from '../shared/split.js';
import { withoutOriginals } from '../shared/originals.js';

/** Telegram's limit on a message's text. */
export const TELEGRAM_LIMIT = 4096;

/** Escapes text for Telegram's HTML parse mode (only &, < and > are special). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/**
 * Renders an answer as Telegram HTML messages, each under `limit` characters: the reply (escaped, with
 * `[n]` markers in bold), then a numbered source list with title and section path, linked to the passage in
 * the web console when the citation has a URL. Long replies are split at paragraph or sentence boundaries of
 * the plain text before escaping, so no piece ever ends inside a tag, an entity or a grapheme cluster. A reply
 * that needs more than one message shows the reader's version of each quote and leaves its original to the
 * "original passages" button.
 */
export function renderAnswer(answer: Answer, i18n: Translator, limit = TELEGRAM_LIMIT - 96): string[] {
  const lang = answer.language;
  const body = (plain: string) => escapeTelegramHtml(plain).replace(/\[(\d+)\]/gu, '<b>[$1]</b>');
  // A reply too long for one message keeps the reader's version of each quote and leaves the original behind
  // the "original passages" button under it.
  const full = splitText(answer.text, limit, (s) => body(s).length);
  const compact = full.length > 1 ? withoutOriginals(answer) : null;
  const pieces = (compact ? splitText(compact, limit, (s) => body(s).length) : full).map(body);
  const sources = answer.citations.map((c) => {
    const label = escapeTelegramHtml(`[${c.n}] ${c.title}`);
    const section = c.section ? ` — ${escapeTelegramHtml(c.section)}` : '';
    return c.url ? `<a href="${escapeTelegramHtml(c.url).replace(/"/gu, '&quot;')}">${label}</a>${section}` : `${label}${section}`;
  });
  if (sources.length) {
    const heading = `<b>${escapeTelegramHtml(i18n.t(lang, 'answer.sources'))}</b>`;
    let block = heading;
    for (const line of sources) {
      const next = `${block}\n${line}`;
      if (next.length > limit) {
        pieces.push(block);
        block = line;
      } else {
        block = next;
      }
    }
    // The sources go with the last piece of the reply when they fit, else in a message of their own.
    const last = pieces[pieces.length - 1];
    if (last !== undefined && `${last}\n\n${block}`.length <= limit) pieces[pieces.length - 1] = `${last}\n\n${block}`;
    else pieces.push(block);
  }
  return pieces.length ? pieces : [escapeTelegramHtml(i18n.t(lang as Language, 'bot.error'))];
}
