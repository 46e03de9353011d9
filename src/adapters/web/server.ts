import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError, InputError } from '../../core/errors.js';
import { normalizeQuestion, stripUnsafe } from '../../core/input.js';
import { isLanguage, languageFromTag, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../core/languages.js';
import { MAX_QUESTION_CHARS, type Answer, type Chunk, type CleanDocument } from '../../core/types.js';
import type { AnswerService, Retriever } from '../../answer/service.js';
import type { Translator, LocaleResource } from '../../i18n/i18n.js';
import type { Store } from '../../store/store.js';
import { toSearchOutput } from '../../retrieval/search-output.js';
import { chatPage, documentLang, documentPage, documentsPage, loginPage, reportPage, searchPage } from './pages.js';
import { detectLanguage } from '../../i18n/detect.js';
import { passagePath } from './links.js';
import { loadFonts, type FontAssets } from './fonts.js';

/** A raw node handler mounted on the server (grammY's webhook callback, Bolt's HTTP receiver). */
export type RawHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What `/readyz` reports of one component. */
export interface ComponentState {
  state: 'ok' | 'starting' | 'degraded' | 'down' | 'off';
  detail?: string;
  error?: string;
}

/** Dependencies of the web console. */
export interface WebDeps {
  answers: AnswerService;
  retriever: Retriever;
  documents: CleanDocument[];
  chunks: Chunk[];
  i18n: Translator;
  locales: Partial<Record<Language, LocaleResource>>;
  store: Store;
  /** When set, the report page and report API need it: an `Authorization: Bearer` header or the login cookie. */
  adminToken?: string;
  /** Extra POST routes mounted on the same server (the Telegram webhook, Slack's events), path -> handler. */
  routes?: Record<string, RawHandler>;
  /** States of the other components (chat platforms, the model…), for `/readyz`. */
  components?: () => Record<string, ComponentState>;
  /**
   * The index being served, when it can change while the server runs (npm start): null while the first one
   * is built. Overrides answers, retriever, documents and chunks.
   */
  live?: () => Pick<WebDeps, 'answers' | 'retriever' | 'documents' | 'chunks'> | null;
  /** What /readyz says of the index (ingest failures, a rebuild in progress, a kept index); "ok" when absent. */
  indexState?: () => ComponentState;
  /** Where the structured (pino) request log goes; none when absent. */
  logStream?: Writable;
  logLevel?: string;
  /** Free-text log lines of the other components (kept for the front ends' composition). */
  log?: (message: string) => void;
}

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Most bytes of an over-long body read and thrown away so that the client gets its 413 before the socket closes. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;
/** Wrong admin tokens allowed per address in THROTTLE_WINDOW_MS before it must wait. */
const THROTTLE_ATTEMPTS = 10;
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Name of the admin session cookie (an HMAC of the token, never the token). */
const ADMIN_COOKIE = 'admin_session';
const LANG_COOKIE = 'lang';

class HttpError extends AppError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

const STATIC: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'common.js': 'text/javascript; charset=utf-8',
  'document.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** The question fields of `/api/ask` and `/api/search`: one schema, one set of messages. */
const questionSchema = { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS } as const;
const askSchema = {
  type: 'object',
  required: ['question'],
  properties: {
    question: questionSchema,
    lang: { anyOf: [{ type: 'string', enum: [...LANGUAGES, ''] }, { type: 'null' }] },
    userId: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
    conversationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
  },
} as const;
const searchSchema = {
  type: 'object',
  required: ['q'],
  properties: { q: questionSchema, k: { type: 'string', pattern: '^[0-9]{1,3}$' } },
} as const;
const feedbackSchema = {
  type: 'object',
  required: ['answerId', 'helpful'],
  properties: { answerId: { type: 'string', minLength: 1, maxLength: 100 }, helpful: { type: 'boolean' }, comment: { type: 'string', maxLength: 1000 }, userId: { type: 'string', maxLength: 200 } },
} as const;
const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 }, passage: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

