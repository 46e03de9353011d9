import { webhookCallback, type Bot } from 'grammy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotContext } from './context.js';

/**
 * The longest Telegram waits for the acknowledgement (200) of a webhook update, in milliseconds. An update
 * whose answer takes longer is acknowledged then and answered after: Telegram never redelivers it because
 * the answer was slow or failed (failures are the bot's error boundary's: logged, with an apology).
 */
export const WEBHOOK_ACK_MS = 2_000;

/** The node:http handler of webhook updates, as mounted on a web server at the webhook URL's path. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Webhook mode: registers `url` with Telegram together with a secret, and returns the node:http handler that
 * answers Telegram's requests (see `webhookHandler`).
 */
export async function startWebhook(bot: Bot<BotContext>, url: string, secretToken: string, log?: (message: string) => void): Promise<WebhookHandler> {
  await bot.init();
  await bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: ['message', 'callback_query'] });
  return webhookHandler(bot, secretToken, log);
}

/**
 * The node:http handler of webhook updates (grammY's `webhookCallback` for node's http), for the raw, unread
 * request. A request without the right secret in its X-Telegram-Bot-Api-Secret-Token header gets 401 and its
 * body is not read; a body that is not JSON gets 400 and nothing is handled; every update gets 200 once it is
 * handled or after `WEBHOOK_ACK_MS`, whichever comes first, and handling goes on after that. The returned
 * promise settles when the response is sent, never with an error.
 *
 * @example
 * const handle = webhookHandler(bot, secret, log);
 * createServer((req, res) => void handle(req, res));
 */
export function webhookHandler(bot: Bot<BotContext>, secretToken: string, log: (message: string) => void = () => undefined): WebhookHandler {
  const handle = webhookCallback(bot, 'http', { secretToken, onTimeout: 'return', timeoutMilliseconds: WEBHOOK_ACK_MS });
  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      // Handling errors stop at the bot's error boundary, so what arrives here comes before any handling.
      if (error instanceof SyntaxError) {
        log('telegram: a webhook request with the right secret had a body that is not JSON; refused with 400');
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('the body is not a JSON update');
        return;
      }
      log(`telegram: a webhook request failed before its update was handled: ${(error as Error)?.message ?? String(error)}`);
      // 500 makes Telegram deliver the update again, which is right: nothing of it was handled.
      if (!res.headersSent) res.writeHead(500).end();
      else if (!res.writableEnded) res.end();
    }
  };
}
