// Entry point of `npm run eval`: retrieval (and, later, answer) figures on a question file.
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { runEval } from '../src/cli/eval.js';
import { createRuntime } from '../src/runtime.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

loadEnv();
await runCli(() =>
  runEval(process.argv.slice(2), {
    // --corpus DIR: that folder's documents (and aligned versions, and lexicon if it has one; else the default
    // corpus's), indexed in a scratch data folder of its own so that the main index is left alone.
    runtime: async (corpusDir) => {
      const config = loadConfig(process.env);
      const scratch = corpusDir ? await mkdtemp(join(tmpdir(), 'asean-eval-')) : null;
      return createRuntime(
        corpusDir ? { ...config, corpusDir, dataDir: scratch! } : config,
        { memoryStore: true, fallbackLexiconDir: join(config.corpusDir, 'lexicon'), log: (m) => process.stderr.write(`${m}\n`) },
      );
    },
    write: (line) => process.stdout.write(`${line}\n`),
  }),
);
