import type { Answer } from '../../core/types.js';
import type { Translator } from '../../i18n/i18n.js';
import { splitText } from '../shared/split.js';

/** Slack's limits: characters in a section's text, blocks in a message, elements in a context block. */
export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
export const CONTEXT_ELEMENTS = 10;

/**
 * Escapes text for Slack mrkdwn: &, < and > become entities, so user or document text that looks like a
 * mention (`<@U123>`, `<!channel>`) or a link (`<http://…|x>`) is shown as text and never acts.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** A Block Kit block (the subset this app sends). */
export type Block = Record<string, unknown>;

/**
 * Renders an answer as Block Kit: the reply in sections of at most 3,000 characters (split at paragraph or
 * sentence boundaries, then escaped), the numbered sources in context blocks (title, section path, a link to
 * the passage when the citation has a URL), and 👍 / 👎 buttons whose value is the answer id. At most 50
 * blocks; a reply too long for them ends with an ellipsis. Also returns the plain-text fallback.
 */
export function renderBlocks(answer: Answer, i18n: Translator): { blocks: Block[]; text: string } {
  const t = (k: string) => i18n.t(answer.language, k);
  const body = (plain: string) => escapeMrkdwn(plain).replace(/\[(\d+)\]/gu, '*[$1]*');
  const sections = splitText(answer.text, SECTION_LIMIT - 100, (s) => body(s).length).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: body(piece), verbatim: true },
  }));
  const sourceLines = answer.citations.map((c) => {
    const label = `[${c.n}] ${c.title}`;
    const linked = c.url ? `<${c.url}|${escapeMrkdwn(label).replace(/\|/gu, '¦')}>` : escapeMrkdwn(label);
    return `${linked}${c.section ? ` — ${escapeMrkdwn(c.section)}` : ''}`;
  });
  const contexts: Block[] = [];
  if (sourceLines.length) {
    const elements = [`*${escapeMrkdwn(t('answer.sources'))}*`, ...sourceLines];
    for (let i = 0; i < elements.length; i += CONTEXT_ELEMENTS) {
      contexts.push({ type: 'context', elements: elements.slice(i, i + CONTEXT_ELEMENTS).map((text) => ({ type: 'mrkdwn', text: text.slice(0, 2000) })) });
    }
  }
  const actions: Block = {
    type: 'actions',
    block_id: 'feedback',
    elements: [
      { type: 'button', action_id: 'feedback_helpful', value: answer.id, text: { type: 'plain_text', emoji: true, text: `👍 ${t('bot.feedbackHelpful')}`.slice(0, 75) } },
      { type: 'button', action_id: 'feedback_not_helpful', value: answer.id, text: { type: 'plain_text', emoji: true, text: `👎 ${t('bot.feedbackNotHelpful')}`.slice(0, 75) } },
    ],
  };
  const room = BLOCK_LIMIT - contexts.length - 1;
  const kept = sections.length > room ? [...sections.slice(0, room - 1), { type: 'section', text: { type: 'mrkdwn', text: '…' } }] : sections;
  return { blocks: [...kept, ...contexts, actions], text: answer.text.slice(0, 3000) };
}
