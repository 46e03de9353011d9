import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** The bot's identity in tests (so no getMe call is needed). */
export const BOT_INFO = { id: 666, is_bot: true as const, first_name: 'Assistant', username: 'TestNameBot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false };

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A Bot API call the bot made: its method, its JSON payload, and whether it reached the Bot API server. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  forwarded: boolean;
}

/** What the proxy answers a call instead of the Bot API server; undefined forwards it. */
export type Intercept = (call: ApiCall) => Promise<object | undefined> | object | undefined;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A Bot API proxy on 127.0.0.1 in front of telegram-test-api: it records every call the bot makes and lets a
 * test answer some of them itself (a 429, a 500, a held response) while the others reach the real test server.
 */
export class BotApiProxy {
  readonly calls: ApiCall[] = [];
  intercept: Intercept = () => undefined;
  private server: Server | null = null;

  constructor(private readonly target: string) {}

  /** Starts the proxy; resolves to its API root (for the bot's `apiRoot`). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const method = (req.url ?? '').split('/').pop() ?? '';
        const call: ApiCall = { method, payload: body ? (JSON.parse(body) as Record<string, unknown>) : {}, forwarded: false };
        this.calls.push(call);
        const scripted = await this.intercept(call);
        if (scripted) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(scripted));
          return;
        }
        call.forwarded = true;
        const upstream = await fetch(`${this.target}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body || '{}' });
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
      })().catch((error: Error) => res.writeHead(502).end(error.message));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** The calls of `method` to a chat (by `chat_id`). */
  callsTo(method: string, chatId: number): ApiCall[] {
    return this.calls.filter((c) => c.method === method && String(c.payload.chat_id) === String(chatId));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
