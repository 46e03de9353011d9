import type { UsageReport } from '../store/store.js';
import { parseArgs } from './args.js';

/** Prints the usage report: questions per language, unanswered questions by language, feedback counts. */
export async function runReport(argv: string[], deps: { report: () => Promise<UsageReport>; write: (line: string) => void }): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const report = await deps.report();
  if (args.switches.has('json')) {
    deps.write(JSON.stringify(report, null, 2));
    return 0;
  }
  deps.write(`${report.total} question(s) logged.`);
  deps.write('\nper language (questions, answered):');
  for (const l of report.byLanguage) deps.write(`  ${l.language.padEnd(8)} ${String(l.questions).padStart(5)}  ${String(l.found).padStart(5)}`);
  deps.write('\nunanswered, by language (what the documents are missing):');
  if (!report.unanswered.length) deps.write('  none');
  for (const u of report.unanswered) {
    deps.write(`  ${u.language}: ${u.count}`);
    for (const q of u.questions) deps.write(`    - ${q}`);
  }
  if (report.unanswered.length && report.unanswered.every((u) => !u.questions.length)) deps.write('  (question texts are logged only with LOG_QUESTIONS=full)');
  deps.write(`\nfeedback: ${report.feedback.helpful} helpful, ${report.feedback.notHelpful} not helpful`);
  return 0;
}
