// Preloaded with `node --import` by test/cli/offline-imports.test.ts: records every module specifier the process
// resolves (one per line) in the file named by RECORD_IMPORTS.
import { register } from 'node:module';

register(new URL('./record-imports-hooks.mjs', import.meta.url), { data: { file: process.env.RECORD_IMPORTS } });
