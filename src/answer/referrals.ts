import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DocumentError } from '../core/errors.js';
import { LANGUAGES, type Language } from '../core/languages.js';

const schema = z.object({
  about: z.string().optional(),
  referrals: z.record(z.enum([...LANGUAGES, 'default']), z.string().trim().min(1).max(500)),
});

/**
 * Referral contacts staff configure in `corpus/referrals.json`: per reply language (or `default`), where a
 * partner can turn for what the documents do not say (an application form, a deadline). Absent file: none,
 * and the answers never name a contact. A malformed file is an error naming the problem.
 *
 * @example corpus/referrals.json
 * { "referrals": { "default": "Programme secretariat, step@example.org", "th": "สำนักเลขาธิการโครงการ step@example.org" } }
 */
export async function readReferrals(path: string): Promise<Partial<Record<Language | 'default', string>>> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DocumentError('referrals.json', `is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new DocumentError('referrals.json', `does not match the format in the README: ${result.error.issues[0]?.path.join('.')}: ${result.error.issues[0]?.message}`);
  return result.data.referrals;
}
