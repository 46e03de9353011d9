import { fileURLToPath } from 'node:url';
import { LANGUAGES, lexiconKey, type Language, type LexiconLanguage } from '../core/languages.js';
import type { Chunk } from '../core/types.js';
import { Lexicon, loadLexicon, normalizeForLexicon, type Concept } from '../retrieval/lexicon.js';
import type { Turn } from '../store/store.js';

/**
 * What a message means against the conversation's last turn:
 * - `translate`: "say that in Thai": the last question again, answered in `language`;
 * - `item`: "and the next item?": the numbered item after (or before) the one just quoted, `chunk`;
 * - `context`: "what about Khmer partners?": the message read together with the last question (`question`);
 *   `cued` when a follow-up word says so (else it is only short, and is tried alone first).
 */
export type FollowUp =
  | { kind: 'translate'; language: Language; question: string; pinned?: Chunk }
  | { kind: 'item'; chunk: Chunk; question: string }
  | { kind: 'context'; question: string; cued: boolean };

/** Most words a message has to be read as a follow-up without a follow-up word ("and Khmer partners?"). */
const SHORT_FOLLOW_UP_WORDS = 4;
/** Most words a message with a follow-up word at its start or end has, to be read as a follow-up. */
const CUED_FOLLOW_UP_WORDS = 10;
/** Most words of a "next item" message or a "say that in Thai" request besides its cue words. */
const NEXT_EXTRA_WORDS = 3;
/** Longest question a follow-up's joined question is allowed to grow to (the oldest words go first). */
const MAX_RESOLVED_CHARS = 600;

/** The follow-up cue words (src/answer/follow-up/*.json) and every language's names in the 14 languages. */
export async function loadFollowUpCues(dir = fileURLToPath(new URL('./follow-up', import.meta.url))): Promise<Lexicon> {
  const cues = await loadLexicon(dir);
  return new Lexicon(withLanguageNames(cues.concepts));
}

/** Adds to the `lang.<code>` concepts each language's name as ICU writes it in every one of the 14 languages. */
function withLanguageNames(concepts: Concept[]): Concept[] {
  const byId = new Map(concepts.map((c) => [c.id, { id: c.id, terms: { ...c.terms } }]));
  for (const display of LANGUAGES) {
    let names: Intl.DisplayNames;
    try {
      names = new Intl.DisplayNames([display], { type: 'language', fallback: 'none' });
    } catch {
      continue;
    }
    const key: LexiconLanguage = lexiconKey(display);
    for (const code of LANGUAGES) {
      const name = names.of(code);
      if (!name) continue;
      const id = `lang.${code}`;
      const concept = byId.get(id) ?? { id, terms: {} };
      concept.terms[key] = [...new Set([...(concept.terms[key] ?? []), name])];
      byId.set(id, concept);
    }
  }
  return [...byId.values()];
}

/**
 * Reads a message against the last turn of its conversation; null when it stands on its own (or there is no
 * last turn). `chunks` are the index's passages (to find the next item); `subjects` says whether the message
 * names a subject of the programs of its own (then "next" is part of its question: "the next conference").
 */
