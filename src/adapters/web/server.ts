import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AppError, InputError } from '../../core/errors.js';
import { isLanguage, languageFromTag, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../core/languages.js';
import { MAX_QUESTION_CHARS, type Chunk, type CleanDocument } from '../../core/types.js';
import type { AnswerService } from '../../answer/service.js';
import type { Translator, LocaleResource } from '../../i18n/i18n.js';
import type { HybridRetriever } from '../../retrieval/retriever.js';
import type { Store } from '../../store/store.js';
import { chatPage, documentPage, documentsPage, reportPage, searchPage } from './pages.js';
import { passagePath } from './links.js';
import { toSearchOutput } from '../../retrieval/search-output.js';

/** Dependencies of the web console. */
export interface WebDeps {
  answers: AnswerService;
  retriever: HybridRetriever;
  documents: CleanDocument[];
  chunks: Chunk[];
  i18n: Translator;
  locales: Partial<Record<Language, LocaleResource>>;
  store: Store;
  /** When set, the report page and report API need it (header `Authorization: Bearer`, or `?token=`). */
  adminToken?: string;
  /** Extra POST routes mounted on the same server (the Telegram webhook, Slack's events), path -> handler. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
  log?: (message: string) => void;
}

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

class HttpError extends AppError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

const ASSETS: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'style.css': 'text/css; charset=utf-8' };

/**
 * The web console and HTTP API on node:http: the chat page, the documents and their passages, the report
 * page, and `POST /api/ask`, `GET /api/search`, `GET /api/documents[/:id]`, `POST /api/feedback`,
 * `GET /api/i18n/:lang`, `GET /healthz`. Everything is served from the package; inputs are validated and
 * errors are JSON with a 4xx status and a message that says what to fix.
 */
export function createWebServer(deps: WebDeps): Server {
  const docs = new Map(deps.documents.map((d) => [d.meta.id, d]));
  const chunksByDoc = new Map<string, Chunk[]>();
  for (const c of deps.chunks) {
    if (!chunksByDoc.has(c.docId)) chunksByDoc.set(c.docId, []);
    chunksByDoc.get(c.docId)!.push(c);
  }

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const lang = pageLanguage(req, url);
    const method = req.method ?? 'GET';

    const mounted = deps.routes?.[path];
    if (mounted && method === 'POST') return mounted(req, res);
    if (method === 'GET' && path === '/healthz') return sendJson(res, 200, { ok: true, documents: docs.size, passages: deps.chunks.length });
    if (method === 'GET' && path === '/') return sendHtml(res, chatPage(lang, deps.i18n));
    if (method === 'GET' && path.startsWith('/assets/')) return sendAsset(res, path.slice('/assets/'.length));
    if (method === 'GET' && path === '/documents') return sendHtml(res, documentsPage(lang, deps.i18n, deps.documents));
    const docMatch = /^\/documents\/([^/]+)(?:\/passages\/([^/]+))?$/u.exec(path);
    if (method === 'GET' && docMatch) {
      const doc = docs.get(docMatch[1]!);
      if (!doc) throw new HttpError(404, 'NOT_FOUND', `No document "${docMatch[1]}".`);
      const passage = docMatch[2];
      if (passage && !chunksByDoc.get(doc.meta.id)?.some((c) => c.id === `${doc.meta.id}#${passage}`)) {
        throw new HttpError(404, 'NOT_FOUND', `No passage "${passage}" in document "${doc.meta.id}".`);
      }
      return sendHtml(res, documentPage(lang, deps.i18n, doc, chunksByDoc.get(doc.meta.id) ?? [], passage));
    }
    if (method === 'GET' && path === '/search') {
      const q = (url.searchParams.get('q') ?? '').trim();
      const results = q ? (await deps.retriever.retrieve({ query: q.slice(0, MAX_QUESTION_CHARS), k: 20 })).passages : [];
      return sendHtml(res, searchPage(lang, deps.i18n, q, results));
    }
    if (method === 'GET' && path === '/report') {
      authorize(req, url, deps.adminToken);
      return sendHtml(res, reportPage(lang, deps.i18n, deps.store.report()));
    }

    // The HTTP API.
    if (path === '/api/ask') {
      allow(method, 'POST');
      const body = await readJson(req);
      const question = requireString(body, 'question', MAX_QUESTION_CHARS);
      const language = optionalLanguage(body, 'lang');
      const answer = await deps.answers.ask({ question, locale: language, localeIsChoice: Boolean(language), channel: 'web', userId: optionalString(body, 'userId') });
      return sendJson(res, 200, { ...answer, citations: answer.citations.map((c) => ({ ...c, url: c.url ?? passagePath({ id: c.chunkId, docId: c.docId }) })) });
    }
    if (path === '/api/search') {
      allow(method, 'GET');
      const q = (url.searchParams.get('q') ?? '').trim();
      if (!q) throw new InputError('Query parameter "q" is required: /api/search?q=words&k=5');
      if (q.length > MAX_QUESTION_CHARS) throw new InputError(`Query parameter "q" is too long (at most ${MAX_QUESTION_CHARS} characters).`);
      const kRaw = url.searchParams.get('k');
      const k = kRaw === null ? 5 : Number(kRaw);
      if (!Number.isInteger(k) || k < 1 || k > 100) throw new InputError('Query parameter "k" must be a whole number from 1 to 100.');
      const output = toSearchOutput(await deps.retriever.retrieve({ query: q, k }));
      return sendJson(res, 200, { ...output, results: output.results.map((r) => ({ ...r, url: passagePath({ id: r.chunkId, docId: r.docId }) })) });
    }
    if (path === '/api/documents') {
      allow(method, 'GET');
      return sendJson(res, 200, { documents: deps.documents.map((d) => ({ ...d.meta, passages: chunksByDoc.get(d.meta.id)?.length ?? 0, url: `/documents/${encodeURIComponent(d.meta.id)}` })) });
    }
    const apiDoc = /^\/api\/documents\/([^/]+)$/u.exec(path);
    if (apiDoc) {
      allow(method, 'GET');
      const doc = docs.get(apiDoc[1]!);
      if (!doc) throw new HttpError(404, 'NOT_FOUND', `No document "${apiDoc[1]}". GET /api/documents lists them.`);
      const passages = (chunksByDoc.get(doc.meta.id) ?? []).map((c) => ({ chunkId: c.id, section: c.sectionPath.join(' > '), start: c.start, end: c.end, text: c.text, url: passagePath(c) }));
      return sendJson(res, 200, { ...doc.meta, text: doc.text, cleaning: doc.steps, garbles: doc.garbles, passages });
    }
    if (path === '/api/feedback') {
      allow(method, 'POST');
      const body = await readJson(req);
      const answerId = requireString(body, 'answerId', 100);
      if (typeof body.helpful !== 'boolean') throw new InputError('"helpful" must be true or false.');
      const stored = deps.answers.feedback(answerId, body.helpful, `web:${optionalString(body, 'userId') ?? ''}`);
      if (!stored) throw new HttpError(404, 'NOT_FOUND', `No answer "${answerId}".`);
      return sendJson(res, 200, { ok: true });
    }
    const i18nMatch = /^\/api\/i18n\/([^/]+)$/u.exec(path);
    if (i18nMatch) {
      allow(method, 'GET');
      const l = i18nMatch[1]!;
      if (!isLanguage(l)) throw new HttpError(404, 'NOT_FOUND', `No language "${l}". Use one of: ${LANGUAGES.join(', ')}.`);
      return sendJson(res, 200, { language: l, name: LANGUAGE_NAMES[l], resources: deps.locales[l] ?? deps.locales.en });
    }
    if (path === '/api/report') {
      allow(method, 'GET');
      authorize(req, url, deps.adminToken);
      return sendJson(res, 200, deps.store.report());
    }
    throw new HttpError(404, 'NOT_FOUND', `No route ${method} ${path}.`);
  };

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof InputError ? 400 : 500;
      if (status === 500) deps.log?.(`web: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}`);
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      const message = status === 500 ? 'Something went wrong on the server; the error is logged.' : (error as Error).message;
      if (res.headersSent) return void res.end();
      if ((req.url ?? '').startsWith('/api/') || (req.headers.accept ?? '').includes('application/json') || status !== 404) {
        sendJson(res, status, { error: { code, message } });
      } else {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(message);
      }
    });
  });
}

