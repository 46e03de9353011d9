import { once } from 'node:events';
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { TelegramServer as TestServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_RETRY_ATTEMPTS, createTelegramBot, WEBHOOK_ACK_MS, webhookHandler } from '../../../src/adapters/telegram/bot.js';
import { recentUpdateIds } from '../../../src/adapters/telegram/features/redelivery.js';
import type { AnswerRequest } from '../../../src/answer/service.js';
import type { Answer } from '../../../src/core/types.js';
import { createI18n, type Translator } from '../../../src/i18n/i18n.js';
import { MemoryStore } from '../../../src/store/store.js';
import { FakeAnswerService } from '../../fakes/answers.js';
import { BOT_INFO, BotApiProxy, freePort } from './harness.js';

const SECRET = 'the-webhook-secret';
/**
 * Every webhook request must be answered within the acknowledgement bound; the margin is generous (a loaded
 * machine), yet far below a handler that holds the request until the answer is sent.
 */
const ACK_BOUND_MS = WEBHOOK_ACK_MS + 10_000;
/** The '/deadline' bot's limit on one Bot API call with its retries (shorter than the real one, to test it). */
const CALL_DEADLINE_MS = 1_500;

/** The fake answer service, with questions that make it wait for a gate ('slow …') or fail ('fail …'). */
class ScriptedAnswers extends FakeAnswerService {
  gate: Promise<void> = Promise.resolve();
  override async ask(request: AnswerRequest): Promise<Answer> {
    if (request.question.startsWith('fail')) {
      this.requests.push(request);
      throw new Error('the answer service is down');
    }
    const answer = await super.ask(request);
    if (request.question.startsWith('slow')) await this.gate;
    return answer;
  }
}

let server: TestServer;
let proxy: BotApiProxy;
let http: Server;
let base: string;
let i18n: Translator;
const logs: string[] = [];
const log = (m: string) => logs.push(m);
const answers = new ScriptedAnswers((q) => `answer to ${q}`);
const guardedAnswers = new FakeAnswerService((q) => `answer to ${q}`);
const guardedStore = new MemoryStore();

let nextUpdateId = 100;

/** A text message update from a user in their private chat. */
function message(userId: number, text: string, languageCode?: string) {
  const id = nextUpdateId++;
  const from = { id: userId, is_bot: false, first_name: 'U', ...(languageCode ? { language_code: languageCode } : {}) };
  return { update_id: id, message: { message_id: id, date: 1, chat: { id: userId, type: 'private', first_name: 'U' }, from, text } };
}

/** A button press: under a message in a chat (`{ message }`) or under an inline message (`{ inline_message_id }`). */
function press(userId: number, data: string, where: Record<string, unknown>) {
  const id = nextUpdateId++;
  return { update_id: id, callback_query: { id: `cb-${id}`, from: { id: userId, is_bot: false, first_name: 'P' }, chat_instance: 'ci', data, ...where } };
}

/**
 * POSTs a body (an update, or raw text) to a mounted webhook handler, with this secret header (none for null);
 * fails when no response comes within ACK_BOUND_MS.
 */
function post(path: string, body: unknown, secret: string | null = SECRET): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) };
  return fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(ACK_BOUND_MS) });
}

/** The texts the Bot API server received for a chat, in order. */
function delivered(chatId: number): string[] {
  return server.storage.botMessages.filter((m) => String(m.message.chat_id) === String(chatId)).map((m) => m.message.text);
}

/** The bot's answers to a button press. */
function callbackAnswers(id: string) {
  return proxy.calls.filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === id);
}

const tooManyRequests = { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };

beforeAll(async () => {
  server = new TestServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  proxy = new BotApiProxy(server.config.apiURL);
  const apiRoot = await proxy.start();
  i18n = await createI18n();
  const bot = createTelegramBot('701:webhook', { answers, i18n, store: new MemoryStore(), documents: [], log }, { apiRoot, botInfo: BOT_INFO });
  const hurried = createTelegramBot('703:deadline', { answers, i18n, store: new MemoryStore(), documents: [], log }, { apiRoot, botInfo: BOT_INFO, apiCallDeadlineMs: CALL_DEADLINE_MS });
  const guarded = createTelegramBot('702:guarded', { answers: guardedAnswers, i18n, store: guardedStore, documents: [], allowedChatIds: new Set([4001]), log }, { apiRoot, botInfo: BOT_INFO });
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = { '/telegram': webhookHandler(bot, SECRET, log), '/guarded': webhookHandler(guarded, SECRET, log), '/deadline': webhookHandler(hurried, SECRET, log) };
  http = createServer((req, res) => void routes[req.url ?? '']!(req, res));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
}, 60_000);

