// Composition root of `npm start`: builds the index when it is missing or stale, then answers questions
// typed in the terminal. (The web console and the chat adapters join here as they are built.)
import { createInterface } from 'node:readline/promises';
import { loadEnv } from './cli/env.js';
import { runCli } from './cli/run.js';
import { formatBuildReport } from './cli/index-report.js';
import { loadConfig } from './config.js';
import { AppError } from './core/errors.js';
import { createRuntime } from './runtime.js';

loadEnv();
await runCli(async () => {
  const config = loadConfig(process.env);
  process.stderr.write(`Opening the index (${config.openai ? 'model embeddings' : 'embedded offline default'})…\n`);
  const runtime = await createRuntime(config, { log: (m) => process.stderr.write(`${m}\n`) });
  process.stderr.write(`${formatBuildReport(runtime.index, runtime.report).split('\n').slice(0, 2).join('\n')}\n`);
  if (!process.stdin.isTTY) return 0;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write('\nAsk a question in any of the 14 languages (empty line to quit).\n');
  for (;;) {
    const question = (await rl.question('\n> ')).trim();
    if (!question) break;
    try {
      const { query, passages } = await runtime.retriever.retrieve({ query: question, k: 3 });
      process.stdout.write(`(language: ${query.detection.language})\n`);
      for (const p of passages) {
        process.stdout.write(`\n[${p.rank}] ${p.title}${p.chunk.sectionPath.length ? ` — ${p.chunk.sectionPath.join(' > ')}` : ''}\n${p.chunk.text}\n`);
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      process.stdout.write(`${error.message}\n`);
    }
  }
  rl.close();
  return 0;
});
