// Entry point of `npm run translate`: see src/cli/translate.ts.
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { loadEnv } from '../src/cli/env.js';
import { runCli } from '../src/cli/run.js';
import { runTranslate } from '../src/cli/translate.js';
import { createChatModel } from '../src/answer/generative.js';

loadEnv();
const config = loadConfig(process.env);
const bar = new SingleBar({ format: '{label} [{bar}] {value}/{total} paragraphs', hideCursor: true }, Presets.shades_classic);
let started = '';
await runCli(async () =>
  runTranslate(process.argv.slice(2), {
    corpusDir: config.corpusDir,
    chat: config.openai ? await createChatModel({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, model: config.openai.chatModel, timeoutMs: config.openai.timeoutMs }) : null,
    modelName: config.openai?.chatModel ?? 'none',
    write: (line) => {
      if (started) bar.stop();
      started = '';
      process.stdout.write(`${line}\n`);
    },
    progress: (done, total, label) => {
      if (started !== label) {
        if (started) bar.stop();
        bar.start(total, done, { label });
        started = label;
      } else bar.update(done);
    },
  }),
);
if (started) bar.stop();