afterEach(() => {
  proxy.intercept = () => undefined;
  answers.gate = Promise.resolve();
});

afterAll(async () => {
  http.closeAllConnections();
  http.close();
  await proxy.stop();
  await server.stop();
});

describe('the Telegram webhook (grammY webhookCallback behind node:http, against telegram-test-api)', () => {
  it('acknowledges an update with 200 while its answer is still being worked out, and answers it after', async () => {
    expect(WEBHOOK_ACK_MS).toBeLessThanOrEqual(5_000);
    let open!: () => void;
    answers.gate = new Promise((r) => (open = r));
    const response = await post('/telegram', message(3101, 'slow question'));
    expect(response.status).toBe(200);
    expect(answers.requests.filter((r) => r.question === 'slow question')).toHaveLength(1);
    expect(delivered(3101)).toHaveLength(0);
    open();
    await expect.poll(() => delivered(3101).join('\n'), { timeout: 10_000 }).toContain('answer to slow question');
  });

  it('when answering fails, acknowledges with 200, logs the failure and apologises in the reader\'s language', async () => {
    const update = message(3102, 'fail this one', 'th');
    expect((await post('/telegram', update)).status).toBe(200);
    await expect.poll(() => delivered(3102), { timeout: 10_000 }).toEqual([i18n.t('th', 'bot.error')]);
    expect(logs.some((l) => l.includes(`update ${update.update_id} failed`) && l.includes('the answer service is down'))).toBe(true);
    expect(answers.requests.filter((r) => r.question === 'fail this one')).toHaveLength(1);
  });

  it('refuses a body that is not JSON with 400 and handles nothing; a wrong or missing secret gets 401', async () => {
    const asked = answers.requests.length;
    expect((await post('/telegram', '{"update_id": 5, "message": {"text": "half')).status).toBe(400);
    expect(logs.some((l) => l.includes('not JSON'))).toBe(true);
    const update = message(3103, 'a question with a secret');
    expect((await post('/telegram', update, null)).status).toBe(401);
    expect((await post('/telegram', update, 'wrong')).status).toBe(401);
    expect((await post('/telegram', '{"update_id": 6, "mess', 'wrong')).status).toBe(401);
    expect(answers.requests.length).toBe(asked);
    expect(proxy.calls.filter((c) => c.payload.chat_id === 3103)).toHaveLength(0);
    // The refused deliveries did not count the update as seen: with the secret, it is answered.
    expect((await post('/telegram', update)).status).toBe(200);
    await expect.poll(() => delivered(3103).join('\n'), { timeout: 10_000 }).toContain('answer to a question with a secret');
  });

  it('does not hold the request on a failing sendMessage: auto-retry sends it again, Telegram redelivers nothing', async () => {
    let ack!: () => void;
    const acknowledged = new Promise<void>((r) => (ack = r));
    let refused = false;
    // The first sendMessage to the chat is held until the webhook request was answered, then refused with 429.
    proxy.intercept = async (call) => {
      if (call.method !== 'sendMessage' || call.payload.chat_id !== 3104 || refused) return undefined;
      refused = true;
      await acknowledged;
      return tooManyRequests;
    };
    const update = message(3104, 'retry question');
    expect((await post('/telegram', update)).status).toBe(200);
    await expect.poll(() => proxy.callsTo('sendMessage', 3104).length, { timeout: 10_000 }).toBe(1);
    ack();
    await expect.poll(() => delivered(3104).join('\n'), { timeout: 10_000 }).toContain('answer to retry question');
    expect(proxy.callsTo('sendMessage', 3104).map((c) => c.forwarded)).toEqual([false, true]);
    expect(answers.requests.filter((r) => r.question === 'retry question')).toHaveLength(1);
    expect(logs.some((l) => l.includes(`update ${update.update_id} failed`))).toBe(false);
  });

  it('tries a reply Telegram keeps refusing 1 + API_RETRY_ATTEMPTS times, then apologises, with the update acknowledged', async () => {
    const refusedText = (text: unknown) => String(text).includes('answer to refused reply');
    proxy.intercept = (call) => (call.method === 'sendMessage' && call.payload.chat_id === 3105 && refusedText(call.payload.text) ? tooManyRequests : undefined);
    const update = message(3105, 'refused reply', 'vi');
    expect((await post('/telegram', update)).status).toBe(200);
    await expect.poll(() => delivered(3105), { timeout: 20_000 }).toEqual([i18n.t('vi', 'bot.error')]);
    expect(proxy.callsTo('sendMessage', 3105).filter((c) => refusedText(c.payload.text))).toHaveLength(1 + API_RETRY_ATTEMPTS);
    expect(logs.some((l) => l.includes(`update ${update.update_id} failed`) && l.includes('429'))).toBe(true);
    expect(answers.requests.filter((r) => r.question === 'refused reply')).toHaveLength(1);
  }, 30_000);

  it('gives up on a Bot API call that never returns once its deadline passes, logs it, and the update stays acknowledged', async () => {
    // The Bot API server never answers anything sent to this chat (the call hangs until it is aborted).
    proxy.intercept = (call) => (call.payload.chat_id === 3108 ? new Promise<undefined>(() => undefined) : undefined);
    const update = message(3108, 'hanging reply');
    expect((await post('/deadline', update)).status).toBe(200);
    await expect.poll(() => logs.some((l) => l.includes(`the apology for update ${update.update_id} failed too`)), { timeout: 20_000 }).toBe(true);
    expect(logs.some((l) => l.includes(`update ${update.update_id} failed:`))).toBe(true);
    expect(proxy.callsTo('sendMessage', 3108).length).toBeGreaterThanOrEqual(2);
    expect(delivered(3108)).toHaveLength(0);
  }, 30_000);

  it('answers an update that is delivered twice, one after the other or at once, only once', async () => {
    const update = message(3106, 'twice question');
    expect((await post('/telegram', update)).status).toBe(200);
    await expect.poll(() => delivered(3106).length, { timeout: 10_000 }).toBe(1);
    expect((await post('/telegram', update)).status).toBe(200);
    const copy = message(3107, 'at once question');
    expect((await Promise.all([post('/telegram', copy), post('/telegram', copy), post('/telegram', copy)])).map((r) => r.status)).toEqual([200, 200, 200]);
    await expect.poll(() => delivered(3107).length, { timeout: 10_000 }).toBe(1);
    expect(answers.requests.filter((r) => r.question === 'twice question')).toHaveLength(1);
    expect(answers.requests.filter((r) => r.question === 'at once question')).toHaveLength(1);
    expect(delivered(3106)).toHaveLength(1);
    expect(logs.filter((l) => l.includes(`update ${copy.update_id} came again`))).toHaveLength(2);
  });

  it('with an allowlist, refuses button presses of any shape from others (answered, no effect) and takes the allowed ones', async () => {
    expect((await post('/guarded', message(4001, 'member question'))).status).toBe(200);
    await expect.poll(() => delivered(4001).length, { timeout: 10_000 }).toBe(1);
    const keyboard = (proxy.callsTo('sendMessage', 4001)[0]!.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard;
    const helpful = keyboard.flat().find((b) => b.callback_data.startsWith('fb:1:'))!.callback_data;
    const notAllowed = i18n.t('en', 'bot.notAllowed');
    const inline = { inline_message_id: 'inline-1' };
    const inChat = { message: { message_id: 9, date: 1, chat: { id: 4002, type: 'private', first_name: 'O' } } };

    for (const refused of [press(4002, helpful, inline), press(4002, 'lang:vi', inline), press(4002, 'lang:vi', inChat), press(4002, helpful, inChat)]) {
      expect((await post('/guarded', refused)).status).toBe(200);
      await expect.poll(() => callbackAnswers(refused.callback_query.id).length, { timeout: 10_000 }).toBe(1);
      expect(callbackAnswers(refused.callback_query.id)[0]!.payload.text).toBe(notAllowed);
    }
    expect(guardedAnswers.verdicts).toHaveLength(0);
    expect(await guardedStore.getLanguage('telegram:4002')).toBeNull();
    expect(proxy.callsTo('sendMessage', 4002)).toHaveLength(0);

    // A press without a chat is taken when its sender's user id is allowed.
    const member = press(4001, helpful, inline);
    expect((await post('/guarded', member)).status).toBe(200);
    await expect.poll(() => callbackAnswers(member.callback_query.id).length, { timeout: 10_000 }).toBe(1);
    expect(callbackAnswers(member.callback_query.id)[0]!.payload.text).toBe(i18n.t('en', 'bot.feedbackThanks'));
    expect(guardedAnswers.verdicts).toMatchObject([{ answerId: helpful.slice(5), helpful: true, user: 'telegram:4001' }]);
    const choice = press(4001, 'lang:vi', inline);
    expect((await post('/guarded', choice)).status).toBe(200);
    await expect.poll(() => guardedStore.getLanguage('telegram:4001'), { timeout: 10_000 }).toBe('vi');
  });
});

describe('recentUpdateIds', () => {
  it('remembers the latest ids up to its capacity and forgets the oldest', () => {
    const recent = recentUpdateIds(3);
    const add = (id: number) => recent.claim(String(id));
    expect([1, 2, 3].map(add)).toEqual([true, true, true]);
    expect(add(2)).toBe(false);
    expect(add(4)).toBe(true);
    expect(add(1)).toBe(true);
    expect(add(3)).toBe(false);
  });
});
