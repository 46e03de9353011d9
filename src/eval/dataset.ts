import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../core/errors.js';

const goldSchema = z.object({ doc: z.string(), quote: z.string() });
const itemSchema = z.object({
  id: z.string(),
  lang: z.string(),
  type: z.string(),
  question: z.string(),
  gold: z.array(goldSchema).default([]),
  answer_keywords: z.array(z.string()).default([]),
  must_not: z.array(z.string()).default([]),
  notes: z.string().default(''),
});

/** One evaluation question (the format of test/eval/README.md). */
export type EvalItem = z.infer<typeof itemSchema>;

/** Reads an evaluation file in JSON Lines; a malformed line is an error naming the line. */
export async function readEvalFile(path: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read the question file ${path}: ${(error as Error).message}`);
  }
  const items: EvalItem[] = [];
  text.split(/\r?\n/u).forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${path}, line ${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    const result = itemSchema.safeParse(parsed);
    if (!result.success) throw new InputError(`${path}, line ${i + 1}: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
    items.push(result.data);
  });
  return items;
}
