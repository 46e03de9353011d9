import { LANGUAGES } from '../core/languages.js';
import { readEvalFile } from '../eval/dataset.js';
import { scoreRetrieval, summarize, summarizeBy, type RetrievalScore, type RetrievalSummary } from '../eval/retrieval-metrics.js';
import type { Runtime } from '../runtime.js';
import { parseArgs } from './args.js';

/** Default question file: the development set copied from the shared evaluation material. */
export const DEFAULT_EVAL_FILE = 'test/eval/dev.jsonl';

const pct = (x: number) => x.toFixed(3);
function row(label: string, s: RetrievalSummary): string {
  return `${label.padEnd(14)} n=${String(s.n).padStart(3)}  hit@1 ${pct(s.hit1)}  hit@3 ${pct(s.hit3)}  hit@5 ${pct(s.hit5)}  hit@10 ${pct(s.hit10)}  MRR ${pct(s.mrr)}`;
}

/**
 * Runs a question file through the retriever and prints the figures of test/eval/README.md: hit@1/3/5/10 and
 * MRR overall, per language and per type, and for `multi` questions how many gold documents reach the top 10.
 * `--json` prints the per-question scores as well; `--misses` lists the questions without a hit in the top 5.
 */
export async function runEval(argv: string[], deps: { runtime: () => Promise<Runtime>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['input'], ['json', 'misses']);
  const items = await readEvalFile(args.flags.get('input') ?? args.rest[0] ?? DEFAULT_EVAL_FILE);
  const runtime = await deps.runtime();
  const scores: RetrievalScore[] = [];
  const misses: string[] = [];
  for (const item of items) {
    if (!item.gold.length) continue;
    const { passages } = await runtime.retriever.retrieve({ query: item.question, k: 10, languageHint: null });
    const score = scoreRetrieval(item, passages);
    scores.push(score);
    if (!score.firstHit || score.firstHit > 5) misses.push(`${item.id} (first hit ${score.firstHit ?? '-'}): ${item.question}`);
  }
  const overall = summarize(scores);
  const byLang = summarizeBy(scores, (s) => s.lang, [...LANGUAGES]);
  const byType = summarizeBy(scores, (s) => s.type);
  const multi = scores.filter((s) => s.goldDocs > 1);
  if (args.switches.has('json')) {
    deps.write(JSON.stringify({ overall, byLanguage: Object.fromEntries(byLang), byType: Object.fromEntries(byType), questions: scores }, null, 2));
    return 0;
  }
  deps.write(`Retrieval on ${scores.length} answerable questions (${items.length - scores.length} unanswerable skipped), embeddings: ${runtime.embeddings.id}`);
  deps.write(row('overall', overall));
  deps.write('\nper language');
  for (const [lang, s] of byLang) deps.write(row(lang, s));
  deps.write('\nper type');
  for (const [type, s] of byType) deps.write(row(type, s));
  deps.write(`\nmulti-document questions: ${multi.length}; gold documents in the top 10: ${multi.reduce((a, s) => a + s.goldDocsFound, 0)} of ${multi.reduce((a, s) => a + s.goldDocs, 0)}`);
  for (const s of multi) deps.write(`  ${s.id}: ${s.goldDocsFound}/${s.goldDocs}`);
  if (args.switches.has('misses') && misses.length) {
    deps.write('\nno hit in the top 5:');
    for (const m of misses) deps.write(`  ${m}`);
  }
  return 0;
}
