// Entry point of `npm run calibrate`: see src/cli/calibrate.ts.
import { loadConfig } from '../src/config.js';
import { runCalibrate } from '../src/cli/calibrate.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { createRuntime } from '../src/runtime.js';

loadEnv();
await runCli(() =>
  runCalibrate(process.argv.slice(2), {
    runtime: () => createRuntime(loadConfig(process.env), { memoryStore: true, log: (m) => process.stderr.write(`${m}\n`) }),
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
