import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPaths, ingestDocument, readMetadata } from '../../src/ingest/corpus.js';
import { normalizeDigits, parseNumeral } from '../../src/core/text.js';
import { LANGUAGES } from '../../src/core/languages.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

const paths = corpusPaths(CORPUS_DIR);
const metadata = await readMetadata(paths.metadata);
const files = (await readdir(paths.aligned)).filter((f) => f.endsWith('.json')).sort();
const documents = new Map<string, Extract<Awaited<ReturnType<typeof ingestDocument>>, { ok: true }>>();
for (const file of metadata.keys()) {
  const result = await ingestDocument(paths, file, metadata);
  if (result.ok) documents.set(result.document.meta.id, result);
}

/**
 * A number's signature: its digits without separators and without trailing zeros, so that 5148.2 (亿) and
 * 514.82 (billion), 4000 and 4,000 or 4.000, 30 (万) and 300,000 compare equal.
 */
const signature = (digits: string) => digits.replace(/[.,\s]/gu, '').replace(/^0+(?=\d)/u, '').replace(/0+$/u, '') || '0';
function numbersOf(text: string): string[] {
  return (normalizeDigits(text).match(/\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*/gu) ?? []).map(signature);
}
/** The numbers a Chinese paragraph states, in digits or in Chinese numerals (十大, 第二届, 三是). */
function originalNumbers(text: string): Set<string> {
  const out = new Set(numbersOf(text));
  if (/[首头頭]/u.test(text)) out.add('1');
  for (const m of text.matchAll(/[零〇一二两兩三四五六七八九十百千万萬]+/gu)) {
    const n = parseNumeral(m[0].replace(/[万萬]/gu, ''));
    if (n !== null) out.add(signature(String(n)));
    for (const ch of m[0]) {
      const d = parseNumeral(ch);
      if (d !== null) out.add(signature(String(d)));
    }
  }
  return out;
}

describe('aligned versions of the documents', () => {
  it('cover every seed document in every language but the original’s own', () => {
    for (const id of documents.keys()) {
      const langs = files.filter((f) => f.startsWith(`${id}.`)).map((f) => f.split('.').at(-2));
      const script = documents.get(id)!.document.meta.script;
      expect({ id, langs: [...langs].sort() }).toEqual({ id, langs: LANGUAGES.filter((l) => l !== script).sort() });
    }
  });

  for (const file of files) {
    it(`${file}: every anchor found, in order, and every number stated in its original paragraph`, async () => {
      const data = JSON.parse(await readFile(join(paths.aligned, file), 'utf8')) as { document: string; lang: string; translator: string; segments: { anchor: string; text: string }[] };
      const id = file.split('.')[0]!;
      const doc = documents.get(id)!;
      expect(data.translator.length).toBeGreaterThan(5);
      expect(doc.missingAnchors.filter((a) => data.segments.some((s) => s.anchor === a))).toEqual([]);
      const placed = doc.document.aligned.filter((s) => s.lang === data.lang);
      expect(placed.map((s) => s.text)).toEqual(data.segments.map((s) => s.text));
      for (let i = 1; i < placed.length; i++) expect(placed[i]!.start).toBeGreaterThan(placed[i - 1]!.start);
      const unsupported: string[] = [];
      placed.forEach((s, i) => {
        const original = doc.document.text.slice(s.start, placed[i + 1]?.start ?? doc.document.text.length);
        const known = originalNumbers(original);
        for (const n of numbersOf(s.text)) if (!known.has(n)) unsupported.push(`#${i} ${n}`);
      });
      expect(unsupported).toEqual([]);
    });
  }

  it('show each passage the translation of exactly its own paragraphs', () => {
    for (const { chunks, document } of documents.values()) {
      const byLang = new Map<string, { start: number; text: string }[]>();
      for (const s of document.aligned) byLang.set(s.lang, [...(byLang.get(s.lang) ?? []), s]);
      for (const chunk of chunks) {
        for (const [lang, segments] of byLang) {
          const shown = chunk.translations[lang as keyof typeof chunk.translations];
          const own = segments.filter((s) => s.start >= chunk.start && s.start < chunk.end);
          const covering = segments.filter((s, i) => s.start < chunk.start && (segments[i + 1]?.start ?? Infinity) > chunk.start);
          const expected = (own.length ? own : covering).map((s) => s.text);
          if (!expected.length) {
            expect(shown).toBeUndefined();
            continue;
          }
          // Begins with the segment of the passage's first paragraph; holds no segment of a paragraph outside it.
          expect(shown?.startsWith(expected[0]!)).toBe(true);
          const outside = segments.filter((s) => !expected.some((e) => e.includes(s.text)) && s.text.length > 40 && shown!.includes(s.text));
          expect({ chunk: chunk.id, lang, outside: outside.map((s) => s.text.slice(0, 60)) }).toEqual({ chunk: chunk.id, lang, outside: [] });
        }
      }
    }
  });
});
