import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackConversation } from '../conversation.js';

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
}
