import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExpiringSet } from '../shared/expiring-set.js';

/** Slack's window for a request timestamp, either side of our clock (seconds). */
export const SIGNATURE_WINDOW_S = 5 * 60;
/** Largest request body read (bytes); Slack's payloads are far smaller. */
export const BODY_LIMIT = 1024 * 1024;

/** A node:http listener as Bolt's HTTP receiver has it (it may throw for a path it does not serve). */
type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** What the guard needs: the signing secret, the paths it guards, where to log. */
export interface RequestGuardOptions {
  signingSecret: string;
  endpoints: string[];
  log?: (message: string) => void;
  /** The clock (ms), for tests; Date.now by default. */
  now?: () => number;
  /** How many request signatures are remembered at most (default 10,000). */
  replayMemory?: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Why a request's signature is refused, or null when it is Slack's: `v0=` HMAC-SHA256 of `v0:<timestamp>:<raw
 * body>` with the signing secret, and a timestamp at most five minutes from our clock, in the past or in the
 * future. Compared in constant time.
 */
export function signatureProblem(secret: string, timestamp: string | undefined, signature: string | undefined, rawBody: Buffer, nowMs: number): string | null {
  if (!timestamp || !/^\d{1,12}$/u.test(timestamp)) return 'no valid x-slack-request-timestamp';
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SIGNATURE_WINDOW_S) return 'timestamp more than 5 minutes from our clock';
  if (!signature || !/^v0=[0-9a-f]{64}$/u.test(signature)) return 'no valid x-slack-signature';
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(signature.slice(3), 'hex'), expected) ? null : 'signature mismatch';
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        resolve(null);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function endEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, headers);
  res.end();
}

/**
 * Wraps Bolt's HTTP receiver listener with the parts of Slack's request contract Bolt 5.1 leaves out: the
 * timestamp window on both sides (Bolt refuses only old timestamps), and replays: a signed request seen
 * before (same signature, so same timestamp and body) within its window is acknowledged with an empty 200
 * and not processed again. POSTs to the guarded paths are read (at most BODY_LIMIT bytes, else 413),
 * verified (else 401) and handed to Bolt with the body already buffered (`rawBody`, which Bolt reads instead
 * of the stream); other requests go straight to Bolt. `ssl_check` requests, which Slack does not sign, are
 * answered 200 here and never reach Bolt.
 */
export function guardSlackRequests(next: Listener, options: RequestGuardOptions): (req: IncomingMessage, res: ServerResponse) => void | Promise<void> {
  const now = options.now ?? Date.now;
  const seen = new ExpiringSet({ ttlMs: SIGNATURE_WINDOW_S * 1000, max: options.replayMemory ?? 10_000, now });
  const refuse = (res: ServerResponse, status: number, why: string) => {
    options.log?.(`slack: refused a request (${status}): ${why}`);
    endEmpty(res, status, { connection: 'close' });
  };

  const guarded = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: Buffer | null;
    try {
      raw = await readBody(req, BODY_LIMIT);
    } catch {
      return refuse(res, 400, 'the request body could not be read');
    }
    if (raw === null) return refuse(res, 413, `body larger than ${BODY_LIMIT} bytes`);
    const type = header(req, 'content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1') return endEmpty(res, 200);
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    const problem = signatureProblem(options.signingSecret, timestamp, signature, raw, now());
    if (problem) return refuse(res, 401, problem);
    if (!seen.claim(signature!, (Number(timestamp) + SIGNATURE_WINDOW_S + 1) * 1000)) {
      options.log?.('slack: a replayed request (a signature seen before) was acknowledged and not processed again');
      return endEmpty(res, 200);
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    next(req, res);
  };

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Not ours to guard: Bolt answers (or throws for its caller to answer 404), synchronously as it expects.
    if (req.method !== 'POST' || !options.endpoints.includes(path)) return next(req, res);
    return guarded(req, res).catch((error: unknown) => {
      options.log?.(`slack: request failed: ${(error as Error).message}`);
      endEmpty(res, 500);
    });
  };
}