/** Messages for schema failures, by field: they say what to send instead. */
function schemaMessage(field: string, keyword: string): string {
  if (field === 'question' || field === 'q') {
    if (keyword === 'required' && field === 'q') return 'Query parameter "q" is required: /api/search?q=words&k=5';
    if (keyword === 'maxLength') return `"${field}" is too long (at most ${MAX_QUESTION_CHARS} characters).`;
    return `"${field}" must be a non-empty string.`;
  }
  if (field === 'lang') return `"lang" must be one of: ${LANGUAGES.join(', ')}.`;
  if (field === 'k') return 'Query parameter "k" must be a whole number from 1 to 100.';
  if (field === 'helpful') return '"helpful" must be true or false.';
  if (field === 'conversationId') return '"conversationId" must be 8 to 64 letters, digits, "-" or "_".';
  if (field === 'comment') return '"comment" must be a string of at most 1000 characters.';
  if (field === 'answerId') return '"answerId" must be a non-empty string of at most 100 characters.';
  if (field === '') return 'The request body must be a JSON object.';
  return `"${field}" must be a string of at most 200 characters.`;
}

/**
 * The web console and HTTP API on Fastify: the chat page, the documents and their passages, the search and
 * report pages, `POST /api/ask` (JSON, or server-sent events with `Accept: text/event-stream`),
 * `GET /api/search`, `GET /api/documents[/:id]`, `POST /api/feedback`, `GET /api/i18n/:lang`, `/healthz`
 * and `/readyz`. Every input is checked by a schema; errors are JSON with a 4xx status and a message that
 * says what to fix; every response carries the security headers (a nonce-based CSP without inline script).
 */
