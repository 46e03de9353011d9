import type { RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import { TelegramServer as TestServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, registerCommands, startPolling, webhookHandler } from '../../../src/adapters/telegram/bot.js';
import { createServer as createHttpServer } from 'node:http';
import { once } from 'node:events';
import type { BotContext, TelegramDeps } from '../../../src/adapters/telegram/context.js';
import { MemoryStore } from '../../../src/store/store.js';
import type { Runtime } from '../../../src/runtime.js';
import { offlineRuntime } from '../../helpers/runtime.js';
import { FakeAnswerService } from '../../fakes/answers.js';
import { FakeOpenAIServer } from '../../fakes/openai-server.js';
import { createRuntime } from '../../../src/runtime.js';
import { CORPUS_DIR } from '../../helpers/corpus.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_INFO, freePort } from './harness.js';

const TOKEN = '123456:real-answers';
const LONG_TOKEN = '654321:fake-answers';

let server: TestServer;
let runtime: Runtime;
const bots: { bot: Bot<BotContext>; runner: RunnerHandle }[] = [];
const localCalls: { method: string; payload: unknown }[] = [];
const store = new MemoryStore();
const fake = new FakeAnswerService((q) => `${'ผลการค้นหา กรุณาอ่านอย่างละเอียด '.repeat(260)}จบ ${q.length}`);

/** Starts a bot on the test server; the Bot API methods the server lacks are answered here, in the test only. */
function startBot(token: string, deps: TelegramDeps): Bot<BotContext> {
  const bot = createTelegramBot(token, deps, { apiRoot: server.config.apiURL, botInfo: BOT_INFO });
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method === 'editMessageText') localCalls.push({ method, payload });
    if (method === 'sendChatAction' || method === 'setMyCommands') {
      localCalls.push({ method, payload });
      return { ok: true, result: true } as never;
    }
    const result = await prev(method, payload, signal);
    // The test server answers getUpdates at once; pause on an empty batch instead of spinning.
    if (method === 'getUpdates' && Array.isArray((result as { result?: unknown[] }).result) && !(result as { result: unknown[] }).result.length) {
      await new Promise((r) => setTimeout(r, 25));
    }
    return result;
  });
  bots.push({ bot, runner: startPolling(bot) });
  return bot;
}

type BotMessage = { message: { text: string; chat_id: number | string; parse_mode?: string; reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] } } };

type Client = ReturnType<TestServer['getClient']>;
const chatOf = new Map<Client, { token: string; chatId: number }>();

/** A test client for a user (and chat) of a bot. */
function clientFor(token: string, options: { userId: number; chatId: number; type?: 'private' | 'group'; chatTitle?: string; firstName?: string }): Client {
  const client = server.getClient(token, options);
  chatOf.set(client, { token, chatId: options.chatId });
  return client;
}

/**
 * The bot's new messages to a client's chat, waiting until `count` arrived or the time runs out. (Read from
 * the server's client endpoint directly: the bundled client's getUpdates keeps polling after its timeout.)
 */
