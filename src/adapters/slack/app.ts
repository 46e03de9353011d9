import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, ErrorCode, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import type { SlackDeps } from './context.js';
import { registerActions } from './features/actions.js';
import { registerCommands } from './features/commands.js';
import { registerMessages } from './features/messages.js';
import { SlackConversation } from './conversation.js';
import { ExpiringSet } from '../shared/expiring-set.js';
import { guardSlackRequests } from './request-guard.js';


/** How the app connects: HTTP (signing secret) or Socket Mode (app token), and where the Web API is. */
export interface SlackOptions {
  token: string;
  signingSecret?: string;
  appToken?: string;
  /** Web API base URL (SLACK_API_URL), e.g. an Enterprise Grid proxy or a local test server; Slack's when unset. */
  apiUrl?: string;
  /** Path of the Events API and interactivity endpoint in HTTP mode. */
  endpoint?: string;
}

const TOKEN_PATTERN = /xox[abpre]-[\w-]+|xapp-[\w-]+/gu;

/**
 * A function that blanks secrets out of a log line: the given values (bot token, signing secret, app token)
 * wherever they appear, and anything shaped like a Slack token.
 */
export function secretRedactor(secrets: (string | undefined)[]): (line: string) => string {
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6))].sort((a, b) => b.length - a.length);
  return (line) => known.reduce((out, secret) => out.split(secret).join('[redacted]'), line).replace(TOKEN_PATTERN, '[redacted]');
}

/** A Bolt logger that never writes a token: anything that looks like one (or is one of `secrets`) is redacted. */
export function redactingLogger(write: (line: string) => void, secrets: (string | undefined)[] = []): Logger {
  let level = LogLevel.WARN;
  const redact = secretRedactor(secrets);
  const out = (tag: string) => (...msgs: unknown[]) => write(redact(`slack ${tag}: ${msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`));
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: out('warn'),
    error: out('error'),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** How long an event id is remembered: Slack's last retry comes about five minutes after the first delivery. */
const EVENT_MEMORY_MS = 60 * 60 * 1000;

/**
 * Creates the Slack app on Bolt: HTTP mode (Bolt's HTTP receiver behind a guard that verifies the signature
 * with a five-minute window on both sides and acknowledges replayed requests without processing them again;
 * events acknowledged at once) or Socket Mode. Events are answered once per `event_id`, whatever the retry
 * headers say (a first delivery may well carry them); features registered in one place (mentions, direct
 * messages and thread follow-ups, /ask and /ask-lang, feedback buttons); one error handler; logs never
 * carry the bot token, app token or signing secret.
 */
export function createSlackApp(options: SlackOptions, rawDeps: SlackDeps): App {
  // Every line this adapter logs passes through the redaction, whoever writes it.
  const redact = secretRedactor([options.token, options.signingSecret, options.appToken]);
  const deps: SlackDeps = { ...rawDeps, log: rawDeps.log && ((m) => rawDeps.log!(redact(m))) };
  const logger = redactingLogger(deps.log ?? (() => undefined));
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {};
  const endpoint = options.endpoint ?? '/slack/events';
  const receiver = options.appToken
    ? undefined
    : new HTTPReceiver({ signingSecret: options.signingSecret ?? '', endpoints: endpoint, logger, processBeforeResponse: false });
  // The guard sits in front of Bolt both when the receiver serves (app.start) and when it is mounted.
  if (receiver) receiver.requestListener = guardSlackRequests(receiver.requestListener, { signingSecret: options.signingSecret ?? '', endpoints: [endpoint], log: deps.log });
  const app = receiver
    ? new App({ token: options.token, logger, clientOptions, receiver })
    : new App({ token: options.token, appToken: options.appToken, socketMode: true, logger, clientOptions });

  // De-duplication by event id only: Slack's retry headers say that an earlier delivery was not acknowledged
  // in time, not that it was received (it may have been lost), so a retry of an unseen event is answered.
  const events = new ExpiringSet({ ttlMs: EVENT_MEMORY_MS, max: 20_000 });
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !events.claim(eventId)) return;
    await next();
  });

  const conversation = new SlackConversation(deps);
  registerMessages(app, conversation);
  registerCommands(app, conversation);
  registerActions(app, conversation);
  app.error(async (error) => {
    deps.log?.(`slack: ${String(error.message ?? error)}`);
  });
  return app;
}

/**
 * The node:http listener of an HTTP-mode app's receiver (signature guard included), to mount on another
 * server (the web console's) at the events path instead of starting the receiver's own. It reads the body
 * itself, so the request must reach it unread. A request Bolt does not serve gets a 404.
 */
export function slackRequestListener(app: App): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined {
  const receiver = (app as unknown as { receiver?: { requestListener?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void> } }).receiver;
  const listener = receiver?.requestListener;
  if (!listener) return undefined;
  return async (req, res) => {
    try {
      await listener(req, res);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead((error as { code?: string }).code === ErrorCode.HTTPReceiverDeferredRequestError ? 404 : 500);
        res.end();
      }
    }
  };
}