export function createWebApp(deps: WebDeps, options: { serverFactory?: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server } = {}): FastifyInstance {
  // What the console serves: the deps' index, or the live one (npm start swaps in a rebuilt index while
  // serving). The lookups are rebuilt when the index changes.
  type View = { answers: AnswerService; retriever: Retriever; documents: CleanDocument[]; chunks: Chunk[]; docs: Map<string, CleanDocument>; chunksByDoc: Map<string, Chunk[]>; languages: Map<string, Language> };
  let view: View | null = null;
  const current = (): View | null => {
    const source = deps.live ? deps.live() : deps;
    if (!source) return null;
    if (view && view.documents === source.documents && view.answers === source.answers) return view;
    const chunksByDoc = new Map<string, Chunk[]>();
    for (const c of source.chunks) {
      if (!chunksByDoc.has(c.docId)) chunksByDoc.set(c.docId, []);
      chunksByDoc.get(c.docId)!.push(c);
    }
    view = { answers: source.answers, retriever: source.retriever, documents: source.documents, chunks: source.chunks, docs: new Map(source.documents.map((d) => [d.meta.id, d])), chunksByDoc, languages: new Map() };
    return view;
  };
  /** The index being served; a 503 while the first one is still being built. */
  const served = (): View => {
    const v = current();
    if (!v) throw new HttpError(503, 'NOT_READY', 'The index is still being built; try again in a minute.', { 'retry-after': '30' });
    return v;
  };
  // The language of each document's original text (for `lang` attributes), read once from its text.
  const docLanguage = (id: string): Language | undefined => {
    const v = served();
    const doc = v.docs.get(id);
    if (!doc) return undefined;
    if (!v.languages.has(id)) v.languages.set(id, detectLanguage(doc.text.slice(0, 4000)).language);
    return v.languages.get(id);
  };
  let fonts: FontAssets | null = null;
  const fontAssets = () => (fonts ??= loadFonts());
  const failures = new Map<string, { count: number; since: number }>();
  const session = deps.adminToken ? createHmac('sha256', deps.adminToken).update('admin-session').digest('hex') : null;

  const app = Fastify({
    logger: deps.logStream
      ? {
          level: deps.logLevel ?? 'info',
          stream: deps.logStream,
          // The path only: a query string may carry anything, and no header is logged.
          serializers: { req: (req) => ({ method: req.method, path: pathOf(req.url) }), res: (res) => ({ status: res.statusCode }) },
        }
      : false,
    // One line per request, written by the onResponse hook below (with the path only).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    connectionTimeout: 0,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    schemaErrorFormatter: (errors) => {
      const e = errors[0]!;
      const field = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty ?? '') : (e.instancePath.split('/').filter(Boolean)[0] ?? '');
      return new InputError(schemaMessage(field, e.keyword));
    },
    frameworkErrors: (error, request, reply) => {
      // Malformed percent-encoding and other unreadable URLs: the client's mistake.
      void sendError(request, reply, new HttpError(400, 'BAD_REQUEST', 'The address is malformed (bad percent-encoding?).'));
      void error;
    },
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  app.server.headersTimeout = 10_000;

  // A fresh nonce a response, and the security headers on every response.
  app.decorateRequest('nonce', '');
  app.addHook('onRequest', async (request) => {
    (request as FastifyRequest & { nonce: string }).nonce = randomBytes(16).toString('base64');
  });
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [k, v] of Object.entries(securityHeaders((request as FastifyRequest & { nonce: string }).nonce))) reply.header(k, v);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // Probes and static files are debug lines; everything else one info line (path only, never the query).
    const path = pathOf(request.url);
    const quiet = path === '/healthz' || path === '/readyz' || path.startsWith('/assets/');
    request.log[quiet && reply.statusCode < 400 ? 'debug' : 'info']({ req: request, res: reply.raw, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler(async (error, request, reply) => {
    // The client may still be sending an over-long body: read (and drop) a bounded amount first, so that it
    // is listening when the 413 comes, then close the connection.
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drained(request.raw);
    return sendError(request, reply, error);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new HttpError(404, 'NOT_FOUND', `No route ${request.method} ${pathOf(request.url)}.`)));

  const lang = (request: FastifyRequest) => pageLanguage(request);
  const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const nonceOf = (request: FastifyRequest) => (request as FastifyRequest & { nonce: string }).nonce;
  const page = (request: FastifyRequest) => ({ lang: lang(request), i18n: deps.i18n, nonce: nonceOf(request), auto: autoLanguage(request), chosen: chosenLanguage(request) });

  /** Registers a route, and 405 for the other methods on its path. */
  const only = (method: 'GET' | 'POST', url: string, handler: (request: FastifyRequest, reply: FastifyReply) => unknown, schema?: object) => {
    app.route({ method, url, handler: handler as never, ...(schema ? { schema } : {}) });
    const others = (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const).filter((m) => m !== method);
    app.route({
      method: [...others],
      url,
      handler: async (_request, reply) => {
        reply.header('allow', method === 'GET' ? 'GET, HEAD' : method);
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${method} for this endpoint.`);
      },
    });
  };

  // Liveness and readiness.
  only('GET', '/healthz', async () => ({ ok: true, documents: current()?.docs.size ?? 0, passages: current()?.chunks.length ?? 0 }));
  only('GET', '/readyz', async (_request, reply) => {
    const components: Record<string, ComponentState> = {
      index: indexState(current()),
      store: await storeState(deps.store),
      ...(deps.components?.() ?? {}),
    };
    const ready = components.index!.state !== 'down' && components.index!.state !== 'starting' && components.store!.state !== 'down';
    return reply.code(ready ? 200 : 503).send({ ready, components });
  });

  // Pages.
  only('GET', '/', async (request, reply) => html(reply, chatPage(page(request))));
  only('GET', '/documents', async (request, reply) => html(reply, documentsPage(page(request), served().documents)));
  const documentRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, passage } = request.params as { id: string; passage?: string };
    const { docs, chunksByDoc } = served();
    const doc = docs.get(id);
    if (!doc) throw new HttpError(404, 'NOT_FOUND', `No document "${id}".`);
    if (passage && !chunksByDoc.get(doc.meta.id)?.some((c) => c.id === `${doc.meta.id}#${passage}`)) {
      throw new HttpError(404, 'NOT_FOUND', `No passage "${passage}" in document "${doc.meta.id}".`);
    }
    return html(reply, documentPage(page(request), doc, chunksByDoc.get(doc.meta.id) ?? [], passage, docLanguage(doc.meta.id)));
  };
  only('GET', '/documents/:id', documentRoute, { params: idParams });
  only('GET', '/documents/:id/passages/:passage', documentRoute, { params: idParams });
  only('GET', '/search', async (request, reply) => {
    const raw = (request.query as { q?: unknown }).q;
    const q = typeof raw === 'string' ? searchText(raw) : '';
    const { retriever, docs } = served();
    // The page lists passages that share a word or concept with the search (a vector neighbour alone is not
    // a match a reader can see), so nonsense finds nothing and says so.
    const results = q ? (await retriever.retrieve({ query: q, k: 20 })).passages.filter((p) => p.matched !== false) : [];
    return html(reply, searchPage(page(request), q, results, (c) => (docs.get(c.docId) ? documentLang(docs.get(c.docId)!, docLanguage(c.docId)) : '')));
  });
  only('GET', '/report', async (request, reply) => {
    if (!admitted(request)) return reply.redirect('/login', 303);
    return html(reply, reportPage(page(request), await deps.store.report()));
  });
  app.register(async (scope) => {
    // The login form posts urlencoded; only this route reads that type.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.get('/login', async (request, reply) => html(reply, loginPage(page(request), { enabled: Boolean(deps.adminToken) })));
    scope.post('/login', async (request, reply) => {
      const token = (request.body as { token?: unknown } | undefined)?.token;
      if (!deps.adminToken) return reply.redirect('/report', 303);
      throttle(request);
      if (typeof token !== 'string' || !sameSecret(token, deps.adminToken)) {
        failed(request);
        return html(reply, loginPage(page(request), { enabled: true, wrong: true }), 401);
      }
      reply.header('set-cookie', `${ADMIN_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200${request.protocol === 'https' ? '; Secure' : ''}`);
      return reply.redirect('/report', 303);
    });
  });

  // Static assets, from a fixed map: any other name is a 404.
  only('GET', '/assets/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    if (name === 'fonts.css') return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(fontAssets().css);
    const type = Object.hasOwn(STATIC, name) ? STATIC[name] : undefined;
    if (!type) throw new HttpError(404, 'NOT_FOUND', `No asset "${name}".`);
    const body = await readFile(fileURLToPath(new URL(`./assets/${name}`, import.meta.url)));
    return reply.type(type).header('cache-control', 'public, max-age=300').send(body);
  });
  only('GET', '/assets/fonts/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const path = fontAssets().files.get(file);
    if (!path) throw new HttpError(404, 'NOT_FOUND', `No font "${file}".`);
    return reply.type('font/woff2').header('cache-control', 'public, max-age=31536000, immutable').send(await readFile(path));
  });

  // The HTTP API.
  only(
    'POST',
    '/api/ask',
    async (request, reply) => {
      const body = request.body as { question: string; lang?: Language | '' | null; userId?: string | null; conversationId?: string };
      const language = body.lang || undefined;
      const ask = (extra: { onToken?: (t: string) => void; signal?: AbortSignal } = {}) =>
        served().answers.ask({
          question: body.question, locale: language, localeIsChoice: Boolean(language), channel: 'web', userId: body.userId ?? undefined,
          ...(body.conversationId ? { conversationId: `web:${body.conversationId}` } : {}), ...extra,
        });
      if (!(request.headers.accept ?? '').includes('text/event-stream')) return reply.send(withLinks(await ask()));
      // Server-sent events: `token` events while a model writes, then one `answer` (or `error`) event.
      normalizeQuestion(body.question);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { ...securityHeaders(nonceOf(request)), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      const stop = new AbortController();
      res.on('close', () => stop.abort());
      const event = (name: string, data: unknown) => res.writableEnded || res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      try {
        const answer = await ask({ onToken: (text) => event('token', { text }), signal: stop.signal });
        event('answer', withLinks(answer));
      } catch (error) {
        const known = error instanceof AppError;
        if (!known) request.log.error({ err: error }, 'ask failed');
        event('error', { code: known ? error.code : 'INTERNAL', message: known ? error.message : 'Something went wrong on the server; the error is logged.' });
      }
      res.end();
    },
    { body: askSchema },
  );
  only(
    'GET',
    '/api/search',
    async (request) => {
      const { q, k: kRaw } = request.query as { q: string; k?: string };
      const k = kRaw === undefined ? 5 : Number(kRaw);
      if (!Number.isInteger(k) || k < 1 || k > 100) throw new InputError('Query parameter "k" must be a whole number from 1 to 100.');
      const output = toSearchOutput(await served().retriever.retrieve({ query: q, k }));
      return { ...output, results: output.results.map((r) => ({ ...r, url: passagePath({ id: r.chunkId, docId: r.docId }) })) };
    },
    { querystring: searchSchema },
  );
  only('GET', '/api/documents', async () => {
    const { documents, chunksByDoc } = served();
    return { documents: documents.map((d) => ({ ...d.meta, passages: chunksByDoc.get(d.meta.id)?.length ?? 0, url: `/documents/${encodeURIComponent(d.meta.id)}` })) };
  });
  only(
    'GET',
    '/api/documents/:id',
    async (request) => {
      const { id } = request.params as { id: string };
      const { docs, chunksByDoc } = served();
      const doc = docs.get(id);
      if (!doc) throw new HttpError(404, 'NOT_FOUND', `No document "${id}". GET /api/documents lists them.`);
      const passages = (chunksByDoc.get(doc.meta.id) ?? []).map((c) => ({ chunkId: c.id, section: c.sectionPath.join(' > '), start: c.start, end: c.end, text: c.text, url: passagePath(c) }));
      return { ...doc.meta, text: doc.text, cleaning: doc.steps, garbles: doc.garbles, passages };
    },
    { params: idParams },
  );
  only(
    'POST',
    '/api/feedback',
    async (request) => {
      const body = request.body as { answerId: string; helpful: boolean; comment?: string; userId?: string };
      const comment = body.comment === undefined ? undefined : stripUnsafe(body.comment).trim();
      const stored = await served().answers.feedback(body.answerId, body.helpful, `web:${body.userId ?? ''}`, comment);
      if (!stored) throw new HttpError(404, 'NOT_FOUND', `No answer "${body.answerId}".`);
      return { ok: true };
    },
    { body: feedbackSchema },
  );
  only('GET', '/api/i18n/:lang', async (request) => {
    const l = (request.params as { lang: string }).lang;
    if (!isLanguage(l)) throw new HttpError(404, 'NOT_FOUND', `No language "${l}". Use one of: ${LANGUAGES.join(', ')}.`);
    return { language: l, name: LANGUAGE_NAMES[l], resources: deps.locales[l] ?? deps.locales.en };
  });
  only('GET', '/api/report', async (request) => {
    if (!admitted(request)) throw new HttpError(401, 'UNAUTHORIZED', 'The report needs the admin token: send an Authorization: Bearer header, or log in at /login.');
    return deps.store.report();
  });

  // The chat platforms' endpoints: their own adapters read the raw request (and check its signature or secret).
  for (const [path, handler] of Object.entries(deps.routes ?? {})) {
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      scope.post(path, async (request, reply) => {
        reply.hijack();
        await handler(request.raw, reply.raw);
      });
    });
  }

  return app;

  function indexState(v: View | null): ComponentState {
    const extra = deps.indexState?.();
    if (!v) return extra ?? { state: 'starting', detail: 'the index is being built' };
    if (!v.docs.size) return { state: 'down', error: 'The index has no documents.', ...(extra?.detail ? { detail: extra.detail } : {}) };
    return { state: extra?.state ?? 'ok', detail: `${v.docs.size} documents, ${v.chunks.length} passages${extra?.detail ? `; ${extra.detail}` : ''}`, ...(extra?.error ? { error: extra.error } : {}) };
  }

  /** Whether the request carries the admin token (header) or the login cookie; throttled per address. */
  function admitted(request: FastifyRequest): boolean {
    if (!deps.adminToken) return true;
    throttle(request);
    const bearer = /^Bearer\s+(.+)$/iu.exec(request.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      if (sameSecret(bearer, deps.adminToken)) return true;
      failed(request);
      return false;
    }
    const cookie = cookies(request)[ADMIN_COOKIE];
    return cookie !== undefined && sameSecret(cookie, session!);
  }

  function throttle(request: FastifyRequest): void {
    const f = failures.get(request.ip);
    if (f && Date.now() - f.since > THROTTLE_WINDOW_MS) failures.delete(request.ip);
    else if (f && f.count >= THROTTLE_ATTEMPTS) {
      const wait = Math.ceil((f.since + THROTTLE_WINDOW_MS - Date.now()) / 1000);
      throw new HttpError(429, 'TOO_MANY_ATTEMPTS', `Too many wrong admin tokens from this address: try again in ${wait} s.`, { 'retry-after': String(wait) });
    }
  }

  function failed(request: FastifyRequest): void {
    const f = failures.get(request.ip) ?? { count: 0, since: Date.now() };
    f.count += 1;
    failures.set(request.ip, f);
    if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
  }

  function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply | void {
    const { status, code, message, headers } = describeError(error);
    if (status === 499) {
      request.log.info({ req: request }, 'client closed the request');
      return;
    }
    if (status >= 500) request.log.error({ req: request, err: error }, 'request failed');
    if (reply.raw.headersSent || reply.sent) return;
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    if (status === 413) reply.header('connection', 'close');
    const wantsJson = pathOf(request.url).startsWith('/api/') || (request.headers.accept ?? '').includes('application/json') || status !== 404;
    if (wantsJson) return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
    return reply.code(status).type('text/plain; charset=utf-8').send(message);
  }

  function withLinks(answer: Answer) {
    const { docs } = served();
    return {
      ...answer,
      citations: answer.citations.map((c) => ({ ...c, lang: docs.get(c.docId) ? documentLang(docs.get(c.docId)!, docLanguage(c.docId)) || null : null, url: c.url ?? passagePath({ id: c.chunkId, docId: c.docId }) })),
    };
  }
}