function pageLanguage(req: IncomingMessage, url: URL): Language {
  const explicit = url.searchParams.get('lang');
  if (isLanguage(explicit)) return explicit;
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const l = languageFromTag(part.split(';')[0]);
    if (l) return l;
  }
  return 'en';
}

function authorize(req: IncomingMessage, url: URL, token: string | undefined): void {
  if (!token) return;
  const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/iu, '') || url.searchParams.get('token') || '';
  if (given !== token) throw new HttpError(401, 'UNAUTHORIZED', 'This page needs the admin token: add ?token=… or an Authorization: Bearer header.');
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `Use ${expected} for this endpoint.`);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new InputError('The request body is not valid JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, key: string, max: number): string {
  const value = body[key];
  if (typeof value !== 'string' || !value.trim()) throw new InputError(`"${key}" must be a non-empty string.`);
  if (value.length > max) throw new InputError(`"${key}" is too long (${value.length} characters; at most ${max}).`);
  if (/[\u0000-\u0008\u000e-\u001f]/u.test(value)) throw new InputError(`"${key}" contains control characters.`);
  return value.trim();
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 200) throw new InputError(`"${key}" must be a string of at most 200 characters.`);
  return value;
}

function optionalLanguage(body: Record<string, unknown>, key: string): Language | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (!isLanguage(value)) throw new InputError(`"${key}" must be one of: ${LANGUAGES.join(', ')}.`);
  return value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'" });
  res.end(html);
}

async function sendAsset(res: ServerResponse, name: string): Promise<void> {
  const type = ASSETS[name];
  if (!type) throw new HttpError(404, 'NOT_FOUND', `No asset "${name}".`);
  const body = await readFile(fileURLToPath(new URL(`./assets/${name}`, import.meta.url)));
  res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  res.end(body);
}
