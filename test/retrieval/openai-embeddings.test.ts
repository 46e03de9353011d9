import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbeddings } from '../../src/retrieval/embeddings/openai-embeddings.js';
import { FakeOpenAIServer } from '../fakes/openai-server.js';

describe('OpenAI-compatible embeddings against a local server', () => {
  const server = new FakeOpenAIServer(8);
  let baseURL = '';
  beforeAll(async () => {
    baseURL = await server.start();
  });
  afterAll(() => server.stop());

  it('asks for float vectors, in batches, with the configured model and key', async () => {
    const embeddings = await createOpenAIEmbeddings({ apiKey: 'sk-test', baseURL, model: 'test-embed', batchSize: 2 });
    const texts = ['农业', 'agriculture', 'เกษตร'];
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors).toEqual(texts.map((t) => server.vectorFor(t)));
    const calls = server.requests.filter((r) => r.path === '/v1/embeddings');
    expect(calls.map((c) => c.body.input)).toEqual([['农业', 'agriculture'], ['เกษตร']]);
    expect(calls.every((c) => c.body.encoding_format === 'float' && c.body.model === 'test-embed')).toBe(true);
    expect(calls[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(embeddings.id).toBe(`openai/${baseURL}/test-embed`);
  });

  it('retries a 429 and a 500, then succeeds', async () => {
    server.requests.length = 0;
    server.script('/v1/embeddings', { kind: 'json', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '0' } }, { kind: 'json', status: 500, body: { error: { message: 'boom' } } });
    const embeddings = await createOpenAIEmbeddings({ apiKey: 'sk-test', baseURL, model: 'test-embed', maxRetries: 3 });
    expect(await embeddings.embedQuery('技术转移')).toEqual(server.vectorFor('技术转移'));
    expect(server.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(3);
  });

  it('gives up after the bounded retries and does not retry a 401', async () => {
    server.requests.length = 0;
    server.script('/v1/embeddings', ...Array.from({ length: 3 }, () => ({ kind: 'json' as const, status: 503, body: { error: { message: 'down' } } })));
    const flaky = await createOpenAIEmbeddings({ apiKey: 'sk-test', baseURL, model: 'm', maxRetries: 2 });
    await expect(flaky.embedQuery('x')).rejects.toThrow();
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.script('/v1/embeddings', { kind: 'json', status: 401, body: { error: { message: 'bad key' } } });
    await expect((await createOpenAIEmbeddings({ apiKey: 'bad', baseURL, model: 'm', maxRetries: 3 })).embedQuery('x')).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });
});
