import { InputError } from '../core/errors.js';
import type { HybridRetriever } from '../retrieval/retriever.js';
import { toSearchOutput, type SearchOutput } from '../retrieval/search-output.js';
import { forEachQuestionLine, parseArgs } from './args.js';

/** Usage text of `npm run search`. */
export const SEARCH_USAGE = `Usage:
  npm run -s search -- [--json] [-k N] [--lang CODE] "question"
  npm run -s search -- --json [-k N] --input FILE     (FILE: JSON Lines of {"id", "question", "lang"?})`;

/**
 * Runs the search command: one question from the arguments, or every line of an input file in one process.
 * Writes results to `write`; returns the exit code. A malformed input line yields an error object for that
 * line and the other lines still run.
 */
export async function runSearch(argv: string[], deps: { retriever: () => Promise<HybridRetriever>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['k', 'input', 'lang'], ['json', 'help']);
  if (args.switches.has('help')) {
    deps.write(SEARCH_USAGE);
    return 0;
  }
  const k = args.flags.has('k') ? Number(args.flags.get('k')) : 5;
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new InputError('-k must be a whole number from 1 to 100.');
  const json = args.switches.has('json');
  const input = args.flags.get('input');
  if (!input && !args.rest.join(' ').trim()) throw new InputError(`No question given.\n${SEARCH_USAGE}`);
  const retriever = await deps.retriever();

  if (input) {
    await forEachQuestionLine(input, deps.write, async (entry) => {
      const output = toSearchOutput(await retriever.retrieve({ query: entry.question, k, languageHint: entry.lang }), entry.id);
      return json ? JSON.stringify(output) : render(output);
    });
    return 0;
  }
  const result = await retriever.retrieve({ query: args.rest.join(' '), k, languageHint: args.flags.get('lang') });
  const output = toSearchOutput(result);
  deps.write(json ? JSON.stringify(output) : render(output));
  return 0;
}

/** A terminal-friendly rendering of a search result. */
function render(output: SearchOutput): string {
  const lines = [`${output.id ? `[${output.id}] ` : ''}${output.query}  (language: ${output.language})`, ''];
  for (const r of output.results) {
    lines.push(`${r.rank}. ${r.title}${r.section ? ` — ${r.section}` : ''}  (score ${r.score.toFixed(4)})`);
    lines.push(`   ${r.text.replace(/\n/gu, '\n   ')}`, '');
  }
  if (!output.results.length) lines.push('No passages found.');
  return lines.join('\n');
}