export function readFollowUp(message: string, last: Turn | undefined, deps: { cues: Lexicon; chunks: Chunk[]; subjects: string[] }): FollowUp | null {
  if (!last) return null;
  const matches = deps.cues.matches(message);
  const has = (prefix: string) => matches.some((m) => m.concept.startsWith(prefix));
  const rest = (prefixes: string[]) => {
    let text = normalizeForLexicon(message);
    for (const m of [...matches].filter((m) => prefixes.some((p) => m.concept.startsWith(p))).sort((a, b) => b.words.length - a.words.length)) text = text.split(m.words).join(' ');
    return words(text);
  };

  // "Say that in Thai": a language's name and nothing but the words of such a request.
  const named = [...new Set(matches.filter((m) => m.concept.startsWith('lang.')).map((m) => m.concept.slice(5) as Language))];
  if (named.length >= 1 && rest(['lang.', 'follow.translate']).filter((w) => [...w].length > 1).length === 0) {
    // "Traditional Chinese" names both Chinese concepts: the more specific one wins.
    const language = named.includes('zh-Hant') ? 'zh-Hant' : named.at(-1)!;
    const pinned = last.pinned ? deps.chunks.find((c) => c.id === last.pinned) : undefined;
    return { kind: 'translate', language, question: last.resolved, ...(pinned ? { pinned } : {}) };
  }

  // "And the next item?": the item after the last one the last answer quoted (or before the first: an article
  // quoted whole with its clauses goes on after its last clause).
  const step = has('follow.next') ? 1 : has('follow.previous') ? -1 : 0;
  if (step && !deps.subjects.length && rest(['follow.', 'lang.']).length <= NEXT_EXTRA_WORDS) {
    const quoted = quotedItem(last.chunkIds, step, deps.chunks);
    const target = quoted && quoted.itemNumber !== null ? siblingItem(quoted, step, deps.chunks) : null;
    if (target) return { kind: 'item', chunk: target, question: joined(last.resolved, message) };
  }

  // "What about Khmer partners?": read with the last question.
  // A follow-up word counts where follow-ups put it: first ("what about…", "còn…", "那…") or last ("…呢",
  // "…ล่ะ", "…ရော"), in a message of a few words; the same characters inside a longer question ("那些",
  // Thai แล้ว "already", ส่วน "part") are part of it.
  const norm = normalizeForLexicon(message);
  const bounds = /^[\s\p{P}\p{S}]*/u.exec(norm)![0].length;
  const end = norm.replace(/[\s\p{P}\p{S}]*$/u, '').length;
  const count = words(norm).length;
  const cued = count <= CUED_FOLLOW_UP_WORDS && matches.some((m) => m.concept === 'follow.continue' && (m.start <= bounds || m.start + m.words.length >= end));
  if (cued || count <= SHORT_FOLLOW_UP_WORDS) return { kind: 'context', question: joined(last.resolved, message), cued };
  return null;
}

/** The numbered items under the same heading of the same document as `chunk` (itself among them), in document order. */
export function siblingItems(chunk: Chunk, chunks: Chunk[]): Chunk[] {
  const parent = chunk.sectionPath.slice(0, -1).join('\u0000');
  return chunks.filter((c) => c.docId === chunk.docId && c.itemNumber !== null && c.sectionPath.slice(0, -1).join('\u0000') === parent);
}

/**
 * The item a "next" (step 1) or "previous" (step -1) follows from, of the passages an answer quoted: the first,
 * or for "next" the last when they are items of one list in order (an article quoted whole with its clauses).
 */
export function quotedItem(chunkIds: readonly string[], step: number, chunks: Chunk[]): Chunk | undefined {
  const first = chunks.find((c) => c.id === chunkIds[0]);
  if (!first || step < 0 || chunkIds.length < 2) return first;
  const parent = first.sectionPath.slice(0, -1).join('\u0000');
  const quoted = chunkIds.map((id) => chunks.find((c) => c.id === id));
  const oneList = quoted.every((c) => c && c.docId === first.docId && c.itemNumber !== null && c.sectionPath.slice(0, -1).join('\u0000') === parent);
  return oneList ? quoted.at(-1) : first;
}

/** The numbered item `step` places after (or before) `chunk` under the same heading of the same document. */
export function siblingItem(chunk: Chunk, step: number, chunks: Chunk[]): Chunk | null {
  return siblingItems(chunk, chunks).find((c) => c.itemNumber === chunk.itemNumber! + step) ?? null;
}

/** A follow-up joined to the question it follows, the oldest words dropped past MAX_RESOLVED_CHARS. */
function joined(previous: string, message: string): string {
  const text = `${previous}\n${message}`;
  return text.length <= MAX_RESOLVED_CHARS ? text : text.slice(text.length - MAX_RESOLVED_CHARS);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** The words of a text (Intl.Segmenter, so unspaced scripts count word by word). */
function words(text: string): string[] {
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