async function botMessages(client: Client, count: number, timeoutMs = 15_000, counts: (m: BotMessage) => boolean = () => true): Promise<BotMessage[]> {
  const { token, chatId } = chatOf.get(client)!;
  const got: BotMessage[] = [];
  const end = Date.now() + timeoutMs;
  while (got.filter(counts).length < count && Date.now() < end) {
    const res = await fetch(`${server.config.apiURL}/getUpdates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, chatId }) });
    got.push(...((await res.json()) as { result: BotMessage[] }).result);
    if (got.filter(counts).length < count) await new Promise((r) => setTimeout(r, 40));
  }
  return got;
}

const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = new TestServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  runtime = await offlineRuntime();
  startBot(TOKEN, { answers: runtime.answers, i18n: runtime.i18n, store, documents: runtime.index.documents.map((d) => d.document), questionsPerMinute: 30 });
  startBot(LONG_TOKEN, { answers: fake, i18n: runtime.i18n, store: new MemoryStore(), documents: [] });
}, 60_000);

afterAll(async () => {
  for (const { runner } of bots) if (runner.isRunning()) await runner.stop();
  await server.stop();
});

describe('the Telegram bot (grammY against telegram-test-api)', () => {
  it('answers a Thai user in Thai, with a numbered source list and feedback buttons', async () => {
    const client = clientFor(TOKEN, { userId: 1001, chatId: 1001, firstName: 'Somchai' });
    await client.sendMessage(client.makeMessage('โครงการของเราพัฒนาระบบเตือนภัยสึนามิ ควรอยู่สาขาความร่วมมือด้านไหน', { from: { id: 1001, first_name: 'Somchai', is_bot: false, language_code: 'th' } as never }));
    const [reply] = await botMessages(client, 1);
    expect(reply?.message.parse_mode).toBe('HTML');
    expect(reply?.message.text).toMatch(/[\u0e00-\u0e7f]/u);
    expect(reply?.message.text).toContain(`<b>${runtime.i18n.t('th', 'answer.sources')}</b>`);
    expect(reply?.message.text).toContain('减灾防灾');
    const buttons = reply!.message.reply_markup!.inline_keyboard!.flat().map((b) => b.callback_data);
    expect(buttons.some((d) => d.startsWith('fb:1:'))).toBe(true);
    expect(localCalls.some((c) => c.method === 'sendChatAction')).toBe(true);
  });

  it('reads a follow-up in a private chat against the previous question ("and the next item?")', async () => {
    const client = clientFor(TOKEN, { userId: 1010, chatId: 1010 });
    await client.sendMessage(client.makeMessage('What does item 4 of the Innovation Road initiative say?'));
    const [first] = await botMessages(client, 1);
    expect(first?.message.text).toContain('4 共建联合实验室');
    await client.sendMessage(client.makeMessage('and the next item?'));
    const [next] = await botMessages(client, 1);
    expect(next?.message.text).toContain('5 开展科技园区合作');
    // Another chat has no previous question to follow.
    const other = clientFor(TOKEN, { userId: 1011, chatId: 1011 });
    await other.sendMessage(other.makeMessage('and the next item?'));
    const [alone] = await botMessages(other, 1);
    expect(alone?.message.text).not.toContain('5 开展科技园区合作');
  });

  it('/lang shows the 14 languages; the choice is stored and wins over detection', async () => {
    const client = clientFor(TOKEN, { userId: 1002, chatId: 1002 });
    await client.sendCommand(client.makeCommand('/lang'));
    const [menu] = await botMessages(client, 1);
    const options = menu!.message.reply_markup!.inline_keyboard!.flat().map((b) => b.callback_data);
    expect(options).toHaveLength(14);
    await client.sendCallback(client.makeCallbackQuery('lang:vi', { message: { message_id: 1, chat: { id: 1002, type: 'private', first_name: 'x' } } as never }));
    const [confirmation] = await botMessages(client, 1);
    expect(confirmation?.message.text).toBe(runtime.i18n.t('vi', 'bot.languageSet'));
    expect(await store.getLanguage('telegram:1002')).toBe('vi');
    await client.sendMessage(client.makeMessage('Where was the 6th China-ASEAN technology transfer conference held?'));
    const [answer] = await botMessages(client, 1);
    expect(answer?.message.text.startsWith(runtime.i18n.t('vi', 'answer.intro'))).toBe(true);
  });

  it('ignores group chatter, and answers in a group when mentioned', async () => {
    const client = clientFor(TOKEN, { userId: 1003, chatId: -5003, type: 'group', chatTitle: 'Partners' });
    await client.sendMessage(client.makeMessage('Where was the 6th conference held?'));
    await quiet(1500);
    expect(await botMessages(client, 1, 300)).toHaveLength(0);
    const text = '@TestNameBot Where was the 6th China-ASEAN technology transfer conference held?';
    await client.sendMessage(client.makeMessage(text, { entities: [{ type: 'mention', offset: 0, length: 12 }] } as never));
    const [reply] = await botMessages(client, 1);
    expect(reply?.message.text).toContain('南宁');
  });

  it('escapes HTML and markdown in passages and questions, so the message never breaks', async () => {
    const client = clientFor(TOKEN, { userId: 1004, chatId: 1004 });
    await client.sendMessage(client.makeMessage('2015年中国东盟自由贸易区升级谈判成果文件 <b>修订</b> & *议定书* _是什么_'));
    const [reply] = await botMessages(client, 1);
    expect(reply?.message.text).toContain('&lt;中国-东盟全面经济合作框架协议&gt;');
    expect(reply?.message.text).not.toMatch(/<(?!\/?(b|a|i)\b)[^>]*>/u);
  });

  it('splits a reply over 4,096 characters into complete pieces, never inside an entity or a cluster', async () => {
    const client = clientFor(LONG_TOKEN, { userId: 1005, chatId: 1005 });
    await client.sendMessage(client.makeMessage('ขอรายละเอียดทั้งหมด <ทดสอบ> & ครบ'));
    const messages = await botMessages(client, 3, 10_000);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const m of messages) {
      expect(m.message.text.length).toBeLessThanOrEqual(4096);
      expect(m.message.text).not.toMatch(/&[a-z]*$/u);
      expect(m.message.text).not.toMatch(/^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]/u);
    }
    const whole = messages.map((m) => m.message.text).join(' ');
    expect(whole).toContain('จบ');
    expect(whole.match(/ผลการค้นหา/gu)).toHaveLength(260);
    expect(messages.at(-1)!.message.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data.startsWith('fb:'))).toBe(true);
    expect(whole).toContain('Doc &lt;title&gt; &amp; co');
  });

  it('stores a feedback press and acknowledges it', async () => {
    const client = clientFor(LONG_TOKEN, { userId: 1006, chatId: 1006 });
    await client.sendMessage(client.makeMessage('feedback please'));
    const messages = await botMessages(client, 3);
    const data = messages.at(-1)!.message.reply_markup!.inline_keyboard!.flat().find((b) => b.callback_data.startsWith('fb:0:'))!.callback_data;
    await client.sendCallback(client.makeCallbackQuery(data, { message: { message_id: 1, chat: { id: 1006, type: 'private', first_name: 'x' } } as never }));
    await expect.poll(() => fake.verdicts.length, { timeout: 5000 }).toBe(1);
    expect(fake.verdicts[0]).toMatchObject({ answerId: data.slice(5), helpful: false, user: 'telegram:1006' });
  });

  it('hints that only text is read, for photos and stickers', async () => {
    const client = clientFor(TOKEN, { userId: 1007, chatId: 1007 });
    await client.sendMessage(client.makeMessage('', { photo: [{ file_id: 'x', file_unique_id: 'y', width: 1, height: 1 }] } as never));
    const [reply] = await botMessages(client, 1);
    expect(reply?.message.text).toBe(runtime.i18n.t('en', 'bot.textOnly'));
  });

  it('registers its commands in every language Telegram can name', async () => {
    await registerCommands(bots[0]!.bot, runtime.i18n);
    const calls = localCalls.filter((c) => c.method === 'setMyCommands').map((c) => c.payload as { language_code?: string; commands: { command: string; description: string }[] });
    expect(calls.map((c) => c.language_code ?? 'default').sort()).toEqual(['default', 'id', 'km', 'lo', 'ms', 'my', 'pt', 'ta', 'th', 'tl', 'vi', 'zh']);
    expect(calls.find((c) => c.language_code === 'th')?.commands.find((c) => c.command === 'lang')?.description).toBe(runtime.i18n.t('th', 'bot.commandLang'));
  });

  it('gives 50 users asking 10 questions each, at once, exactly one answer per question', async () => {
    const clients = Array.from({ length: 50 }, (_, i) => clientFor(TOKEN, { userId: 2000 + i, chatId: 2000 + i }));
    const questions = ['Where was the 6th conference held?', 'What are the priority fields?', 'Who funds the Partnership Program?', '第11届东创会在哪里开幕', 'ศูนย์ถ่ายทอดเทคโนโลยีจีน-อาเซียน', 'Apa itu Innovation Road?', 'hội nghị lần thứ 6 ở đâu', 'Quem organizou o sub-fórum?', 'ផ្នែកអាទិភាព', 'Sino si Wang Zhigang?'];
    await Promise.all(clients.flatMap((c) => questions.map((q) => c.sendMessage(c.makeMessage(q)))));
    // A long answer (a list with its translations) comes in several messages; the last one carries the buttons.
    const isAnswer = (m: BotMessage) => m.message.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data.startsWith('fb:')) ?? false;
    const replies = await Promise.all(clients.map((c) => botMessages(c, 10, 90_000, isAnswer)));
    for (const r of replies) {
      const answers = r.filter(isAnswer);
      expect(answers).toHaveLength(10);
      expect(new Set(answers.map((m) => m.message.reply_markup!.inline_keyboard![0]![0]!.callback_data)).size).toBe(10);
    }
    await quiet(500);
    for (const c of clients.slice(0, 5)) expect(await botMessages(c, 1, 200)).toHaveLength(0);
  }, 120_000);

  it('in webhook mode, handles updates that carry the secret and refuses the others with 401', async () => {
    const bot = createTelegramBot('777:webhook', { answers: fake, i18n: runtime.i18n, store: new MemoryStore(), documents: [] }, { apiRoot: server.config.apiURL, botInfo: BOT_INFO });
    const handle = webhookHandler(bot, 'the-secret');
    const http = createHttpServer((req, res) => void handle(req, res));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const url = `http://127.0.0.1:${(http.address() as { port: number }).port}/telegram`;
    const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 3001, type: 'private', first_name: 'W' }, from: { id: 3001, is_bot: false, first_name: 'W' }, text: 'hello webhook' } };
    const post = (secret?: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) }, body: JSON.stringify(update) });
    expect((await post()).status).toBe(401);
    expect((await post('wrong')).status).toBe(401);
    expect(fake.requests.some((r) => r.question === 'hello webhook')).toBe(false);
    expect((await post('the-secret')).status).toBe(200);
    const client = clientFor('777:webhook', { userId: 3001, chatId: 3001 });
    const replies = await botMessages(client, 3);
    expect(replies.map((r) => r.message.text).join(' ')).toContain(`จบ ${'hello webhook'.length}`);
    expect(fake.requests.filter((r) => r.question === 'hello webhook')).toHaveLength(1);
    http.close();
  });

  it('with an allowlist, tells other private chats it is not available and answers nothing', async () => {
    const guarded = new FakeAnswerService(() => 'should not be asked');
    startBot('888:allowlist', { answers: guarded, i18n: runtime.i18n, store: new MemoryStore(), documents: [], allowedChatIds: new Set([4001]) });
    const outsider = clientFor('888:allowlist', { userId: 4002, chatId: 4002 });
    await outsider.sendMessage(outsider.makeMessage('Where was the 6th conference held?'));
    const [reply] = await botMessages(outsider, 1);
    expect(reply?.message.text).toBe(runtime.i18n.t('en', 'bot.notAllowed'));
    const member = clientFor('888:allowlist', { userId: 4001, chatId: 4001 });
    await member.sendMessage(member.makeMessage('Where was the 6th conference held?'));
    await botMessages(member, 1);
    expect(guarded.requests).toHaveLength(1);
  });

  it('in generative mode, grows the reply by edits, then leaves the full answer with its buttons', async () => {
    const llm = new FakeOpenAIServer(16);
    const baseURL = await llm.start();
    const generative = await createRuntime(
      { openai: { apiKey: 'sk-test', baseURL, embeddingModel: 'e', chatModel: 'c', timeoutMs: 5000 }, corpusDir: CORPUS_DIR, dataDir: await mkdtemp(join(tmpdir(), 'tg-gen-')), logQuestions: false, web: { host: '127.0.0.1', port: 0 } },
      { memoryStore: true },
    );
    const reply = 'The 6th China-ASEAN Technology Transfer and Innovation Cooperation Conference was held in Nanning on 11 September 2018, co-hosted by the Ministry of Science and Technology and the Guangxi government [1].';
    llm.script('/v1/chat/completions', { kind: 'chat', content: reply });
    startBot('999:generative', { answers: generative.answers, i18n: runtime.i18n, store: new MemoryStore(), documents: [], editIntervalMs: 0 });
    const client = clientFor('999:generative', { userId: 5001, chatId: 5001 });
    const before = localCalls.filter((c) => c.method === 'editMessageText').length;
    await client.sendMessage(client.makeMessage('Where and when was the 6th China-ASEAN technology transfer conference held?'));
    const [message] = await botMessages(client, 1);
    await expect.poll(() => server.storage.botMessages.find((m) => String(m.message.chat_id) === '5001')?.message.reply_markup !== undefined, { timeout: 10_000 }).toBe(true);
    const edits = localCalls.slice(before).filter((c) => c.method === 'editMessageText' && String((c.payload as { chat_id: number }).chat_id) === '5001');
    expect(edits.length).toBeGreaterThanOrEqual(2);
    const final = server.storage.botMessages.find((m) => String(m.message.chat_id) === '5001')!.message;
    expect(final.text).toContain('Nanning on 11 September 2018');
    expect(final.text).toContain(`<b>${runtime.i18n.t('en', 'answer.sources')}</b>`);
    expect(message).toBeDefined();
    await llm.stop();
  });
});