import type { Chunk } from '../core/types.js';

/** An acronym or a name written with capitals inside it: "NUKTANI", "GeoVIP", "DAMRI", each part of "CASS-WCM". */
const ACRONYM = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*\p{Lu}[\p{L}\p{N}]*(?![\p{L}\p{N}])/gu;

const OWNED = new WeakMap<readonly Chunk[], Map<string, string>>();

/** How much of a document's text, from its start, is its opening (title page, preamble): where it names itself. */
const OPENING_CHARS = 600;

/**
 * The acronyms a document names itself by (lower-cased, as the analyzer writes them), and that document: one
 * written in its opening ("NUKTANI", "GeoVIP", "CASTEC") that no other document uses. Not "ASEAN" or "USD" once
 * two documents use them, nor "SMEs" or "USB" met only further down. Worked out once per set of passages (the
 * retriever and the answer service share it).
 */
export function ownAcronyms(chunks: readonly Chunk[]): Map<string, string> {
  let owned = OWNED.get(chunks);
  if (owned) return owned;
  const holders = new Map<string, string | null>();
  const opening = new Map<string, string>();
  const read = new Map<string, number>();
  for (const chunk of chunks) {
    const before = read.get(chunk.docId) ?? 0;
    read.set(chunk.docId, before + chunk.text.length);
    for (const m of chunk.text.matchAll(ACRONYM)) {
      if (m[0].length < 3) continue;
      const key = m[0].toLowerCase();
      const known = holders.get(key);
      if (known === undefined) holders.set(key, chunk.docId);
      else if (known !== null && known !== chunk.docId) holders.set(key, null);
      if (before + m.index! < OPENING_CHARS) opening.set(key, chunk.docId);
    }
  }
  owned = new Map([...holders].filter((e): e is [string, string] => e[1] !== null && opening.get(e[0]) === e[1]));
  OWNED.set(chunks, owned);
  return owned;
}
