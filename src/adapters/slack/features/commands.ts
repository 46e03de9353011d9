import type { App } from '@slack/bolt';
import { LANGUAGES } from '../../../core/languages.js';
import type { SlackConversation } from '../conversation.js';

/** The slash commands this app registers (the manifest lists the same). */
const COMMANDS = new Set(['/ask', '/ask-lang']);

/**
 * `/ask <question>`: acknowledged at once (Slack allows three seconds); the answer follows through
 * response_url, visible to the asker only unless configured otherwise. `/ask-lang <code>`: stores the
 * reply language. Any other command is acknowledged too, and told how to use /ask.
 */
export function registerCommands(app: App, conversation: SlackConversation): void {
  app.command('/ask', async ({ command, ack, respond, client }) => {
    await ack();
    const responseType = conversation.deps.askInChannel ? 'in_channel' : 'ephemeral';
    try {
      if (!command.text.trim()) {
        const lang = await conversation.uiLanguage(client, command.user_id);
        await respond({ response_type: 'ephemeral', text: conversation.notice(lang, 'bot.askUsage') });
        return;
      }
      const reply = await conversation.answer(client, command.user_id, command.text, { conversationId: `slack:${command.channel_id}:${command.user_id}:ask` });
      await respond({ response_type: reply.answer ? responseType : 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
    } catch (error) {
      conversation.deps.log?.(`slack: /ask failed: ${(error as Error).message}`);
      await respond({ response_type: 'ephemeral', text: await conversation.apology(client, command.user_id) });
    }
  });

  app.command('/ask-lang', async ({ command, ack }) => {
    const chosen = await conversation.chooseLanguage(command.user_id, command.text.trim());
    await ack({
      response_type: 'ephemeral',
      text: chosen ? conversation.notice(chosen, 'bot.languageSet') : `${conversation.notice('en', 'bot.chooseLanguage')} ${LANGUAGES.join(', ')}`,
    });
  });

  // Catch-all, last: Bolt runs every matching listener, so this one leaves the commands above to theirs.
  // Without it a command nobody handles would go unacknowledged and Slack would show the user an error.
  app.command(/^\//u, async ({ command, ack, respond, client }) => {
    if (COMMANDS.has(command.command)) return;
    await ack();
    await respond({ response_type: 'ephemeral', text: conversation.notice(await conversation.uiLanguage(client, command.user_id), 'bot.askUsage') });
  });
}
