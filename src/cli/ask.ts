import { InputError } from '../core/errors.js';
import type { Answer } from '../core/types.js';
import type { AnswerService } from '../answer/service.js';
import type { Translator } from '../i18n/i18n.js';
import { forEachQuestionLine, parseArgs } from './args.js';

/** Usage text of `npm run ask`. */
export const ASK_USAGE = `Usage:
  npm run -s ask -- [--json] [--lang CODE] "question"
  npm run -s ask -- --json --input FILE     (FILE: JSON Lines of {"id", "question", "lang"?})`;

/**
 * Runs the ask command: one question from the arguments, or every line of an input file in one process,
 * each Answer as one JSON line (carrying the input's id) in input order. A bad line gets an error object.
 */
export async function runAsk(argv: string[], deps: { answers: () => Promise<{ answers: AnswerService; i18n: Translator }>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, ['input', 'lang'], ['json', 'help']);
  if (args.switches.has('help')) {
    deps.write(ASK_USAGE);
    return 0;
  }
  const json = args.switches.has('json');
  const input = args.flags.get('input');
  const question = args.rest.join(' ').trim();
  if (!input && !question) throw new InputError(`No question given.\n${ASK_USAGE}`);
  const { answers, i18n } = await deps.answers();
  const lang = args.flags.get('lang');

  if (input) {
    await forEachQuestionLine(input, deps.write, async (entry) => {
      const answer = await answers.ask({ question: entry.question, locale: entry.lang ?? lang, localeIsChoice: false, channel: 'cli' });
      return json ? JSON.stringify({ ...answer, answerId: answer.id, id: entry.id }) : render(answer, i18n, entry.id);
    });
    return 0;
  }
  const answer = await answers.ask({ question, locale: lang, localeIsChoice: Boolean(lang), channel: 'cli' });
  deps.write(json ? JSON.stringify(answer) : render(answer, i18n));
  return 0;
}

/** The reply and its numbered sources, readable in a terminal. */
export function render(answer: Answer, i18n: Translator, id?: string): string {
  const lines = [id ? `[${id}]` : '', answer.text].filter(Boolean);
  if (answer.citations.length) {
    lines.push('', `${i18n.t(answer.language, 'answer.sources')}:`);
    for (const c of answer.citations) {
      lines.push(c.section ? i18n.t(answer.language, 'answer.sourceLine', { n: c.n, title: c.title, section: c.section }) : i18n.t(answer.language, 'answer.sourceLineNoSection', { n: c.n, title: c.title }));
    }
  }
  lines.push('', `(${answer.language}, ${answer.mode}, ${answer.found ? 'found' : 'not found'}, ${answer.timings.totalMs} ms)`);
  return lines.join('\n');
}
