import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import { createSlackApp } from '../../../src/adapters/slack/app.js';
import type { AnswerService } from '../../../src/answer/service.js';
import type { Translator } from '../../../src/i18n/i18n.js';
import { MemoryStore } from '../../../src/store/store.js';
import { SlackApiStub } from '../../fakes/slack-api.js';

/** The signing secret and bot token of the test apps (neither may ever appear in a log). */
export const SECRET = 'test-signing-secret-0123456789abcdef';
export const TOKEN = 'xoxb-test-token-never-logged';

/** What a test app needs beyond its answers. */
export interface HarnessDeps {
  i18n: Translator;
  log: (line: string) => void;
  /** Slack locales by user id, as users.info reports them. */
  locales?: Record<string, string>;
}

/** A Slack app on Bolt's HTTP receiver (its own server), on 127.0.0.1, with its Web API pointed at a stub. */
export async function startApp(answers: Pick<AnswerService, 'ask' | 'feedback'>, deps: HarnessDeps): Promise<{ app: App; stub: SlackApiStub; store: MemoryStore; url: string }> {
  const stub = new SlackApiStub(deps.locales ?? {});
  const apiUrl = await stub.start();
  const store = new MemoryStore();
  const app = createSlackApp({ token: TOKEN, signingSecret: SECRET, apiUrl }, { answers: answers as AnswerService, i18n: deps.i18n, store, log: deps.log });
  const server = (await app.start(0)) as Server;
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
  return { app, stub, store, url };
}

/** Slack's signature of a body at a timestamp (seconds). */
export function sign(body: string, ts: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

/** Sends a body to the app signed as Slack signs it (or with the given signature/timestamp/headers). */
export function signedPost(url: string, body: string, options: { contentType?: string; timestamp?: number; signature?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature ?? sign(body, ts);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature, ...options.headers },
    body,
  });
}

/** An Events API delivery (event_callback) of an event, with a random event id unless given. */
export function eventBody(event: Record<string, unknown>, eventId = `Ev${Math.random().toString(36).slice(2)}`): string {
  return JSON.stringify({ token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId, event_time: 1, authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }], event });
}

/** A slash command's form body. */
export function commandBody(fields: { command: string; text: string; user_id: string; channel_id: string; response_url: string }): string {
  return new URLSearchParams({ team_id: 'T1', trigger_id: 't', ...fields }).toString();
}

/** Polls until `get()` has at least `count` items (or gives up after `ms`), then returns them. */
export async function waitFor<T>(get: () => T[], count: number, ms = 15_000): Promise<T[]> {
  const end = Date.now() + ms;
  while (get().length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 30));
  return get();
}
