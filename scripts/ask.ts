// Entry point of `npm run ask`: see src/cli/ask.ts.
import { loadConfig } from '../src/config.js';
import { runAsk } from '../src/cli/ask.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { createRuntime } from '../src/runtime.js';

loadEnv();
await runCli(() =>
  runAsk(process.argv.slice(2), {
    answers: () => createRuntime(loadConfig(process.env), { log: (m) => process.stderr.write(`${m}\n`) }),
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