/** The web console on a node Server (the routes load before the first request is handled). */
export function createWebServer(deps: WebDeps): Server {
  let ready: Promise<unknown> = Promise.resolve();
  const app = createWebApp(deps, {
    serverFactory: (handler) => createServer((req, res) => void ready.then(() => handler(req, res))),
  });
  ready = Promise.resolve(app.ready());
  return app.server;
}

/** Status, code, message and extra headers of an error, for the JSON error body. */
function describeError(error: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  const e = error as FastifyError & { headers?: Record<string, string> };
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  if (error instanceof InputError) return { status: 400, code: error.code, message: error.message, headers: {} };
  if (e?.validation) return { status: 400, code: 'INVALID_INPUT', message: e.message, headers: {} };
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'BODY_TOO_LARGE', message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`, headers: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as JSON with Content-Type: application/json.', headers: {} };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'BAD_REQUEST', message: 'The body is not as long as its Content-Length says.', headers: {} };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.', headers: {} };
    case 'ECONNRESET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH_ABORTED':
      return { status: 499, code: 'CLIENT_CLOSED', message: 'The client closed the request.', headers: {} };
  }
  if (e instanceof SyntaxError && (e as { statusCode?: number }).statusCode === 400) return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.', headers: {} };
  if (e?.message === 'aborted' || (e as { code?: string })?.code === 'ECONNABORTED') return { status: 499, code: 'CLIENT_CLOSED', message: 'The client closed the request.', headers: {} };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return { status: e.statusCode, code: e.code ?? 'BAD_REQUEST', message: e.message, headers: {} };
  return { status: 500, code: 'INTERNAL', message: 'Something went wrong on the server; the error is logged.', headers: {} };
}

/** The security headers of every response: a nonce-based CSP (no inline script), no framing, no sniffing. */
function securityHeaders(nonce: string): Record<string, string> {
  return {
    'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/**
 * Reads and drops what is left of a request body, up to DRAIN_BYTES or DRAIN_MS (then the connection is
 * closed under the client), so that the client sees the reply instead of a broken pipe.
 */
function drained(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, DRAIN_MS);
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_BYTES) done();
    });
    req.once('end', done);
    req.once('close', done);
    req.on('error', done);
    req.resume();
  });
}

/** A URL's path, without its query string (which is never logged). */
function pathOf(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}

function cookies(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        // A malformed cookie is ignored.
      }
    }
  }
  return out;
}

/** Constant-time comparison of two secrets (of any lengths: their digests are compared). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The page language: `?lang=`, else the language the reader chose (cookie), else the browser's. */
function pageLanguage(request: FastifyRequest): Language {
  const explicit = (request.query as { lang?: unknown } | undefined)?.lang;
  if (typeof explicit === 'string' && isLanguage(explicit)) return explicit;
  return chosenLanguage(request) ?? autoLanguage(request);
}

function chosenLanguage(request: FastifyRequest): Language | null {
  const chosen = cookies(request)[LANG_COOKIE];
  return chosen && isLanguage(chosen) ? chosen : null;
}

/** The browser's language (Accept-Language), else English. */
function autoLanguage(request: FastifyRequest): Language {
  for (const part of (request.headers['accept-language'] ?? '').split(',')) {
    const l = languageFromTag(part.split(';')[0]);
    if (l) return l;
  }
  return 'en';
}

/** Search text from a query string: normalised like a question, empty when nothing is left. */
function searchText(raw: string): string {
  try {
    return normalizeQuestion(raw.slice(0, MAX_QUESTION_CHARS));
  } catch {
    return '';
  }
}


async function storeState(store: Store): Promise<ComponentState> {
  try {
    const h = await store.health();
    return { state: h.state, detail: h.kind, ...(h.error ? { error: h.error } : {}) };
  } catch (error) {
    return { state: 'down', error: (error as Error).message };
  }
}
