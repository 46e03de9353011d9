// Entry point of `npm run eval`: retrieval (and, later, answer) figures on a question file.
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { runEval } from '../src/cli/eval.js';
import { createRuntime } from '../src/runtime.js';

loadEnv();
await runCli(() =>
  runEval(process.argv.slice(2), {
    runtime: () => createRuntime(loadConfig(process.env), { memoryStore: true, log: (m) => process.stderr.write(`${m}\n`) }),
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
