import { LANGUAGES, type Language } from '../core/languages.js';
import type { Answer } from '../core/types.js';
import { DETAIL_TYPES } from '../answer/analysis.js';
import { readEvalFile } from '../eval/dataset.js';
import { scoreRetrieval, summarize, summarizeBy, type RetrievalScore, type RetrievalSummary } from '../eval/retrieval-metrics.js';
import type { Runtime } from '../runtime.js';
import { parseArgs } from './args.js';
import { scoreAnswer, summarizeAnswers, type AnswerScore, type AnswerSummary } from '../eval/answer-metrics.js';

/** The details a reply can say the documents do not state (the `answer.lacks.*` lines). */
const LACKED = [...DETAIL_TYPES, 'reason', 'statement'];

/** Default question file: the development set copied from the shared evaluation material. */
export const DEFAULT_EVAL_FILE = 'test/eval/dev.jsonl';

const pct = (x: number) => x.toFixed(3);
function row(label: string, s: RetrievalSummary): string {
  return `${label.padEnd(14)} n=${String(s.n).padStart(3)}  hit@1 ${pct(s.hit1)}  hit@3 ${pct(s.hit3)}  hit@5 ${pct(s.hit5)}  hit@10 ${pct(s.hit10)}  MRR ${pct(s.mrr)}`;
}

function answerRow(label: string, s: AnswerSummary): string {
  const f = (x: number) => (Number.isNaN(x) ? '  -  ' : pct(x));
  return `${label.padEnd(14)} answerable ${String(s.answerable).padStart(3)}  found+cited ${f(s.correct)}  answered ${f(s.answered)}   unanswerable ${String(s.unanswerable).padStart(2)}  declined ${f(s.declined)} (or said unstated ${f(s.saidUnstated)})   chat/off-topic ${String(s.conversational).padStart(2)} handled ${f(s.handled)}   language ${f(s.language)}   own-language versions ${f(s.versionShare)}`;
}

/**
 * Runs a question file through the retriever and the answer service and prints the figures of
 * test/eval/README.md: hit@1/3/5/10 and MRR overall, per language and per type, for `multi` questions how many
 * gold documents reach the top 10; then the answer figures (answerable questions found with a correct
 * citation, unanswerable ones declined, reply language right) overall and per language.
 * `--json` prints the per-question scores as well; `--misses` lists the questions that went wrong.
 */
export async function runEval(argv: string[], deps: { runtime: (corpusDir?: string) => Promise<Runtime>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['input', 'corpus'], ['json', 'misses']);
  const items = await readEvalFile(args.flags.get('input') ?? args.rest[0] ?? DEFAULT_EVAL_FILE);
  const runtime = await deps.runtime(args.flags.get('corpus'));
  const scores: RetrievalScore[] = [];
  const withoutVersions: RetrievalScore[] = [];
  const misses: string[] = [];
  for (const item of items) {
    if (!item.gold.length) continue;
    // Ranked as answers rank them: the question analysed once, passages holding the asked detail lifted.
    const { passages } = await runtime.answers.search(item.question, { k: 10 });
    const score = scoreRetrieval(item, passages);
    scores.push(score);
    withoutVersions.push(scoreRetrieval(item, (await runtime.answers.search(item.question, { k: 10, versions: false })).passages));
    if (!score.firstHit || score.firstHit > 5) misses.push(`${item.id} (first hit ${score.firstHit ?? '-'}): ${item.question}`);
  }
  const answerScores: AnswerScore[] = [];
  const answerMisses: string[] = [];
  const chunkText = new Map(runtime.index.chunks.map((c) => [c.id, c.text]));
  // A reply that says plainly, in its language, that the documents do not state a detail asked for.
  const unstatedLines = (lang: Language) => LACKED.map((k) => runtime.i18n.t(lang, `answer.lacks.${k}`));
  const saysUnstated = (answer: Answer) => unstatedLines(answer.language).some((line) => answer.text.includes(line));
  for (const item of items) {
    const answer = await runtime.answers.ask({ question: item.question, channel: 'eval' });
    const s = scoreAnswer(item, answer, (id) => chunkText.get(id), saysUnstated);
    answerScores.push(s);
    const wrong = s.answerable ? !s.correct : s.conversational ? !s.handled : !s.declinedCleanly;
    const what = s.answerable ? (s.found ? 'found, no correct citation' : 'not found') : s.conversational ? `answered as ${answer.kind}` : 'not declined';
    if (wrong || !s.languageRight) answerMisses.push(`${item.id} (${what}${s.languageRight ? '' : `, replied in ${answer.language}`}): ${item.question}`);
  }
  const overall = summarize(scores);
  const byLang = summarizeBy(scores, (s) => s.lang, [...LANGUAGES]);
  const byType = summarizeBy(scores, (s) => s.type);
  const multi = scores.filter((s) => s.goldDocs > 1);
  if (args.switches.has('json')) {
    deps.write(JSON.stringify({ overall, byLanguage: Object.fromEntries(byLang), byType: Object.fromEntries(byType), questions: scores, answers: { overall: summarizeAnswers(answerScores), questions: answerScores } }, null, 2));
    return 0;
  }
  deps.write(`Retrieval on ${scores.length} answerable questions (${items.length - scores.length} unanswerable skipped), embeddings: ${runtime.embeddings.id}`);
  deps.write(row('overall', overall));
  deps.write('\nper language');
  for (const [lang, s] of byLang) deps.write(row(lang, s));
  deps.write('\nwhat the aligned versions add (hit@5 / MRR with them, without them)');
  const byLangWithout = summarizeBy(withoutVersions, (s) => s.lang, [...LANGUAGES]);
  for (const [lang, s] of byLang) {
    const w = byLangWithout.find(([l]) => l === lang)?.[1];
    if (s.n && w) deps.write(`${lang.padEnd(14)} hit@5 ${pct(s.hit5)} / ${pct(w.hit5)}   MRR ${pct(s.mrr)} / ${pct(w.mrr)}`);
  }
  const ow = summarize(withoutVersions);
  deps.write(`${'overall'.padEnd(14)} hit@5 ${pct(overall.hit5)} / ${pct(ow.hit5)}   MRR ${pct(overall.mrr)} / ${pct(ow.mrr)}`);
  deps.write('\nper type');
  for (const [type, s] of byType) deps.write(row(type, s));
  deps.write(`\nmulti-document questions: ${multi.length}; gold documents in the top 10: ${multi.reduce((a, s) => a + s.goldDocsFound, 0)} of ${multi.reduce((a, s) => a + s.goldDocs, 0)}`);
  for (const s of multi) deps.write(`  ${s.id}: ${s.goldDocsFound}/${s.goldDocs}`);
  deps.write(`\nAnswers (${runtime.answers === undefined ? '' : 'extractive'} mode) on ${items.length} questions`);
  deps.write(answerRow('overall', summarizeAnswers(answerScores)));
  const langs = [...LANGUAGES].filter((l) => answerScores.some((s) => s.lang === l));
  for (const lang of langs) deps.write(answerRow(lang, summarizeAnswers(answerScores.filter((s) => s.lang === lang))));
  if (args.switches.has('misses')) {
    if (misses.length) deps.write('\nretrieval: no hit in the top 5:');
    for (const m of misses) deps.write(`  ${m}`);
    if (answerMisses.length) deps.write('\nanswers that went wrong:');
    for (const m of answerMisses) deps.write(`  ${m}`);
  }
  return 0;
}
