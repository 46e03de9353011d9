import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { corpusPaths } from './ingest/corpus.js';
import { createOpenAIEmbeddings } from './retrieval/embeddings/openai-embeddings.js';
import { LexiconEmbeddings, type IdentifiedEmbeddings } from './retrieval/embeddings/lexicon-embeddings.js';
import { createRetriever, openIndex, type BuildProgress, type BuildReport, type CorpusIndex } from './retrieval/index-store.js';
import { loadLexicon, type Lexicon } from './retrieval/lexicon.js';
import type { HybridRetriever } from './retrieval/retriever.js';
import { createAnswerService, type CorpusAnswerService, type Calibration } from './answer/service.js';
import { loadFollowUpCues } from './answer/conversation.js';
import { isHeldBack } from './ingest/instructions.js';
import { loadCues } from './answer/analysis.js';
import { readReferrals } from './answer/referrals.js';
import { createI18n, type Translator } from './i18n/i18n.js';
import calibration from './answer/calibration.json' with { type: 'json' };
import { openStore } from './store/open.js';
import { createChatModel } from './answer/generative.js';
import { passageLinker } from './adapters/web/links.js';
import type { WebDeps } from './adapters/web/server.js';
import { readLocales } from './i18n/i18n.js';
import type { Store } from './store/store.js';

/** The assembled retrieval side: what every front end shares. */
export interface Runtime {
  config: Config;
  lexicon: Lexicon;
  embeddings: IdentifiedEmbeddings;
  index: CorpusIndex;
  report: BuildReport;
  retriever: HybridRetriever;
  i18n: Translator;
  answers: CorpusAnswerService;
  store: Store;
  /** With serveStale: the rebuild of a stale index as a new runtime, or null when the last good index stays. */
  refresh?: () => Promise<Runtime | null>;
}

/** Hooks of `createRuntime`, for progress bars and logs. */
export interface RuntimeOptions {
  force?: boolean;
  /** Keep state in memory instead of `DATA_DIR/assistant.sqlite` (evaluation runs must not fill the log). */
  memoryStore?: boolean;
  onProgress?: (progress: BuildProgress) => void;
  /** The lexicon to use when the corpus folder has none (for evaluation corpora of new documents). */
  fallbackLexiconDir?: string;
  log?: (message: string) => void;
  /** The store to use (a live server shares one store across the runtimes it swaps in). */
  store?: Store;
  /** Serve a stale stored index at once and leave its rebuild to `refresh` (see openIndex). */
  serveStale?: boolean;
}

/** The lexicon the product ships with (corpus/lexicon of the repository), for a corpus folder that has none. */
const DEFAULT_LEXICON_DIR = fileURLToPath(new URL('../corpus/lexicon', import.meta.url));

/**
 * Builds the concrete parts from the configuration: the lexicon, the embedder (model embeddings with a key,
 * the lexicon embedder without), the index (loaded, or rebuilt when missing, stale or corrupt) and the
 * retriever.
 */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const paths = corpusPaths(config.corpusDir);
  // A corpus folder without a lexicon of its own (an evaluation corpus of new documents, a folder staff made for
  // their documents) uses the given one, else the lexicon the product ships with: without any, a question finds
  // only passages that share its words, and never one in another language.
  const fallback = options.fallbackLexiconDir ?? DEFAULT_LEXICON_DIR;
  const ownLexicon = existsSync(paths.lexicon);
  if (!ownLexicon) options.log?.(existsSync(fallback) ? `The corpus has no lexicon (${paths.lexicon}): using the lexicon at ${fallback}.` : `No lexicon at ${paths.lexicon}: questions find only passages that share their words, none in another language.`);
  const lexicon = await loadLexicon(ownLexicon || !existsSync(fallback) ? paths.lexicon : fallback);
  const embeddings: IdentifiedEmbeddings = config.openai
    ? await createOpenAIEmbeddings({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, model: config.openai.embeddingModel, timeoutMs: config.openai.timeoutMs })
    : new LexiconEmbeddings(lexicon);
  const dir = join(config.dataDir, config.openai ? 'index-openai' : 'index');
  const opened = await openIndex({ dir, paths, lexicon, embeddings, force: options.force, serveStale: options.serveStale, onProgress: options.onProgress, log: options.log });
  const i18n = await createI18n();
  const store: Store = options.store ?? (await openStore(config, { log: options.log, memory: options.memoryStore }));
  const cues = await loadCues();
  const followUps = await loadFollowUpCues();
  const referrals = await readReferrals(join(config.corpusDir, 'referrals.json'));
  const chat = config.openai ? await createChatModel({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, model: config.openai.chatModel, timeoutMs: config.openai.timeoutMs }) : undefined;
  let lastEmbeddingLog = 0;

  /** The retriever and answer service over one index (the opened one, or its rebuild). */
  const assemble = (index: CorpusIndex, report: BuildReport): Runtime => {
    const retriever = createRetriever(index, {
      lexicon,
      embeddings,
      // At most one line a minute: a model server that is down fails every question the same way.
      onEmbeddingError: (error) => {
        if (Date.now() - lastEmbeddingLog < 60_000) return;
        lastEmbeddingLog = Date.now();
        options.log?.(`Embeddings failed (${error.message}); questions are searched lexically until the model answers again.`);
      },
    });
    const answers = createAnswerService({
      retriever, lexicon, cues, referrals, lexical: index.lexical,
      // Passages held back for trying to instruct the assistant are never quoted, not even as a neighbour.
      chunks: index.chunks.filter((c) => !isHeldBack(c)), i18n, calibration: calibration as Calibration, store, logQuestionText: config.logQuestions,
      chat,
      log: options.log,
      linkFor: passageLinker(config.web?.publicBaseUrl),
      followUps,
      ...(config.openai ? { modelBudgetMs: config.openai.timeoutMs } : {}),
      documentTitle: (docId) => index.documents.find((d) => d.document.meta.id === docId)?.document.meta.title,
    });
    return { config, lexicon, embeddings, index, report, retriever, i18n, answers, store };
  };

  const runtime = assemble(opened.index, opened.report);
  if (!opened.refresh) return runtime;
  // The rebuilt index serves as it is built (no second load from disk); null keeps the last good one.
  const refresh = async () => {
    const next = await opened.refresh!();
    return next ? assemble(next.index, next.report) : null;
  };
  return { ...runtime, refresh };
}

/** The web console's dependencies, taken from the runtime. */
export function webDeps(runtime: Runtime, extra: Partial<Pick<WebDeps, 'adminToken' | 'routes' | 'log' | 'components' | 'logStream' | 'logLevel'>> = {}): WebDeps {
  return {
    answers: runtime.answers,
    retriever: runtime.retriever,
    documents: runtime.index.documents.map((d) => d.document),
    chunks: runtime.index.chunks,
    i18n: runtime.i18n,
    locales: readLocales(),
    store: runtime.store,
    ...extra,
  };
}
