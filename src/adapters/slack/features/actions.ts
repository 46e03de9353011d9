import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackConversation } from '../conversation.js';
import { escapeMrkdwn, SECTION_LIMIT } from '../render.js';
import { splitText } from '../../shared/split.js';

/** 👍 / 👎 under an answer: stored as feedback and acknowledged to the clicker only. */
export function registerActions(app: App, conversation: SlackConversation): void {
  for (const [actionId, helpful] of [['feedback_helpful', true], ['feedback_not_helpful', false]] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const stored = await conversation.deps.answers.feedback(action.value ?? '', helpful, `slack:${body.user.id}`);
      const lang = await conversation.uiLanguage(client, body.user.id);
      await respond({ response_type: 'ephemeral', replace_original: false, text: conversation.notice(lang, stored ? 'bot.feedbackThanks' : 'bot.error') });
    });
  }
  // "Original passages" under an answer: the cited passages verbatim, in their original script, to the clicker.
  app.action<BlockButtonAction>('show_original', async ({ ack, body, action, respond, client }) => {
    await ack();
    const answer = conversation.recent.get(action.value ?? '');
    if (!answer) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: conversation.notice(await conversation.uiLanguage(client, body.user.id), 'bot.error') });
      return;
    }
    const t = (k: string) => conversation.deps.i18n.t(answer.language, k);
    const text = [t('bot.originalPassages'), ...answer.citations.map((c) => `[${c.n}] ${c.title}${c.section ? ` — ${c.section}` : ''}\n${c.quote}`)].join('\n\n');
    const pieces = splitText(text, SECTION_LIMIT - 100, (s) => escapeMrkdwn(s).length);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: escapeMrkdwn(pieces[0] ?? ''),
      blocks: pieces.slice(0, 45).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(piece), verbatim: true } })),
    });
  });
}
