// Entry point of `npm run index`: builds (or refreshes) the index with a progress bar and reports per document.
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { formatBuildReport } from '../src/cli/index-report.js';
import { createRuntime } from '../src/runtime.js';
import type { BuildProgress } from '../src/retrieval/index-store.js';

loadEnv();
await runCli(async () => {
  const force = process.argv.includes('--force');
  const bar = new cliProgress.SingleBar({ format: ' {phase} [{bar}] {value}/{total} {file}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let phase = '';
  const onProgress = (p: BuildProgress) => {
    if (p.phase !== phase) {
      if (phase) bar.stop();
      phase = p.phase;
      bar.start(Math.max(1, p.total), p.done, { phase: p.phase.padEnd(5), file: p.file ?? '' });
    } else {
      bar.update(p.done, { file: p.file ?? '' });
    }
  };
  const runtime = await createRuntime(loadConfig(process.env), { force, onProgress, log: (m) => process.stderr.write(`${m}\n`) });
  if (phase) bar.stop();
  process.stdout.write(`${formatBuildReport(runtime.index, runtime.report, runtime.lexicon)}\n`);
  return runtime.index.failures.length ? 3 : 0;
});
