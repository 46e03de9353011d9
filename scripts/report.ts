// Entry point of `npm run report`: unanswered questions by language and feedback counts, from the store.
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { runReport } from '../src/cli/report.js';
import { openStore } from '../src/store/open.js';

loadEnv();
await runCli(() =>
  runReport(process.argv.slice(2), {
    report: async () => {
      const store = await openStore(loadConfig(process.env), { log: (m) => process.stderr.write(`${m}\n`) });
      try {
        return await store.report();
      } finally {
        await store.close();
      }
    },
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
