import { once } from 'node:events';
import { createServer } from 'node:http';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, slackRequestListener } from '../../../src/adapters/slack/app.js';
import type { Answer } from '../../../src/core/types.js';
import { createI18n, type Translator } from '../../../src/i18n/i18n.js';
import { MemoryStore } from '../../../src/store/store.js';
import { FakeAnswerService } from '../../fakes/answers.js';
import { SlackApiStub } from '../../fakes/slack-api.js';
import { commandBody, eventBody, SECRET, sign, signedPost, startApp as startHarnessApp, TOKEN, waitFor } from './harness.js';

// Slack's platform contract, probe by probe: what an attacker (or Slack's own retries) sends, and what the
// app must do. Each probe sends a real signed request to Bolt's HTTP receiver on 127.0.0.1.

const logs: string[] = [];
let i18n: Translator;
const apps: App[] = [];
const stubs: SlackApiStub[] = [];

async function startApp(answers: Parameters<typeof startHarnessApp>[0], locales: Record<string, string> = {}) {
  const started = await startHarnessApp(answers, { i18n, log: (m) => logs.push(m), locales });
  apps.push(started.app);
  stubs.push(started.stub);
  return started;
}

const nowS = () => Math.floor(Date.now() / 1000);
const dm = (user: string, text: string, ts: string) => ({ type: 'message', channel_type: 'im', user, channel: `D${user}`, ts, text });

/** An answer service whose answers wait for `release()`; `entered` lists the questions that reached it. */
function gatedAnswers(reply: (q: string) => string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const fake = new FakeAnswerService(reply);
  const entered: string[] = [];
  const service = {
    ask: async (req: Parameters<FakeAnswerService['ask']>[0]) => {
      entered.push(req.question);
      await gate;
      return fake.ask(req);
    },
    feedback: fake.feedback.bind(fake),
  };
  return { service, fake, entered, release };
}

beforeAll(async () => {
  i18n = await createI18n();
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const stub of stubs) await stub.stop();
  expect(logs.join('\n')).not.toContain(TOKEN);
  expect(logs.join('\n')).not.toContain(SECRET);
});

