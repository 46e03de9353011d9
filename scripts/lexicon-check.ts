// Checks one lexicon file (corpus/lexicon/FILE, calls-apply.json when none is named) for false matches and collisions (a maintainer's tool, not a test).
// For every concept of the file it lists what its terms match in the corpus (documents, aligned versions and
// test/fixtures/corpus-extra/documents), with 30 characters of context, so that a term that matches where the
// meaning is different can be narrowed or removed. It also prints every term that is already a term of another
// concept (in any lexicon file), every concept missing a language, and the terms per language.
// Run: npx tsx scripts/lexicon-check.ts [--file calls-money.json] [--questions] [--concept call.elig.age] [--all]
//   --questions  also scan the questions of test/eval/dev.jsonl and synthetic-heldout.jsonl (never the blind sets)
//   --all        print every match, not the first five per word
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LEXICON_LANGUAGES } from '../src/core/languages.js';
import { Lexicon, loadLexicon, normalizeForLexicon } from '../src/retrieval/lexicon.js';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const FILE = args.includes('--file') ? args[args.indexOf('--file') + 1]! : 'calls-apply.json';
const LEXICON_DIR = join(ROOT, 'corpus/lexicon');
const only = args.includes('--concept') ? args[args.indexOf('--concept') + 1] : undefined;
const showAll = args.includes('--all');
const SHOWN = 5;

/** Lines of text to scan, each with where it comes from. */
async function corpusLines(): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  const plain = async (dir: string) => {
    for (const file of (await readdir(join(ROOT, dir))).sort()) {
      const text = await readFile(join(ROOT, dir, file), 'utf8');
      text.split('\n').forEach((line, i) => line.trim() && out.push({ where: `${file}:${i + 1}`, text: line }));
    }
  };
  await plain('corpus/documents');
  await plain('test/fixtures/corpus-extra/documents');
  for (const file of (await readdir(join(ROOT, 'corpus/aligned'))).filter((f) => f.endsWith('.json')).sort()) {
    const json = JSON.parse(await readFile(join(ROOT, 'corpus/aligned', file), 'utf8')) as { segments: { text: string }[] };
    json.segments.forEach((s, i) => out.push({ where: `${file}#${i}`, text: s.text }));
  }
  if (args.includes('--questions')) {
    for (const file of ['test/eval/dev.jsonl', 'test/eval/synthetic-heldout.jsonl']) {
      const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n').filter((l) => l.trim());
      for (const line of lines) {
        const q = JSON.parse(line) as { id: string; question: string };
        out.push({ where: `${file.split('/').pop()}:${q.id}`, text: q.question });
      }
    }
  }
  return out;
}

/** The concept and its raw terms, as written in the file. */
interface Entry {
  concept: string;
  [lang: string]: string[] | string;
}

const mine = (JSON.parse(await readFile(join(LEXICON_DIR, FILE), 'utf8')) as { concepts: Entry[] }).concepts;
const full = await loadLexicon(LEXICON_DIR); // also proves the folder still loads (unique ids, valid files)
const ownIds = new Set(mine.map((c) => c.concept));

// 1. Languages and counts.
const perLang = new Map<string, number[]>();
for (const entry of mine) {
  for (const lang of LEXICON_LANGUAGES) {
    const terms = Array.isArray(entry[lang]) ? (entry[lang] as string[]) : [];
    if (!terms.length) console.log(`MISSING ${entry.concept}: no ${lang} terms`);
    perLang.set(lang, [...(perLang.get(lang) ?? []), terms.length]);
  }
}
console.log(`${mine.length} concepts; terms per language (min/avg):`);
console.log([...perLang].map(([l, n]) => `${l} ${Math.min(...n)}/${(n.reduce((a, b) => a + b, 0) / n.length).toFixed(1)}`).join(', '));

// 2. Collisions: the same term (after normalisation) in two concepts, here or in another lexicon file.
const key = (raw: string) => normalizeForLexicon(raw.trim().replace(/\*$/u, '')).trim();
const owners = new Map<string, Set<string>>();
for (const concept of full.concepts) {
  for (const lang of LEXICON_LANGUAGES) for (const raw of concept.terms[lang] ?? []) {
    const k = key(raw);
    owners.set(k, (owners.get(k) ?? new Set()).add(concept.id));
  }
}
let collisions = 0;
for (const entry of mine) {
  for (const lang of LEXICON_LANGUAGES) for (const raw of (entry[lang] as string[] | undefined) ?? []) {
    const others = [...(owners.get(key(raw)) ?? [])].filter((id) => id !== entry.concept);
    if (others.length) {
      collisions++;
      console.log(`COLLISION ${entry.concept} ${lang} "${raw}" is also a term of ${others.join(', ')}${others.some((o) => ownIds.has(o)) ? ' (this file)' : ''}`);
    }
    if ([...key(raw)].length < 2 && !/[\u3400-\u9fff]/u.test(key(raw))) console.log(`IGNORED ${entry.concept} ${lang} "${raw}": shorter than 2 letters`);
    if (lang === 'zh' && /^[\u3400-\u9fff]$/u.test(key(raw))) console.log(`SINGLE ${entry.concept} zh "${raw}": a single Chinese character`);
  }
}
console.log(`${collisions} collisions`);

// 3. What each concept's terms match in the corpus.
const lines = await corpusLines();
for (const concept of full.concepts.filter((c) => ownIds.has(c.id) && (!only || c.id === only))) {
  const one = new Lexicon([concept]);
  const byWords = new Map<string, string[]>();
  for (const { where, text } of lines) {
    const norm = normalizeForLexicon(text);
    for (const m of one.matches(text)) {
      const context = `${norm.slice(Math.max(0, m.start - 30), m.start)}[${m.words}]${norm.slice(m.start + m.words.length, m.start + m.words.length + 30)}`;
      byWords.set(m.words, [...(byWords.get(m.words) ?? []), `${where}  ${context}`]);
    }
  }
  console.log(`\n== ${concept.id}: ${[...byWords.values()].reduce((n, l) => n + l.length, 0)} matches`);
  for (const [words, hits] of [...byWords].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  "${words}" ×${hits.length}`);
    for (const hit of showAll ? hits : hits.slice(0, SHOWN)) console.log(`      ${hit}`);
  }
}
