import type { Answer } from '../../core/types.js';

/**
 * The answer's text with the originals taken out where the reader's own version follows them: "[1] <original>
 * Translation (…): <version>" becomes "[1] Translation (…): <version>". The chat adapters use it when the full
 * reply would not fit in one message; the originals stay one tap away (the "original passages" button).
 * Null when no quote has a version in the reader's language (nothing to take out).
 *
 * @example
 * withoutOriginals(answer) ?? answer.text
 */
export function withoutOriginals(answer: Pick<Answer, 'text' | 'citations' | 'language'>): string | null {
  let text = answer.text;
  let changed = false;
  for (const c of answer.citations) {
    if (!c.translation || c.translation.lang !== answer.language || !c.quote) continue;
    const marker = `[${c.n}] `;
    let from = 0;
    for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, from)) {
      from = at + marker.length;
      // The quote follows the marker (after an item's name at most), on the same line, then its version.
      const quoteAt = text.indexOf(c.quote, from);
      if (quoteAt < 0 || quoteAt - from > NAME_ROOM || text.slice(from, quoteAt).includes('\n')) continue;
      const after = text.slice(quoteAt + c.quote.length);
      const version = /^\n\s+/u.exec(after);
      if (!version) continue;
      text = text.slice(0, quoteAt) + after.slice(version[0].length);
      changed = true;
      break;
    }
  }
  return changed ? text : null;
}

/** How far after its marker a quote may start (an item's name and a dash before it). */
const NAME_ROOM = 120;
