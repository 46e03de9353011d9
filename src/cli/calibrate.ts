import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { evidenceScore } from '../answer/evidence.js';
import type { Calibration } from '../answer/service.js';
import { readEvalFile } from '../eval/dataset.js';
import type { Runtime } from '../runtime.js';
import { parseArgs } from './args.js';

/** The calibration question set: written independently of the development set, in its format. */
export const CALIBRATION_FILE = 'test/eval/synthetic-heldout.jsonl';
/** Share of answerable calibration questions that must clear the threshold. */
export const ANSWER_RATE = 0.99;

/**
 * Calibrates the evidence threshold of the extractive answer service on a labelled question file (by default
 * the synthetic held-out set, never the development set). The threshold is the (1 − ANSWER_RATE) quantile of
 * the evidence scores of the answerable questions: the highest value at which 99 % of questions the documents
 * do answer still get an answer. Questions the documents cannot answer are declined when they score below it;
 * how many are is reported, not optimised. Writes src/answer/calibration.json unless `--dry-run`.
 */
export async function runCalibrate(argv: string[], deps: { runtime: () => Promise<Runtime>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['input'], ['dry-run']);
  const file = args.flags.get('input') ?? CALIBRATION_FILE;
  const items = await readEvalFile(file);
  const runtime = await deps.runtime();
  const answerable: number[] = [];
  const unanswerable: number[] = [];
  for (const item of items) {
    const { query, passages } = await runtime.retriever.retrieve({ query: item.question, k: 10 });
    const score = evidenceScore(query, passages, { lexical: runtime.index.lexical, lexicon: runtime.lexicon });
    (item.gold.length ? answerable : unanswerable).push(score);
  }
  answerable.sort((a, b) => a - b);
  const threshold = Math.round(answerable[Math.floor((1 - ANSWER_RATE) * answerable.length)]! * 1000) / 1000;
  const declined = unanswerable.filter((s) => s < threshold).length;
  const calibration: Calibration & Record<string, unknown> = {
    threshold,
    method: `${(1 - ANSWER_RATE).toFixed(2)} quantile of the evidence of ${answerable.length} answerable questions in ${file} (npm run calibrate)`,
    answerableAbove: answerable.filter((s) => s >= threshold).length / answerable.length,
    unanswerableBelow: unanswerable.length ? declined / unanswerable.length : null,
    questions: items.length,
  };
  deps.write(JSON.stringify(calibration, null, 2));
  if (!args.switches.has('dry-run')) {
    await writeFile(fileURLToPath(new URL('../answer/calibration.json', import.meta.url)), `${JSON.stringify(calibration, null, 2)}\n`);
  }
  return 0;
}
