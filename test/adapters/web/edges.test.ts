import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../../src/store/store.js';
import type { Runtime } from '../../../src/runtime.js';
import { offlineRuntime } from '../../helpers/runtime.js';
import { startWeb } from '../../helpers/web.js';

// The probes of an attacker against the HTTP edge, each one a test: malformed URLs, odd asset names, huge
// and aborted bodies, missing security headers, admin-token guessing, and inputs that differ by endpoint.
let runtime: Runtime;
let base = '';
let close: () => Promise<void> = async () => undefined;
const logged: string[] = [];

beforeAll(async () => {
  runtime = await offlineRuntime();
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logged.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  ({ base, close } = await startWeb(runtime, { adminToken: 'edge-token', logStream, logLevel: 'info' }));
});
afterAll(() => close());

/** Sends raw bytes on a new socket and returns everything the server wrote back (and how the socket ended). */
function raw(head: string, body: { size: number; chunk?: number } | null, options: { abortAfter?: number } = {}): Promise<{ response: string; error?: string }> {
  const { port, hostname } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let error: string | undefined;
    socket.on('data', (d) => (response += d.toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ response, error }));
    socket.on('connect', async () => {
      socket.write(head);
      if (!body) return;
      const piece = Buffer.alloc(body.chunk ?? 64 * 1024, 'a');
      let sent = 0;
      while (sent < body.size && !socket.destroyed) {
        if (options.abortAfter !== undefined && sent >= options.abortAfter) {
          socket.destroy();
          return;
        }
        const ok = socket.write(piece);
        sent += piece.length;
        if (!ok) await new Promise((r) => socket.once('drain', r));
      }
      socket.end();
    });
  });
}

describe('the HTTP edge', () => {
  it('answers malformed percent-encoding with 400, and odd asset names with 404, never a 500', async () => {
    for (const path of ['/api/documents/%E0%A4%A', '/documents/%', '/documents/001/passages/%E0%A4']) {
      const res = await fetch(`${base}${path}`);
      expect([400, 404], path).toContain(res.status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
    // A query string that does not decode is read leniently (the search finds nothing), not an error.
    expect((await fetch(`${base}/search?q=%E0%A4%A`)).status).toBe(200);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '..%2Fserver.ts', 'app.js.map']) {
      expect((await fetch(`${base}/assets/${name}`)).status, name).toBe(404);
    }
    expect(logged.join('\n')).not.toMatch(/"level":50/u);
  });

  it('answers an over-long body with 413 that the client receives, with or without keep-alive', async () => {
    const head = (connection: string) => `POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\nConnection: ${connection}\r\n\r\n`;
    for (const connection of ['close', 'keep-alive']) {
      const { response, error } = await raw(head(connection), { size: 10 * 1024 * 1024 });
      expect(response, connection).toMatch(/^HTTP\/1\.1 413 /u);
      expect(response).toContain('BODY_TOO_LARGE');
      expect(error, connection).toBeUndefined();
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('logs an aborted upload as one info line, without a stack trace', async () => {
    const before = logged.length;
    for (let i = 0; i < 20; i++) {
      await raw(`POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 8000\r\n\r\n`, { size: 8000, chunk: 1000 }, { abortAfter: 3000 });
    }
    await new Promise((r) => setTimeout(r, 200));
    const lines = logged.slice(before);
    expect(lines.join('\n')).not.toMatch(/"stack"|    at /u);
    expect(lines.every((l) => JSON.parse(l).level <= 30)).toBe(true);
  });

  it('puts the security headers on every response: nonce-based CSP, no framing, no sniffing, no referrer', async () => {
    for (const path of ['/', '/documents', '/search?q=x', '/api/documents', '/nope', '/login']) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/u);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      if ((res.headers.get('content-type') ?? '').includes('text/html')) {
        const nonce = /'nonce-([^']+)'/u.exec(csp)![1];
        const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/gu)].map((m) => m[0]);
        for (const s of scripts) {
          expect(s).toMatch(/src="\/assets\/[a-z]+\.js"/u);
          expect(s).toContain(`nonce="${nonce}"`);
        }
      }
    }
  });

  it('throttles wrong admin tokens per address and never logs a query string or a token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(`${base}/api/report`, { headers: { authorization: `Bearer wrong-${i}` } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const throttled = await fetch(`${base}/api/report`, { headers: { authorization: 'Bearer edge-token' } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    await fetch(`${base}/api/documents/%E0?token=leaked-secret&q=private`);
    const all = logged.join('\n');
    expect(all).not.toContain('leaked-secret');
    expect(all).not.toContain('wrong-3');
    expect(all).not.toContain('edge-token');
  });

  it('normalises questions the same way for ask and search, and keeps letterless messages out of the log', async () => {
    const question = '\u0007Where was the 6th China-ASEAN technology transfer conference held?\u009f\u202e';
    const ask = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    const search = await fetch(`${base}/api/search?q=${encodeURIComponent(question)}`);
    expect([ask.status, search.status]).toEqual([200, 200]);
    expect(((await search.json()) as { query: string }).query).toBe('Where was the 6th China-ASEAN technology transfer conference held?');
    for (const bad of ['\u0007\u009f', '   ']) {
      const a = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: bad }) });
      const s = await fetch(`${base}/api/search?q=${encodeURIComponent(bad)}`);
      expect([a.status, s.status], JSON.stringify(bad)).toEqual([400, 400]);
    }
    const store = runtime.store as MemoryStore;
    const before = store.log.length;
    for (const q of ['\u200b\u200b', '👍🎉', '?!…']) {
      const res = (await (await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q }) })).json()) as { kind: string };
      expect(res.kind, q).toBe('chat');
    }
    expect(store.log.length).toBe(before);
  });
});
