import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A call the stub received: a Web API method with its arguments, or a POST to a response_url. */
export interface SlackCall {
  method: string;
  args: Record<string, any>;
}

/**
 * A stand-in for Slack's Web API on 127.0.0.1 that records every call: auth.test, chat.postMessage,
 * chat.postEphemeral and users.info (with the locales given) answer as Slack would; POSTs to
 * `/response/<anything>` stand for response_url.
 */
export class SlackApiStub {
  readonly calls: SlackCall[] = [];
  private server?: Server;
  private ts = 1000;
  base = '';

  constructor(private readonly locales: Record<string, string> = {}) {}

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let args: Record<string, any> = {};
      if (type.includes('json')) args = raw ? JSON.parse(raw) : {};
      else for (const [k, v] of new URLSearchParams(raw)) args[k] = /^[[{]/u.test(v) ? JSON.parse(v) : v;
      const path = (req.url ?? '').split('?')[0]!;
      const method = path.startsWith('/api/') ? path.slice(5) : path;
      this.calls.push({ method, args });
      const reply = (body: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (method === 'auth.test') return reply({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'assistant' });
      if (method === 'chat.postMessage') return reply({ ok: true, channel: args.channel, ts: `${++this.ts}.000100`, message: { text: args.text } });
      if (method === 'chat.postEphemeral') return reply({ ok: true, message_ts: `${++this.ts}.000200` });
      if (method === 'users.info') return reply({ ok: true, user: { id: args.user, locale: this.locales[args.user] ?? 'en-US' } });
      if (method.startsWith('/response/')) return reply({ ok: true });
      return reply({ ok: false, error: 'unknown_method' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return `${this.base}/api/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The calls of one method (or to the response_url path). */
  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method || (method === 'response_url' && c.method.startsWith('/response/')));
  }
}
