import type { Chunk } from '../../core/types.js';

/**
 * The stable path of a passage in the web console: `/documents/<docId>/passages/<passage hash>`. The bots put
 * `PUBLIC_BASE_URL` + this path in their citations.
 *
 * @example
 * passagePath({ id: '001_908e#a1b2c3', docId: '001_908e' }) // '/documents/001_908e/passages/a1b2c3'
 */
export function passagePath(chunk: Pick<Chunk, 'id' | 'docId'>): string {
  const local = chunk.id.slice(chunk.id.indexOf('#') + 1);
  return `/documents/${encodeURIComponent(chunk.docId)}/passages/${encodeURIComponent(local)}`;
}

/** A link builder for citations: absolute links under `baseUrl`, or none when no public base URL is set. */
export function passageLinker(baseUrl: string | undefined): ((chunk: Chunk) => string | undefined) | undefined {
  if (!baseUrl) return undefined;
  const base = baseUrl.replace(/\/+$/u, '');
  return (chunk) => `${base}${passagePath(chunk)}`;
}
