import type { IdentifiedEmbeddings } from './lexicon-embeddings.js';

/** Settings of the OpenAI-compatible embeddings path (read from the environment by the composition root). */
export interface OpenAIEmbeddingsConfig {
  apiKey: string;
  /** Base URL of any OpenAI-compatible server (Ollama, vLLM, …); the OpenAI API when undefined. */
  baseURL?: string;
  model: string;
  /** Texts per request. */
  batchSize?: number;
  /** Retries on 429, 5xx and network errors, with exponential backoff; 4xx other than 429 are not retried. */
  maxRetries?: number;
  /** Milliseconds before a request is abandoned (and retried). */
  timeoutMs?: number;
}

/**
 * Model embeddings through @langchain/openai. Vectors are asked for as floats (the SDK would otherwise ask
 * servers for base64, which several OpenAI-compatible servers do not support). Retries are LangChain's
 * AsyncCaller: bounded, with backoff, on 429, 5xx and network failures only.
 */
export async function createOpenAIEmbeddings(config: OpenAIEmbeddingsConfig): Promise<IdentifiedEmbeddings> {
  // (Loaded here, when a key is configured: an offline process never loads @langchain/openai.)
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const embeddings = new OpenAIEmbeddings({
    apiKey: config.apiKey,
    model: config.model,
    batchSize: config.batchSize ?? 64,
    maxRetries: config.maxRetries ?? 3,
    timeout: config.timeoutMs ?? 30_000,
    encodingFormat: 'float',
    configuration: config.baseURL ? { baseURL: config.baseURL } : {},
  });
  return Object.assign(embeddings, { id: `openai/${config.baseURL ?? 'api.openai.com'}/${config.model}` });
}
