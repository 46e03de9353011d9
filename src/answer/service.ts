import { randomUUID } from 'node:crypto';
import { detectLanguage } from '../i18n/detect.js';
import type { Store } from '../store/store.js';
import { InputError } from '../core/errors.js';
import { isLanguage, languageFromTag, type Language } from '../core/languages.js';
import type { Answer, Chunk, Passage, RetrievedPassage } from '../core/types.js';
import type { Translator } from '../i18n/i18n.js';
import type { LexicalIndex } from '../retrieval/bm25.js';
import type { Lexicon } from '../retrieval/lexicon.js';
import type { HybridRetriever } from '../retrieval/retriever.js';
import type { AnalyzedQuery } from '../retrieval/query.js';
import { evidenceScore } from './evidence.js';
import { bestQuote, citationOf, composeExtractive } from './extractive.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { generate, systemPrompt, translateToChinese, userPrompt, verifyReply } from './generative.js';
import { toSimplified, toTraditional } from '../core/text.js';
import type { Citation } from '../core/types.js';
import { detailStated, planRequest } from './request.js';

/** A question for the answer service. */
export interface AnswerRequest {
  question: string;
  /** The reply language: a user's stored choice or a platform hint. An exact choice wins over detection. */
  locale?: string | null;
  /** When true, `locale` is the user's explicit choice and always wins; otherwise it is a hint for ambiguous text. */
  localeIsChoice?: boolean;
  userId?: string;
  channel?: string;
  /** Receives the reply as it is generated (generative mode only), for chat adapters that edit as it grows. */
  onToken?: (token: string) => void;
  /** Cancels generation (the answer then falls back to extractive). */
  signal?: AbortSignal;
  /** What the conversation was about (a thread's earlier question): searched together with the question. */
  context?: string;
}

/** The answer service every front end calls. */
export interface AnswerService {
  ask(request: AnswerRequest): Promise<Answer>;
  /** Records a user's verdict on an answer; false when the answer is unknown. */
  feedback(answerId: string, helpful: boolean, user?: string): boolean;
}

/** Evidence threshold and how it was obtained (see scripts/calibrate.ts and src/answer/calibration.json). */
export interface Calibration {
  threshold: number;
  method: string;
}

/** Dependencies of the answer service. */
export interface AnswerServiceDeps {
  retriever: HybridRetriever;
  lexicon: Lexicon;
  lexical: LexicalIndex;
  chunks: Chunk[];
  i18n: Translator;
  calibration: Calibration;
  /** Builds the web console link of a passage, when a public base URL is configured. */
  linkFor?: (chunk: Chunk) => string | undefined;
  /** Where questions and feedback are logged; nothing is logged without one. */
  store?: Store;
  /** Keep the question text in the log (LOG_QUESTIONS=full); otherwise only its language, outcome and timing. */
  logQuestionText?: boolean;
  /** A chat model: answers are then generated from the passages (and verified), else extractive. */
  chat?: BaseChatModel;
  /** Where generation failures are reported before falling back to extractive answers. */
  log?: (message: string) => void;
}

/** How many passages are retrieved for an answer. */
const RETRIEVE_K = 10;
/** How many of them the chat model reads. */
const GENERATION_PASSAGES = 6;

/**
 * Generates an answer from the passages and verifies it (markers, unsupported numbers/e-mails/URLs, language).
 * A reply in the wrong language is asked for once more; a reply that fails again, or that has no supported
 * statement left, gives null (the caller then answers extractively). Errors (timeouts, 429/5xx after the
 * client's bounded retries) propagate to the caller, which falls back too.
 */
async function generateAnswer(
  chat: BaseChatModel,
  question: string,
  language: Language,
  passages: Passage[],
  query: AnalyzedQuery,
  request: AnswerRequest,
  linkFor?: (chunk: Chunk) => string | undefined,
): Promise<{ text: string; citations: Citation[]; found: boolean } | null> {
  const messages = [new SystemMessage(systemPrompt(language)), new HumanMessage(userPrompt(question, passages))];
  let verified = verifyReply(await generate(chat, messages, request.onToken, request.signal), passages, language);
  if (!verified.languageOk) {
    const retry = [...messages, new HumanMessage(`Your previous reply was not in ${language}. Answer again, entirely in that language, following all the rules.`)];
    verified = verifyReply(await generate(chat, retry, undefined, request.signal), passages, language);
    if (!verified.languageOk) return null;
  }
  if (!verified.used.length) return null;
  // Renumber the cited passages 1..n in order of use, and point each marker at its citation.
  const citations: Citation[] = verified.used.map((n, i) => citationOf(i + 1, passages[n - 1]!, bestQuote(passages[n - 1]!.chunk, query), linkFor));
  let text = verified.text.replace(/\[(\d+)\]/gu, (_m, n: string) => `[${verified.used.indexOf(Number(n)) + 1}]`);
  if (language === 'zh-Hant') text = toTraditional(text);
  if (language === 'zh-Hans') text = toSimplified(text);
  return { text, citations, found: !verified.notFound };
}

