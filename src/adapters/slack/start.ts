import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Runtime } from '../../runtime.js';
import { createSlackApp, slackRequestListener } from './app.js';

import { SLACK_EVENTS_PATH } from './events-path.js';

export { SLACK_EVENTS_PATH };

/** A started Slack front end: the app and, in HTTP mode, the listener to mount at SLACK_EVENTS_PATH. */
export interface SlackFrontEnd {
  app: App;
  http?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
  stop(): Promise<void>;
}

/** Starts the Slack front end: Socket Mode connects now; HTTP mode returns its listener for the caller's server. */
export async function startSlack(config: NonNullable<Config['slack']>, runtime: Runtime, log: (m: string) => void): Promise<SlackFrontEnd> {
  const app = createSlackApp(
    { token: config.token, signingSecret: config.signingSecret, appToken: config.appToken, apiUrl: config.apiUrl, endpoint: SLACK_EVENTS_PATH },
    { answers: runtime.answers, i18n: runtime.i18n, store: runtime.store, threadNeedsMention: config.threadNeedsMention, askInChannel: config.askInChannel, log },
  );
  if (config.appToken) {
    await app.start();
    log('Slack: connected in Socket Mode');
    return { app, stop: async () => { await app.stop(); } };
  }
  log(`Slack: receiving events at ${SLACK_EVENTS_PATH}`);
  return { app, http: { path: SLACK_EVENTS_PATH, handle: slackRequestListener(app)! }, stop: async () => undefined };
}
