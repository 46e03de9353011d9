import type { RetrieveResult } from './retriever.js';

/** The JSON shape of one search result line (see the README). */
export interface SearchOutput {
  id?: string;
  query: string;
  language: string;
  results: { rank: number; docId: string; title: string; section: string; chunkId: string; score: number; text: string; translations: Record<string, string> }[];
}

/** Turns a retrieval result into the JSON object of `npm run search` and `GET /api/search`. */
export function toSearchOutput(result: RetrieveResult, id?: string): SearchOutput {
  return {
    ...(id !== undefined ? { id } : {}),
    query: result.query.text,
    language: result.query.detection.language,
    results: result.passages.map((p) => ({
      rank: p.rank,
      docId: p.chunk.docId,
      title: p.title,
      section: p.chunk.sectionPath.join(' > '),
      chunkId: p.chunk.id,
      score: p.score,
      text: p.chunk.text,
      // The passage's aligned versions, by language (empty when the corpus has none).
      translations: { ...p.chunk.translations } as Record<string, string>,
    })),
  };
}
