import { InputError } from './errors.js';
import { MAX_QUESTION_CHARS } from './types.js';

/** Controls (C0 but tab and line breaks, DEL, C1), bidi overrides and isolates, and lone surrogates. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** NFC with the unsafe characters removed: what every text a user sends (questions, comments) goes through. */
export function stripUnsafe(text: string): string {
  return text.normalize('NFC').replace(UNSAFE, '');
}

/**
 * The one normalisation of a question for every entry point (chat, API, search, CLI): NFC, unsafe characters
 * removed, white space folded. Throws InputError for a question that is empty after that or too long.
 */
export function normalizeQuestion(raw: unknown): string {
  const text = typeof raw === 'string' ? stripUnsafe(raw).replace(/[ \t]+/gu, ' ').trim() : '';
  if (!text) throw new InputError('The question is empty: type a question about the programs.', 'QUERY_EMPTY');
  if (text.length > MAX_QUESTION_CHARS) throw new InputError(`The question is too long (${text.length} characters; at most ${MAX_QUESTION_CHARS}).`, 'QUERY_TOO_LONG');
  return unstretched(text);
}

/**
 * A letter typed three times or more in a row stands for one ("hellooo", "halooo", "sabaideeee", "ค่าาา"): chat
 * stretches words; the words of the cue lists and the language profiles are spelled plainly. (Not Chinese
 * characters, "谢谢谢谢" is thanks said twice; not the "www" of an address.)
 */
export function unstretched(text: string): string {
  return text.replace(/(\p{L}|\p{M})\1{2,}/gu, (run, ch: string, at: number) => (/\p{Script=Han}/u.test(ch) || (/^w+$/iu.test(run) && text[at + run.length] === '.') ? run : ch));
}
