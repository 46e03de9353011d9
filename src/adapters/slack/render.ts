import type { Answer } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import { splitText } from '../shared/split.js';
import { withoutOriginals } from '../shared/originals.js';

/** Slack's limits: characters in a section's text, blocks in a message, elements in a context block. */
export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
export const CONTEXT_ELEMENTS = 10;
/** Characters kept of the message's plain-text fallback (the notification text), escaped. */
export const TEXT_LIMIT = 3000;
/** Escaped characters kept of a source's title and of its section path, and the longest citation URL linked. */
const PART_LIMIT = 600;
const URL_LIMIT = 600;

/**
 * Escapes text for Slack mrkdwn: &, < and > become entities, so user or document text that looks like a
 * mention (`<@U123>`, `<!channel>`) or a link (`<http://…|x>`) is shown as text and never acts.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/**
 * Escapes text for Slack mrkdwn and cuts it to at most `limit` characters without splitting an entity (or
 * a character): the longest prefix of the text whose escaped form fits, escaped.
 */
export function escapeMrkdwnWithin(text: string, limit: number): string {
  let out = '';
  for (const ch of text) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > limit) break;
    out += piece;
  }
  return out;
}

/**
 * A link in mrkdwn, `<url|label>`: the label escaped (its `|` shown as `¦`) and cut to PART_LIMIT, the URL
 * escaped too with `|` percent-encoded, so neither can close the link early or open another.
 */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url).replace(/\|/gu, '%7C')}|${escapeMrkdwnWithin(label.replace(/\|/gu, '¦'), PART_LIMIT)}>`;
}

/** A Block Kit block (the subset this app sends). */
export type Block = Record<string, unknown>;

/**
 * Renders an answer as Block Kit: the reply in sections of at most 3,000 characters (split at paragraph or
 * sentence boundaries, then escaped), the numbered sources in context blocks (title, section path, a link to
 * the passage when the citation has a URL), and 👍 / 👎 buttons whose value is the answer id. At most 50
 * blocks; a reply too long for them ends with an ellipsis. Also returns the `text` fallback (what
 * notifications show), escaped like the blocks since Slack reads it as mrkdwn too.
 */
export function renderBlocks(answer: Answer, i18n: Translator): { blocks: Block[]; text: string } {
  const t = (k: string) => i18n.t(answer.language, k);
  const body = (plain: string) => escapeMrkdwn(plain).replace(/\[(\d+)\]/gu, '*[$1]*');
  // A reply longer than one section keeps the reader's version of each quote; the originals are one button away.
  const full = splitText(answer.text, SECTION_LIMIT - 100, (s) => body(s).length);
  const compact = full.length > 1 ? withoutOriginals(answer) : null;
  const sections = (compact ? splitText(compact, SECTION_LIMIT - 100, (s) => body(s).length) : full).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: body(piece), verbatim: true },
  }));
  const sourceLines = answer.citations.map((c) => {
    // Each part is cut before it is put together, so a line never ends inside an entity or a link.
    const label = `[${c.n}] ${c.title}`;
    const linked = c.url && c.url.length <= URL_LIMIT ? mrkdwnLink(c.url, label) : escapeMrkdwnWithin(label, PART_LIMIT);
    return `${linked}${c.section ? ` — ${escapeMrkdwnWithin(c.section, PART_LIMIT)}` : ''}`;
  });
  const contexts: Block[] = [];
  if (sourceLines.length) {
    const elements = [`*${escapeMrkdwn(t('answer.sources'))}*`, ...sourceLines];
    for (let i = 0; i < elements.length; i += CONTEXT_ELEMENTS) {
      contexts.push({ type: 'context', elements: elements.slice(i, i + CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn', text, verbatim: true })) });
    }
  }
  const actions: Block = {
    type: 'actions',
    block_id: 'feedback',
    elements: [
      { type: 'button', action_id: 'feedback_helpful', value: answer.id, text: { type: 'plain_text', emoji: true, text: `👍 ${t('bot.feedbackHelpful')}`.slice(0, 75) } },
      { type: 'button', action_id: 'feedback_not_helpful', value: answer.id, text: { type: 'plain_text', emoji: true, text: `👎 ${t('bot.feedbackNotHelpful')}`.slice(0, 75) } },
      ...(answer.citations.length ? [{ type: 'button', action_id: 'show_original', value: answer.id, text: { type: 'plain_text', emoji: true, text: t('bot.showOriginal').slice(0, 75) } }] : []),
    ],
  };
  const room = BLOCK_LIMIT - contexts.length - 1;
  const kept = sections.length > room ? [...sections.slice(0, room - 1), { type: 'section', text: { type: 'mrkdwn', text: '…' } }] : sections;
  return { blocks: [...kept, ...contexts, actions], text: escapeMrkdwnWithin(answer.text, TEXT_LIMIT) };
}
