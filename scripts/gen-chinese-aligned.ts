/**
 * Writes the Chinese-script versions of the documents into corpus/aligned/: a document written in Simplified
 * Chinese gets a Traditional version (`<stem>.zh-Hant.json`) and one in Traditional a Simplified version, each
 * paragraph converted by OpenCC (phrase level) from the cleaned original and aligned on the anchors of the
 * document's English version. Re-run it after a document or its English version changes.
 *
 *   npx tsx scripts/gen-chinese-aligned.ts [corpus-dir]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusPaths, ingestDocument, listDocumentFiles, readMetadata } from '../src/ingest/corpus.js';
import { toSimplified, toTraditional } from '../src/core/text.js';

const paths = corpusPaths(process.argv[2] ?? 'corpus');
const metadata = await readMetadata(paths.metadata);
for (const file of await listDocumentFiles(paths)) {
  const result = await ingestDocument(paths, file, metadata);
  if (!result.ok) continue;
  const { document } = result;
  const script = document.meta.script;
  if (script !== 'zh-Hans' && script !== 'zh-Hant') continue;
  const target = script === 'zh-Hans' ? 'zh-Hant' : 'zh-Hans';
  const enPath = join(paths.aligned, `${document.meta.id}.en.json`);
  const en = JSON.parse(await readFile(enPath, 'utf8').catch(() => 'null')) as { segments: { anchor: string }[] } | null;
  if (!en) continue;
  const placed = document.aligned.filter((s) => s.lang === 'en');
  const convert = target === 'zh-Hant' ? toTraditional : toSimplified;
  const segments = placed.map((s, i) => ({
    anchor: en.segments[i]!.anchor,
    text: convert(document.text.slice(s.start, placed[i + 1]?.start ?? document.text.length).trim()),
  }));
  if (segments.length !== en.segments.length) throw new Error(`${file}: ${en.segments.length - segments.length} English anchor(s) not placed`);
  const out = { document: file, lang: target, translator: `OpenCC conversion of the original (${script} to ${target}), aligned on the English version's anchors`, segments };
  await writeFile(join(paths.aligned, `${document.meta.id}.${target}.json`), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${document.meta.id}.${target}.json: ${segments.length} segments`);
}
