import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/**
 * What the server does with the next request to a path: answer, fail with a status, or hang (a timeout); a
 * chat reply may come after `delayMs` (a slow model).
 */
export type Scripted =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'chat'; content: string; delayMs?: number };

/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: `/v1/embeddings` answers with deterministic
 * float vectors; `/v1/chat/completions` answers translation requests with `translate()` and other requests
 * with the replies queued by `script` (plain or streamed as server-sent events, as the client asks); failures
 * (status codes, hangs) can be queued for either path. Every request is recorded.
 */
export class FakeOpenAIServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queues = new Map<string, Scripted[]>();
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();

  /** Answers the assistant's query-translation requests (system prompt starting "Translate"). */
  translate: (text: string) => string = () => '';

  constructor(private readonly dimensions = 8) {}

  /** Queues responses for the next requests to `path` (e.g. `/v1/embeddings`). */
  script(path: string, ...responses: Scripted[]): void {
    this.queues.set(path, [...(this.queues.get(path) ?? []), ...responses]);
  }

  /** Drops what is still queued for `path`. */
  clear(path: string): void {
    this.queues.delete(path);
  }

  /** Starts listening on an ephemeral port of 127.0.0.1 (or on `port`); returns the base URL (ending in /v1). */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** A deterministic vector for a text: the same text always gets the same vector. */
  vectorFor(text: string): number[] {
    const v = Array.from({ length: this.dimensions }, (_, i) => {
      let h = 2166136261 ^ i;
      for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
      return ((h >>> 0) % 1000) / 1000 - 0.5;
    });
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const system = String(body?.messages?.[0]?.content ?? '');
    if (path === '/v1/chat/completions' && system.startsWith('Translate')) {
      return sendChat(res, body, this.translate(String(body.messages.at(-1)?.content ?? '')));
    }
    const next = this.queues.get(path)?.shift();
    if (next?.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (next?.kind === 'json') return send(res, next.status ?? 200, next.body, next.headers);
    if (next?.kind === 'chat' && next.delayMs) {
      // A slow model: nothing is sent before the delay (stop() cuts it short).
      this.hanging.add(res);
      await new Promise((resolve) => setTimeout(resolve, next.delayMs));
      this.hanging.delete(res);
      if (res.destroyed) return;
    }
    if (next?.kind === 'chat') return sendChat(res, body, next.content);
    if (path === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body?.input) ? body.input : [body?.input];
      return send(res, 200, {
        object: 'list',
        model: body?.model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: this.vectorFor(String(text)) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    send(res, 404, { error: { message: `no route ${path}` } });
  }
}

/** A chat completion with `content`, streamed in small pieces when the request asks for a stream. */
function sendChat(res: ServerResponse, body: any, content: string): void {
  const base = { id: 'chatcmpl-test', created: 1, model: body?.model ?? 'test' };
  if (!body?.stream) {
    return send(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const pieces = content.match(/[\s\S]{1,7}/gu) ?? [];
  const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }));
  for (const piece of pieces) res.write(chunk({ content: piece }));
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
