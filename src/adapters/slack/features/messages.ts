import type { App } from '@slack/bolt';
import type { SlackConversation } from '../conversation.js';

/** Removes mentions of the bot (`<@U123>`) from a message. */
function stripMention(text: string, botUserId: string | undefined): string {
  return botUserId ? text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'gu'), ' ').trim() : text.trim();
}

/**
 * Mentions in channels are answered in the mention's thread; direct messages are all questions; follow-ups
 * in a thread the bot answered are answered with the thread's first question as context (with or without a
 * mention, as configured).
 */
export function registerMessages(app: App, conversation: SlackConversation): void {
  app.event('app_mention', async ({ event, client, context, say }) => {
    const user = event.user ?? '';
    const threadTs = event.thread_ts ?? event.ts;
    const key = `${event.channel}:${threadTs}`;
    const question = stripMention(event.text, context.botUserId);
    try {
      const earlier = event.thread_ts ? conversation.threadQuestion(key) : undefined;
      const reply = await conversation.answer(client, user, question, { context: earlier, conversationId: `slack:${key}` });
      await say({ thread_ts: threadTs, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
      if (reply.answer) conversation.rememberThread(key, question);
    } catch (error) {
      conversation.deps.log?.(`slack: mention failed: ${(error as Error).message}`);
      await say({ thread_ts: threadTs, text: await conversation.apology(client, user) });
    }
  });

  app.message(async ({ message, client, context, say }) => {
    if (message.subtype !== undefined || !('user' in message) || !('text' in message) || typeof message.text !== 'string') return;
    if ('bot_id' in message && message.bot_id) return;
    const text = message.text;
    const mentionsBot = context.botUserId ? text.includes(`<@${context.botUserId}`) : false;
    const threadTs = 'thread_ts' in message ? message.thread_ts : undefined;
    const direct = message.channel_type === 'im';
    const key = `${message.channel}:${threadTs}`;
    const followUp = threadTs !== undefined && conversation.threadQuestion(key) !== undefined;
    // Mentions in channels come as app_mention events too; they are answered there, once.
    if (!direct && (mentionsBot || !followUp || conversation.deps.threadNeedsMention)) return;
    const replyTs = threadTs ?? (direct ? undefined : message.ts);
    try {
      // A thread is a conversation; so is a direct-message channel outside threads.
      const conversationId = threadTs !== undefined ? `slack:${key}` : `slack:${message.channel}:${direct ? 'im' : message.ts}`;
      const reply = await conversation.answer(client, message.user!, stripMention(text, context.botUserId), { context: followUp ? conversation.threadQuestion(key) : undefined, conversationId });
      await say({ text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}), ...(replyTs ? { thread_ts: replyTs } : {}) });
    } catch (error) {
      conversation.deps.log?.(`slack: message failed: ${(error as Error).message}`);
      await say({ text: await conversation.apology(client, message.user!), ...(replyTs ? { thread_ts: replyTs } : {}) });
    }
  });
}
