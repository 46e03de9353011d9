import { readFile } from 'node:fs/promises';
import { AppError, InputError } from '../core/errors.js';

/** Parsed command-line arguments: flags with values, boolean switches and the remaining words. */
export interface Args {
  flags: Map<string, string>;
  switches: Set<string>;
  rest: string[];
}

/**
 * Parses `--name value`, `--name=value` and `-k N` flags (those listed in `valued`), boolean `--switches`,
 * and positional words. Unknown flags are an error that lists the known ones.
 */
export function parseArgs(argv: string[], valued: string[], switches: string[]): Args {
  const out: Args = { flags: new Map(), switches: new Set(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.rest.push(arg);
      continue;
    }
    const [name, inline] = arg.replace(/^--?/u, '').split(/=(.*)/su, 2) as [string, string | undefined];
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new InputError(`--${name} needs a value.`);
      out.flags.set(name, value);
    } else if (switches.includes(name)) {
      out.switches.add(name);
    } else {
      throw new InputError(`Unknown option ${arg}. Options: ${[...valued.map((v) => `--${v} VALUE`), ...switches.map((s) => `--${s}`)].join(' ')}`);
    }
  }
  return out;
}

/** Reads a JSON Lines question file: one `{ id, question, lang? }` per line; a bad line becomes an error entry. */
export function parseQuestionLines(text: string): ({ ok: true; id: string; question: string; lang?: string; line: number } | { ok: false; id: string | null; error: string; line: number })[] {
  const out: ReturnType<typeof parseQuestionLines> = [];
  text.split(/\r?\n/u).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      out.push({ ok: false, id: null, error: `line ${line} is not valid JSON: ${(error as Error).message}`, line });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      out.push({ ok: false, id: null, error: `line ${line} is not a JSON object`, line });
      return;
    }
    const v = value as Record<string, unknown>;
    const id = typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : null;
    if (typeof v.question !== 'string' || !v.question.trim()) {
      out.push({ ok: false, id, error: `line ${line} has no "question" string`, line });
      return;
    }
    out.push({ ok: true, id: id ?? `line-${line}`, question: v.question, lang: typeof v.lang === 'string' ? v.lang : undefined, line });
  });
  return out;
}

/**
 * Runs `handle` on every question of a JSON Lines file, in order, writing what it returns; a malformed line or
 * a failed question writes `{ "id", "error" }` and the others still run.
 */
export async function forEachQuestionLine(path: string, write: (line: string) => void, handle: (entry: { id: string; question: string; lang?: string }) => Promise<string>): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  for (const entry of parseQuestionLines(text)) {
    if (!entry.ok) {
      write(JSON.stringify({ id: entry.id, error: entry.error }));
      continue;
    }
    try {
      write(await handle(entry));
    } catch (error) {
      write(JSON.stringify({ id: entry.id, error: error instanceof AppError ? error.message : String(error) }));
    }
  }
}
