import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import type { SlackDeps } from './context.js';
import { registerActions } from './features/actions.js';
import { registerCommands } from './features/commands.js';
import { registerMessages } from './features/messages.js';
import { SlackConversation } from './conversation.js';


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

const SECRET = /xox[abpre]-[\w-]+|xapp-[\w-]+/gu;

/** A Bolt logger that never writes a token: anything that looks like one is redacted. */
export function redactingLogger(write: (line: string) => void): Logger {
  let level = LogLevel.WARN;
  const out = (tag: string) => (...msgs: unknown[]) => write(`slack ${tag}: ${msgs.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ').replace(SECRET, '[redacted]')}`);
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

/**
 * Creates the Slack app on Bolt: HTTP mode (signature and timestamp verified by Bolt's HTTP receiver, events
 * acknowledged at once) or Socket Mode; a retried delivery (X-Slack-Retry-Num) never produces a second answer;
 * features registered in one place (mentions, direct messages and thread follow-ups, /ask and /ask-lang,
 * feedback buttons); one error handler that logs without tokens.
 */
export function createSlackApp(options: SlackOptions, rawDeps: SlackDeps): App {
  // Every line this adapter logs passes through the redaction, whoever writes it.
  const deps: SlackDeps = { ...rawDeps, log: rawDeps.log && ((m) => rawDeps.log!(m.replace(SECRET, '[redacted]'))) };
  const logger = redactingLogger(deps.log ?? (() => undefined));
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {};
  const receiver = options.appToken
    ? undefined
    : new HTTPReceiver({ signingSecret: options.signingSecret ?? '', endpoints: options.endpoint ?? '/slack/events', logger, processBeforeResponse: false });
  const app = receiver
    ? new App({ token: options.token, logger, clientOptions, receiver })
    : new App({ token: options.token, appToken: options.appToken, socketMode: true, logger, clientOptions });

  // A retry means Slack did not see our acknowledgement in time; the first delivery is being answered.
  const seen = new Map<string, number>();
  app.use(async ({ context, body, next }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (context.retryNum) return;
    if (eventId) {
      if (seen.has(eventId)) return;
      seen.set(eventId, Date.now());
      if (seen.size > 5000) seen.delete(seen.keys().next().value!);
    }
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
 * The node:http listener of an HTTP-mode app's receiver, to mount on another server (the web console's) at
 * the events path instead of starting the receiver's own.
 */
export function slackRequestListener(app: App): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined {
  const receiver = (app as unknown as { receiver?: { requestListener?: (req: IncomingMessage, res: ServerResponse) => void } }).receiver;
  const listener = receiver?.requestListener;
  return listener ? async (req, res) => listener(req, res) : undefined;
}
