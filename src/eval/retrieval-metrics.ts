import { normalizeForMatch } from '../core/text.js';
import type { Passage } from '../core/types.js';
import type { EvalItem } from './dataset.js';

/** Retrieval figures of one question. */
export interface RetrievalScore {
  id: string;
  lang: string;
  type: string;
  /** Rank (1-based) of the first passage that contains a gold quote, null when none in the first 10. */
  firstHit: number | null;
  /** For questions with gold quotes in several documents: how many of those documents appear in the top 10. */
  goldDocs: number;
  goldDocsFound: number;
}

/** True when a passage contains one of the gold quotes, under the README's normalisation. */
export function isHit(passageText: string, gold: EvalItem['gold']): boolean {
  const text = normalizeForMatch(passageText);
  return gold.some((g) => text.includes(normalizeForMatch(g.quote)));
}

/** Scores the ranked passages of one answerable question. */
export function scoreRetrieval(item: EvalItem, passages: Passage[]): RetrievalScore {
  const top = passages.slice(0, 10);
  const index = top.findIndex((p) => isHit(p.chunk.text, item.gold));
  const docs = [...new Set(item.gold.map((g) => g.doc))];
  const found = docs.filter((d) => top.some((p) => p.chunk.docId.startsWith(d))).length;
  return { id: item.id, lang: item.lang, type: item.type, firstHit: index >= 0 ? index + 1 : null, goldDocs: docs.length, goldDocsFound: found };
}

/** hit@k and MRR of a group of scores. */
export interface RetrievalSummary {
  n: number;
  hit1: number;
  hit3: number;
  hit5: number;
  hit10: number;
  mrr: number;
}

/** Aggregates question scores into hit@1/3/5/10 and MRR. */
export function summarize(scores: RetrievalScore[]): RetrievalSummary {
  const n = scores.length || 1;
  const hit = (k: number) => scores.filter((s) => s.firstHit !== null && s.firstHit <= k).length / n;
  return {
    n: scores.length,
    hit1: hit(1),
    hit3: hit(3),
    hit5: hit(5),
    hit10: hit(10),
    mrr: scores.reduce((sum, s) => sum + (s.firstHit ? 1 / s.firstHit : 0), 0) / n,
  };
}

/** Groups scores by a key and summarises each group, in key order. */
export function summarizeBy(scores: RetrievalScore[], key: (s: RetrievalScore) => string, order?: string[]): [string, RetrievalSummary][] {
  const groups = new Map<string, RetrievalScore[]>();
  for (const s of scores) {
    const k = key(s);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(s);
  }
  const keys = [...groups.keys()].sort((a, b) => (order ? order.indexOf(a) - order.indexOf(b) : a.localeCompare(b)));
  return keys.map((k) => [k, summarize(groups.get(k)!)]);
}