/**
 * Creates the answer service: retrieval, then an extractive answer in the reader's language with verbatim
 * quotes and numbered citations; or, when the evidence is weaker than the calibrated threshold or the question
 * asks for a detail no passage states, a plain statement that the documents do not say, in that language.
 *
 * @example
 * const answers = createAnswerService({ retriever, lexicon, lexical, chunks, i18n, calibration });
 * const answer = await answers.ask({ question: 'ข้อ 4 ของข้อริเริ่มเส้นทางนวัตกรรมว่าอย่างไร' });
 */
export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  return {
    async ask(request) {
      const started = performance.now();
      const question = typeof request.question === 'string' ? request.question.trim() : '';
      if (!question) throw new InputError('The question is empty: type a question about the programs.', 'QUERY_EMPTY');
      const language = replyLanguage(question, request);
      // Generative mode also searches with the question translated into Chinese (the documents' language).
      const translation = deps.chat ? await translateToChinese(deps.chat, question, request.signal).catch(() => null) : null;
      const alternates = [...(translation ? [translation] : []), ...(request.context?.trim() ? [`${request.context.trim()}\n${question}`] : [])];
      const retrieval = await deps.retriever.retrieve({ query: question, k: RETRIEVE_K, languageHint: language, alternates });
      const retrievalMs = performance.now() - started;
      const { query, passages } = retrieval;
      const plan = planRequest(query);
      const evidence = evidenceScore(query, passages, { lexical: deps.lexical, lexicon: deps.lexicon });
      const missing = plan.details.filter((d) => !detailStated(d, passages.slice(0, 5), deps.lexicon));
      // Not found: too little of the question is covered, or what it asks for is a detail nobody states
      // (a question about applying that asks for the deadline or the form is asking for the detail).
      const detailOnly = missing.length > 0 && (plan.kind === 'fact' || (plan.kind === 'modes' && !query.concepts.includes('mode.general')));
      const found = passages.length > 0 && evidence >= deps.calibration.threshold && !detailOnly;
      const composeStart = performance.now();
      let mode: Answer['mode'] = 'extractive';
      let composed: { text: string; citations: Citation[]; found?: boolean } | null = null;
      if (deps.chat && passages.length && (found || missing.length > 0)) {
        try {
          composed = await generateAnswer(deps.chat, question, language, passages.slice(0, GENERATION_PASSAGES), query, request, deps.linkFor);
          if (composed) mode = 'generative';
        } catch (error) {
          deps.log?.(`Generation failed, answering extractively: ${(error as Error).message}`);
        }
      }
      composed ??= composeExtractive(
        { query, language, plan, passages, allChunks: deps.chunks, missing, found },
        { i18n: deps.i18n, lexicon: deps.lexicon, linkFor: deps.linkFor },
      );
      const answerFound = composed.found ?? found;
      const generationMs = performance.now() - composeStart;
      const totalMs = round(performance.now() - started);
      const id = randomUUID();
      deps.store?.logQuestion({ answerId: id, channel: request.channel ?? 'api', language, found: answerFound, latencyMs: totalMs, question: deps.logQuestionText ? question : null });
      return {
        id,
        found: answerFound,
        language,
        text: composed.text,
        citations: composed.citations,
        mode,
        kind: answerFound ? plan.kind : 'not-found',
        retrieved: passages.map(toRetrieved),
        timings: { retrievalMs: round(retrievalMs), generationMs: round(generationMs), totalMs },
      };
    },
    feedback(answerId, helpful, user) {
      return deps.store?.recordFeedback(answerId, helpful, user) ?? false;
    },
  };
}

/** The reply language: an explicit choice wins; else the question's detected language, with the hint for ambiguity. */
export function replyLanguage(question: string, request: Pick<AnswerRequest, 'locale' | 'localeIsChoice'>): Language {
  const hinted = isLanguage(request.locale) ? request.locale : languageFromTag(request.locale);
  if (request.localeIsChoice && hinted) return hinted;
  return detectLanguage(question, hinted).language;
}

function toRetrieved(p: Passage): RetrievedPassage {
  return { rank: p.rank, chunkId: p.chunk.id, docId: p.chunk.docId, title: p.title, section: p.chunk.sectionPath.join(' > '), score: p.score, text: p.chunk.text };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
