import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, slackRequestListener } from '../../../src/adapters/slack/app.js';
import { createWebServer } from '../../../src/adapters/web/server.js';
import { readLocales } from '../../../src/i18n/i18n.js';
import { once } from 'node:events';
import { MemoryStore } from '../../../src/store/store.js';
import type { Runtime } from '../../../src/runtime.js';
import { offlineRuntime } from '../../helpers/runtime.js';
import { FakeAnswerService } from '../../fakes/answers.js';
import { SlackApiStub } from '../../fakes/slack-api.js';
import { eventBody, SECRET, signedPost, startApp as startHarnessApp, TOKEN, waitFor } from './harness.js';

const logs: string[] = [];
let runtime: Runtime;

/** A Slack app on Bolt's HTTP receiver, on 127.0.0.1, with its Web API pointed at a stub. */
function startApp(answers: Parameters<typeof startHarnessApp>[0], locales: Record<string, string> = {}) {
  return startHarnessApp(answers, { i18n: runtime.i18n, log: (m) => logs.push(m), locales });
}

const apps: App[] = [];
beforeAll(async () => {
  runtime = await offlineRuntime();
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  expect(logs.join('\n')).not.toContain(TOKEN);
  expect(logs.join('\n')).not.toContain(SECRET);
});

describe('the Slack app (Bolt, HTTP mode, Web API stub)', () => {
  it('answers a signed Vietnamese mention in its thread, in Vietnamese, with sources and buttons', async () => {
    const { app, stub, url } = await startApp(runtime.answers);
    apps.push(app);
    const res = await signedPost(url, eventBody({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1700000000.000100', text: '<@UBOT> Hội nghị chuyển giao công nghệ lần thứ 6 được tổ chức ở đâu?' }));
    expect(res.status).toBe(200);
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000000.000100' });
    const blocks = post!.args.blocks as { type: string; text?: { text: string }; elements?: { text?: string; action_id?: string }[] }[];
    expect(blocks[0]!.text!.text.startsWith(runtime.i18n.t('vi', 'answer.intro'))).toBe(true);
    const context = blocks.find((b) => b.type === 'context')!;
    expect(context.elements![0]!.text).toBe(`*${runtime.i18n.t('vi', 'answer.sources')}*`);
    expect(blocks.at(-1)!.elements!.map((e) => e.action_id)).toEqual(['feedback_helpful', 'feedback_not_helpful', 'show_original']);
    // "Original passages": the cited passages verbatim, to the clicker only.
    const button = blocks.at(-1)!.elements!.find((e) => e.action_id === 'show_original') as { value: string };
    const payload = { type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, api_app_id: 'A1', container: { type: 'message' }, response_url: `${stub.base}/response/9`, trigger_id: 't', actions: [{ type: 'button', action_id: 'show_original', block_id: 'feedback', value: button.value, action_ts: '1' }] };
    expect((await signedPost(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { contentType: 'application/x-www-form-urlencoded' })).status).toBe(200);
    const [shown] = await waitFor(() => stub.of('response_url'), 1);
    expect(shown!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const shownText = (shown!.args.blocks as { text: { text: string } }[]).map((b) => b.text.text).join('\n');
    expect(shownText.startsWith(runtime.i18n.t('vi', 'bot.originalPassages'))).toBe(true);
    expect(shownText).toMatch(/[\u4e00-\u9fff]{10}/u);
  });

  it('refuses a bad or stale signature with 401 and posts nothing', async () => {
    const { app, stub, url } = await startApp(runtime.answers);
    apps.push(app);
    const body = eventBody({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '1.1', text: '<@UBOT> hi' });
    expect((await signedPost(url, body, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await signedPost(url, body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(stub.of('chat.postMessage')).toHaveLength(0);
  });

  it('answers a retried event once', async () => {
    const fake = new FakeAnswerService((q) => `echo ${q}`);
    const { app, stub, url } = await startApp(fake);
    apps.push(app);
    const body = eventBody({ type: 'app_mention', user: 'U1', channel: 'C1', ts: '2.1', text: '<@UBOT> once only' }, 'EvRetry1');
    expect((await signedPost(url, body)).status).toBe(200);
    expect((await signedPost(url, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    expect((await signedPost(url, body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await waitFor(() => stub.of('chat.postMessage'), 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(stub.of('chat.postMessage')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.question === 'once only')).toHaveLength(1);
  });

  it('acknowledges /ask before the answer is ready, then answers through response_url', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = new FakeAnswerService((q) => `answer to ${q}`);
    const slow = { ask: async (req: Parameters<FakeAnswerService['ask']>[0]) => (await gate, fake.ask(req)), feedback: fake.feedback.bind(fake) };
    const { app, stub, url } = await startApp(slow);
    apps.push(app);
    const form = new URLSearchParams({ command: '/ask', text: 'where is the secretariat?', user_id: 'U2', channel_id: 'C2', team_id: 'T1', response_url: `${stub.base}/response/1`, trigger_id: 't' }).toString();
    const res = await signedPost(url, form, { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(stub.of('response_url')).toHaveLength(0);
    release();
    const [response] = await waitFor(() => stub.of('response_url'), 1);
    expect(response!.args).toMatchObject({ response_type: 'ephemeral' });
    expect(response!.args.blocks[0].text.text).toContain('answer to where is the secretariat?');
  });

  it('stores a 👎 click as feedback and acknowledges it to the clicker', async () => {
    const fake = new FakeAnswerService(() => 'x');
    const answer = await fake.ask({ question: 'q' });
    const { app, stub, url } = await startApp(fake);
    apps.push(app);
    const payload = { type: 'block_actions', user: { id: 'U3' }, team: { id: 'T1' }, api_app_id: 'A1', container: { type: 'message' }, response_url: `${stub.base}/response/2`, trigger_id: 't', actions: [{ type: 'button', action_id: 'feedback_not_helpful', block_id: 'feedback', value: answer.id, action_ts: '1' }] };
    const res = await signedPost(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    await waitFor(() => fake.verdicts, 1);
    expect(fake.verdicts[0]).toMatchObject({ answerId: answer.id, helpful: false, user: 'slack:U3' });
    const [ack] = await waitFor(() => stub.of('response_url'), 1);
    expect(ack!.args).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: runtime.i18n.t('en', 'bot.feedbackThanks') });
  });

  it('escapes hostile mrkdwn: mentions, links and entities come out as text', async () => {
    const fake = new FakeAnswerService((q) => `You said: ${q}`);
    const { app, stub, url } = await startApp(fake);
    apps.push(app);
    await signedPost(url, eventBody({ type: 'message', channel_type: 'im', user: 'U4', channel: 'D4', ts: '3.1', text: '<!channel> <@U999> <http://evil.example|click> & *bold*' }));
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    const text = post!.args.blocks[0].text.text as string;
    expect(text).toContain('&lt;!channel&gt; &lt;@U999&gt; &lt;http://evil.example|click&gt; &amp; *bold*');
    expect(text).not.toMatch(/<[!@h]/u);
    expect(post!.args.blocks[0].text.verbatim).toBe(true);
    expect(post!.args.thread_ts).toBeUndefined();
  });

  it('answers a follow-up in a thread it answered, with the thread’s question as context', async () => {
    const fake = new FakeAnswerService((q) => `re: ${q}`);
    const { app, stub, url } = await startApp(fake);
    apps.push(app);
    await signedPost(url, eventBody({ type: 'app_mention', user: 'U5', channel: 'C5', ts: '5.1', text: '<@UBOT> What are the modes of cooperation?' }));
    await waitFor(() => stub.of('chat.postMessage'), 1);
    await signedPost(url, eventBody({ type: 'message', channel_type: 'channel', user: 'U5', channel: 'C5', ts: '5.2', thread_ts: '5.1', text: 'and which one fits a university?' }));
    await signedPost(url, eventBody({ type: 'message', channel_type: 'channel', user: 'U5', channel: 'C5', ts: '6.1', text: 'unrelated chatter' }));
    const posts = await waitFor(() => stub.of('chat.postMessage'), 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(stub.of('chat.postMessage')).toHaveLength(2);
    expect(posts[1]!.args.thread_ts).toBe('5.1');
    expect(fake.requests.at(-1)).toMatchObject({ question: 'and which one fits a university?', context: 'What are the modes of cooperation?', conversationId: 'slack:C5:5.1' });
    // The thread is one conversation: the mention that started it carries the same id.
    expect(fake.requests.at(-2)).toMatchObject({ conversationId: 'slack:C5:5.1' });
  });

  it('replies in the user’s Slack locale when the text is ambiguous, and /ask-lang overrides it', async () => {
    const fake = new FakeAnswerService(() => 'ok');
    const { app, stub, url, store } = await startApp(fake, { U6: 'pt-BR' });
    apps.push(app);
    await signedPost(url, eventBody({ type: 'message', channel_type: 'im', user: 'U6', channel: 'D6', ts: '7.1', text: '5G?' }));
    await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(fake.requests.at(-1)).toMatchObject({ locale: 'pt-BR', localeIsChoice: false });
    const form = new URLSearchParams({ command: '/ask-lang', text: 'km', user_id: 'U6', channel_id: 'D6', team_id: 'T1', response_url: `${stub.base}/response/3`, trigger_id: 't' }).toString();
    const res = await signedPost(url, form, { contentType: 'application/x-www-form-urlencoded' });
    expect(((await res.json()) as { text: string }).text).toBe(runtime.i18n.t('km', 'bot.languageSet'));
    expect(await store.getLanguage('slack:U6')).toBe('km');
    await signedPost(url, eventBody({ type: 'message', channel_type: 'im', user: 'U6', channel: 'D6', ts: '7.2', text: 'Where is it?' }));
    await waitFor(() => stub.of('chat.postMessage'), 2);
    expect(fake.requests.at(-1)).toMatchObject({ locale: 'km', localeIsChoice: true });
  });

  it('apologizes in the thread when answering fails, and logs no token', async () => {
    const broken = { ask: async () => { throw new Error(`upstream failed with ${TOKEN}`); }, feedback: async () => false };
    const { app, stub, url } = await startApp(broken);
    apps.push(app);
    await signedPost(url, eventBody({ type: 'app_mention', user: 'U7', channel: 'C7', ts: '8.1', text: '<@UBOT> anything' }));
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(post!.args).toMatchObject({ thread_ts: '8.1', text: runtime.i18n.t('en', 'bot.error') });
    expect(logs.some((l) => l.includes('mention failed'))).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('works mounted on the web console at /slack/events, as npm start runs it', async () => {
    const stub = new SlackApiStub();
    const apiUrl = await stub.start();
    const fake = new FakeAnswerService((q) => `mounted: ${q}`);
    const app = createSlackApp({ token: TOKEN, signingSecret: SECRET, apiUrl, endpoint: '/slack/events' }, { answers: fake, i18n: runtime.i18n, store: new MemoryStore() });
    const web = createWebServer({
      answers: runtime.answers, retriever: runtime.retriever, documents: [], chunks: [], i18n: runtime.i18n, locales: readLocales(), store: new MemoryStore(),
      routes: { '/slack/events': slackRequestListener(app)! },
    });
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    const url = `http://127.0.0.1:${(web.address() as { port: number }).port}/slack/events`;
    expect((await signedPost(url, eventBody({ type: 'app_mention', user: 'U8', channel: 'C8', ts: '9.1', text: '<@UBOT> through the console' }))).status).toBe(200);
    const [post] = await waitFor(() => stub.of('chat.postMessage'), 1);
    expect(post!.args.blocks[0].text.text).toContain('mounted: through the console');
    expect((await signedPost(url, '{}', { signature: 'v0=bad' })).status).toBe(401);
    web.close();
    await stub.stop();
  });
});