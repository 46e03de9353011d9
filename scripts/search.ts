// Entry point of `npm run search`: see src/cli/search.ts.
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { runSearch } from '../src/cli/search.js';
import { createRuntime } from '../src/runtime.js';

loadEnv();
await runCli(() =>
  runSearch(process.argv.slice(2), {
    retriever: async () => (await createRuntime(loadConfig(process.env), { memoryStore: true, log: (m) => process.stderr.write(`${m}\n`) })).retriever,
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
