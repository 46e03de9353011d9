import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { z } from 'zod';
import { DocumentError } from './errors.js';

/**
 * Reads an optional JSON file that staff edit (metadata, cleared passages, referrals): null when the file is
 * missing; a DocumentError naming the file when it is not JSON, or when it does not match `schema` (the
 * message is `does not match <shape>: <what is wrong>`, from `issues`).
 */
export async function readOptionalJson<T>(
  path: string,
  schema: z.ZodType<T>,
  shape: string,
  issues: (list: z.core.$ZodIssue[]) => string = (list) => list.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
): Promise<T | null> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DocumentError(basename(path), `is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new DocumentError(basename(path), `does not match ${shape}: ${issues(result.error.issues)}`);
  return result.data;
}
