import { z } from 'zod';
import { readOptionalJson } from '../core/json-file.js';
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
  const data = await readOptionalJson(path, schema, 'the format in the README', (issues) => `${issues[0]?.path.join('.')}: ${issues[0]?.message}`);
  return data?.referrals ?? {};
}