describe('Slack request signatures: a five-minute window on both sides', () => {
  it('refuses correctly signed requests stamped more than 5 minutes in the past or in the future, and answers one inside the window', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { stub, url } = await startApp(fake);
    const past = eventBody(dm('U1', 'from the past', '1.1'));
    const future = eventBody(dm('U1', 'from the future', '1.2'));
    expect((await signedPost(url, past, { timestamp: nowS() - 400 })).status).toBe(401);
    expect((await signedPost(url, future, { timestamp: nowS() + 400 })).status).toBe(401);
    expect((await signedPost(url, future, { timestamp: nowS() + 3600 })).status).toBe(401);
    // A 401 is sent before anything is dispatched: nothing reached the answer service.
    expect(fake.requests).toHaveLength(0);
    expect((await signedPost(url, eventBody(dm('U1', 'slightly ahead', '1.3')), { timestamp: nowS() + 120 })).status).toBe(200);
    const posts = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(posts).toHaveLength(1);
    expect(fake.requests.map((r) => r.question)).toEqual(['slightly ahead']);
  });

  it('refuses a missing or malformed timestamp, a missing signature and a signature made with another secret', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { url } = await startApp(fake);
    const body = eventBody(dm('U1', 'forged', '2.1'));
    const ts = nowS();
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({ 'x-slack-signature': sign(body, ts) })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': `${ts}.5`, 'x-slack-signature': sign(body, ts) })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': String(ts) })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts, 'another-secret') })).status).toBe(401);
    expect((await post({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(`${body} `, ts) })).status).toBe(401);
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps the window when mounted as a raw handler on another server that has not read the body', async () => {
    const stub = new SlackApiStub();
    stubs.push(stub);
    const apiUrl = await stub.start();
    const fake = new FakeAnswerService((q) => `mounted: ${q}`);
    const app = createSlackApp({ token: TOKEN, signingSecret: SECRET, apiUrl, endpoint: '/slack/events' }, { answers: fake, i18n, store: new MemoryStore(), log: (m) => logs.push(m) });
    const handle = slackRequestListener(app)!;
    const server = createServer((req, res) => void handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
      expect((await signedPost(url, eventBody(dm('U2', 'future, mounted', '3.1')), { timestamp: nowS() + 400 })).status).toBe(401);
      expect((await signedPost(url, eventBody(dm('U2', 'past, mounted', '3.2')), { timestamp: nowS() - 400 })).status).toBe(401);
      expect(fake.requests).toHaveLength(0);
      expect((await signedPost(url, eventBody(dm('U2', 'now, mounted', '3.3')))).status).toBe(200);
      const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
      expect(post!.args.blocks[0].text.text).toContain('mounted: now, mounted');
      expect((await fetch(url.replace('/slack/events', '/elsewhere'), { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('answers Slack’s unsigned ssl_check with 200 and dispatches nothing', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { stub, url } = await startApp(fake);
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x&command=%2Fask&text=smuggled&user_id=U9&channel_id=C9&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fresponse%2F9' });
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(0);
    expect(stub.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
  });
});

describe('Slack replays and retries: each request and each event answered once', () => {
  it('acknowledges a replayed /ask (same signature and body) with 200 and answers it once', async () => {
    const fake = new FakeAnswerService((q) => `answer to ${q}`);
    const { stub, url } = await startApp(fake);
    const body = commandBody({ command: '/ask', text: 'replayed question', user_id: 'U3', channel_id: 'C3', response_url: `${stub.base}/response/r1` });
    const ts = nowS();
    const signature = sign(body, ts);
    const form = { contentType: 'application/x-www-form-urlencoded', timestamp: ts, signature };
    expect((await signedPost(url, body, form)).status).toBe(200);
    const replay = await signedPost(url, body, form);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('');
    // A later, different request is answered: by then a processed replay would have been answered too.
    const sentinel = commandBody({ command: '/ask', text: 'sentinel question', user_id: 'U3', channel_id: 'C3', response_url: `${stub.base}/response/r2` });
    expect((await signedPost(url, sentinel, { contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    const responses = await waitFor(() => stub.of('response_url'), 2);
    expect(responses.map((r) => r.method).sort()).toEqual(['/response/r1', '/response/r2']);
    expect(fake.requests.filter((r) => r.question === 'replayed question')).toHaveLength(1);
    expect(logs.some((l) => l.includes('replayed request'))).toBe(true);
  });

  it('answers an event delivered several times (each delivery signed anew, with or without retry headers) once, by its event_id', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { stub, url } = await startApp(fake);
    const body = eventBody({ type: 'app_mention', user: 'U4', channel: 'C4', ts: '4.1', text: '<@UBOT> delivered thrice' }, 'EvDup1');
    const ts = nowS();
    expect((await signedPost(url, body, { timestamp: ts })).status).toBe(200);
    expect((await signedPost(url, body, { timestamp: ts - 1, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await signedPost(url, body, { timestamp: ts - 2 })).status).toBe(200);
    expect((await signedPost(url, eventBody(dm('U4', 'sentinel', '4.2')))).status).toBe(200);
    const posts = await waitFor(() => stub.of('chat.postMessage'), 2);
    expect(posts).toHaveLength(2);
    expect(fake.requests.map((r) => r.question).sort()).toEqual(['delivered thrice', 'sentinel']);
  });

  it('answers a new event whose first delivery carries retry headers, and its later retries not again', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { stub, url } = await startApp(fake);
    const body = eventBody({ type: 'app_mention', user: 'U5', channel: 'C5', ts: '5.1', text: '<@UBOT> first seen on a retry' }, 'EvRetryFirst');
    const ts = nowS();
    expect((await signedPost(url, body, { timestamp: ts, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } })).status).toBe(200);
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(post!.args).toMatchObject({ channel: 'C5', thread_ts: '5.1' });
    expect(post!.args.blocks[0].text.text).toContain('echo first seen on a retry');
    expect((await signedPost(url, body, { timestamp: ts - 1, headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } })).status).toBe(200);
    expect((await signedPost(url, eventBody(dm('U5', 'sentinel', '5.2')))).status).toBe(200);
    await waitFor(() => stub.of('chat.postMessage'), 2);
    expect(fake.requests.filter((r) => r.question === 'first seen on a retry')).toHaveLength(1);
  });
});

describe('Slack slash commands: acknowledged whatever the headers', () => {
  it('acknowledges a /ask carrying retry headers before its answer is ready, then answers it once', async () => {
    const { service, fake, entered, release } = gatedAnswers((q) => `answer to ${q}`);
    const { stub, url } = await startApp(service);
    const body = commandBody({ command: '/ask', text: 'asked with retry headers', user_id: 'U6', channel_id: 'C6', response_url: `${stub.base}/response/a1` });
    const res = await signedPost(url, body, { contentType: 'application/x-www-form-urlencoded', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(res.status).toBe(200);
    // Acknowledged while the answer is still held back: the ack did not wait for it.
    expect(stub.of('response_url')).toHaveLength(0);
    release();
    const [response] = await waitFor(() => stub.of('response_url'), 1);
    expect(response!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(response!.args.blocks[0].text.text).toContain('answer to asked with retry headers');
    expect(entered).toEqual(['asked with retry headers']);
    expect(fake.requests).toHaveLength(1);
  });

  it('acknowledges a command it does not know and tells the user how to ask', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { stub, url } = await startApp(fake, { U7: 'id-ID' });
    const body = commandBody({ command: '/unknown', text: 'anything', user_id: 'U7', channel_id: 'C7', response_url: `${stub.base}/response/u1` });
    const res = await signedPost(url, body, { contentType: 'application/x-www-form-urlencoded', headers: { 'x-slack-retry-num': '3' } });
    expect(res.status).toBe(200);
    const [response] = await waitFor(() => stub.of('response_url'), 1);
    expect(response!.args).toMatchObject({ response_type: 'ephemeral', text: i18n.t('id', 'bot.askUsage') });
    expect(fake.requests).toHaveLength(0);
  });

  it('apologizes in the user’s language when /ask fails, and logs neither the token nor the signing secret', async () => {
    const broken = { ask: async (): Promise<Answer> => { throw new Error(`upstream refused token ${TOKEN} and secret ${SECRET}`); }, feedback: async () => false };
    const { stub, url } = await startApp(broken, { U8: 'th-TH' });
    const body = commandBody({ command: '/ask', text: 'will fail', user_id: 'U8', channel_id: 'C8', response_url: `${stub.base}/response/f1` });
    expect((await signedPost(url, body, { contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    const [response] = await waitFor(() => stub.of('response_url'), 1);
    expect(response!.args).toMatchObject({ response_type: 'ephemeral', text: i18n.t('th', 'bot.error') });
    const failure = logs.find((l) => l.includes('/ask failed'));
    expect(failure).toContain('[redacted]');
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(SECRET);
  });
});

describe('Slack mrkdwn: escaped in the text fallback as in the blocks', () => {
  const hostile = '<!channel> <@U123> <http://evil.example|official form> & co';
  const escaped = '&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|official form&gt; &amp; co';

  it('escapes a hostile direct message in both the blocks and the text of the reply', async () => {
    const fake = new FakeAnswerService((q) => `You said: ${q}`);
    const { stub, url } = await startApp(fake);
    await signedPost(url, eventBody(dm('U9', hostile, '9.1')));
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(post!.args.text).toBe(`You said: ${escaped} [1]`);
    expect(post!.args.blocks[0].text.text).toContain(escaped);
    for (const text of [post!.args.text as string, post!.args.blocks[0].text.text as string]) expect(text).not.toMatch(/<[!@#h]/u);
  });

  it('escapes a hostile /ask in the text of the response_url reply', async () => {
    const fake = new FakeAnswerService((q) => `You asked: ${q}`);
    const { stub, url } = await startApp(fake);
    await signedPost(url, commandBody({ command: '/ask', text: hostile, user_id: 'U10', channel_id: 'C10', response_url: `${stub.base}/response/e1` }), { contentType: 'application/x-www-form-urlencoded' });
    const [response] = await waitFor(() => stub.of('response_url'), 1);
    expect(response!.args.text).toBe(`You asked: ${escaped} [1]`);
    expect(response!.args.blocks[0].text.text).toContain(escaped);
  });
});
