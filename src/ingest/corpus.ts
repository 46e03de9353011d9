import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { readOptionalJson } from '../core/json-file.js';
import { DocumentError } from '../core/errors.js';
import { isLanguage } from '../core/languages.js';
import type { AlignedSegment, Chunk, CleanDocument, DocumentMeta, Script } from '../core/types.js';
import { countHan, normalizeForMatch, scriptOnlyCounts, sha256 } from '../core/text.js';
import { cleanText } from './clean.js';
import { chunkDocument, TITLE_RUNS_ON, titleBlock } from './chunk.js';
import { applyInstructionFlags } from './instructions.js';
import { loadFile, SUPPORTED_EXTENSIONS } from './loaders.js';

/** Layout of a corpus folder: documents, their metadata, aligned translations, the lexicon. */
export interface CorpusPaths {
  root: string;
  documents: string;
  metadata: string;
  aligned: string;
  lexicon: string;
  /** Passages and documents staff reviewed and cleared of instruction flags (see `readCleared`). */
  cleared: string;
}

/** The standard layout under a corpus root (`corpus/`). */
export function corpusPaths(root: string): CorpusPaths {
  return {
    root,
    documents: join(root, 'documents'),
    metadata: join(root, 'metadata.json'),
    aligned: join(root, 'aligned'),
    lexicon: join(root, 'lexicon'),
    cleared: join(root, 'cleared.json'),
  };
}

const metadataEntry = z.object({
  file: z.string().min(1),
  title_zh: z.string().nullish(),
  title_en: z.string().nullish(),
  kind: z.string().nullish(),
  script: z.enum(['zh-Hans', 'zh-Hant', 'latin', 'other']).nullish(),
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u, 'date must look like 2023, 2023-09 or 2023-09-14').nullish(),
  publisher: z.string().nullish(),
  url: z.string().url().nullish(),
  notes: z.string().nullish(),
});
const metadataFile = z.object({ documents: z.array(metadataEntry) });
export type MetadataEntry = z.infer<typeof metadataEntry>;

/** Reads `metadata.json`; a missing file means no entries. A malformed file is an error that names the problem. */
export async function readMetadata(path: string): Promise<Map<string, MetadataEntry>> {
  const data = await readOptionalJson(path, metadataFile, 'the expected shape');
  return new Map((data?.documents ?? []).map((d) => [d.file, d]));
}

const clearedFile = z.object({
  cleared: z.array(z.union([z.string().min(1), z.object({ id: z.string().min(1), note: z.string().nullish(), by: z.string().nullish(), date: z.string().nullish() })])),
});

/**
 * Reads `cleared.json`: the chunk ids (`<docId>#<hash>`) and document ids staff reviewed and cleared of
 * instruction flags (src/ingest/instructions.ts), as strings or `{ "id", "note", "by", "date" }` entries. A
 * cleared passage may be quoted in answers again; no passage of a cleared document is held. A chunk id
 * changes with the passage's text, so an edited passage is checked again. A missing file clears nothing.
 */
export async function readCleared(path: string): Promise<Set<string>> {
  const data = await readOptionalJson(path, clearedFile, 'the expected shape ({ "cleared": ["<chunk or document id>", ...] })');
  return new Set((data?.cleared ?? []).map((e) => (typeof e === 'string' ? e : e.id)));
}

/** Guesses the script of a text: Chinese (which of the two scripts), Latin, or other. */
export function detectScript(text: string): Script {
  const sample = text.slice(0, 20000);
  const han = countHan(sample);
  const letters = sample.length - sample.replace(/\p{L}/gu, '').length;
  if (han > 0 && han >= letters * 0.3) {
    const { traditionalOnly, simplifiedOnly } = scriptOnlyCounts(sample);
    return traditionalOnly > simplifiedOnly ? 'zh-Hant' : 'zh-Hans';
  }
  const latin = sample.length - sample.replace(/\p{Script=Latin}/gu, '').length;
  return latin >= letters * 0.5 ? 'latin' : 'other';
}

/** Longest title made from a document's own title lines (when metadata.json gives none). */
const TITLE_CHARS = 260;

/** The first lines of a text that hold something, trimmed: where its title block is looked for. */
function leadingLines(text: string, n: number): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length && out.length < n; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    if (line) out.push(line);
    start = end + 1;
  }
  return out;
}

/** `lead`: the document's first lines (`leadingLines`); `titleLines`: how many of them are its title block. */
function buildMeta(file: string, entry: MetadataEntry | undefined, lead: string[], titleLines: number, script: Script): DocumentMeta {
  // The title block (an issuing office, a notice's title, "HƯỚNG DẪN" and what it guides), else the first line.
  // (A line broken inside the title runs on with a space: "… Việt Nam –" "Trung Quốc năm 2027".)
  const own = lead.slice(0, Math.max(1, titleLines)).map((l) => l.replace(/^#+\s*/u, '').trim()).reduce((title, l) => (!title ? l : `${title}${TITLE_RUNS_ON.test(title) ? ' ' : ' · '}${l}`), '') || file;
  const titleZh = entry?.title_zh ?? null;
  const titleEn = entry?.title_en ?? null;
  return {
    id: basename(file, extname(file)),
    file,
    titleZh,
    titleEn,
    title: titleZh ?? titleEn ?? ([...own].length > TITLE_CHARS ? `${[...own].slice(0, TITLE_CHARS - 1).join('')}…` : own),
    kind: entry?.kind ?? null,
    script: entry?.script ?? script,
    date: entry?.date ?? null,
    publisher: entry?.publisher ?? null,
    url: entry?.url ?? null,
  };
}

const alignedFile = z.object({
  document: z.string(),
  lang: z.string().refine(isLanguage, 'lang must be one of the 14 language codes'),
  segments: z.array(z.object({ anchor: z.string().min(1), text: z.string().min(1) })),
});

/**
 * Places the aligned translations of a document on its cleaned text. Anchors are found in order, each after
 * the previous one, under the same normalisation as quotes (no white space or pinyin, Simplified script).
 * Returns the segments placed and the anchors that could not be found.
 */
export async function readAligned(paths: CorpusPaths, meta: DocumentMeta, cleaned: string, listed?: string[] | null): Promise<{ segments: AlignedSegment[]; missing: string[] }> {
  let files: string[];
  try {
    // (`listed`: the folder's file names, when the caller has listed it once for many documents; null when it cannot be read.)
    if (listed === null) return { segments: [], missing: [] };
    files = (listed ?? (await readdir(paths.aligned))).filter((f) => f.startsWith(`${meta.id}.`) && f.endsWith('.json'));
  } catch {
    return { segments: [], missing: [] };
  }
  if (!files.length) return { segments: [], missing: [] };
  // Normalised text with a map back to offsets in the cleaned text.
  const norm: string[] = [];
  const back: number[] = [];
  for (let i = 0; i < cleaned.length; i++) {
    const ch = cleaned[i]!;
    if (/\s/u.test(ch)) continue;
    // One offset per code unit of the normalised form: NFKC may turn one character into several ("…" into
    // "..."), and the anchors' positions are positions in the joined string.
    const n = normalizeForMatch(ch) || ch;
    norm.push(n);
    for (let k = 0; k < n.length; k++) back.push(i);
  }
  const normText = norm.join('');
  const segments: AlignedSegment[] = [];
  const missing: string[] = [];
  for (const file of files.sort()) {
    const parsed = alignedFile.safeParse(JSON.parse(await readFile(join(paths.aligned, file), 'utf8')));
    if (!parsed.success) throw new DocumentError(file, `is not a valid aligned translation: ${parsed.error.issues[0]?.message}`);
    let from = 0;
    for (const seg of parsed.data.segments) {
      const anchor = normalizeForMatch(seg.anchor);
      const at = normText.indexOf(anchor, from);
      if (at < 0) {
        missing.push(seg.anchor);
        continue;
      }
      segments.push({ lang: parsed.data.lang as AlignedSegment['lang'], start: back[at]!, text: seg.text });
      from = at + anchor.length;
    }
  }
  return { segments, missing };
}

/** One document after ingestion, with its passages, or the reason it could not be ingested. */
export type IngestResult =
  | { ok: true; document: CleanDocument; chunks: Chunk[]; missingAnchors: string[] }
  | { ok: false; file: string; error: string };

/** Lists the ingestible files of the corpus folder, sorted by name. */
export async function listDocumentFiles(paths: CorpusPaths): Promise<string[]> {
  // A missing folder is an empty corpus (the index build reports it; the last good index keeps serving).
  const names = await readdir(paths.documents).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || !(SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())) continue;
    if ((await stat(join(paths.documents, name))).isFile()) files.push(name);
  }
  return files;
}

/**
 * Reads, cleans and chunks one document, and flags the passages that try to instruct the assistant (unless
 * `cleared`, read from `paths.cleared` when not given, clears them). Never throws for a bad document: the
 * failure is returned, so that one unreadable file does not stop the others from being indexed.
 * `alignedNames`: the aligned folder's file names, listed once for a whole build (read here when not given).
 */
export async function ingestDocument(paths: CorpusPaths, file: string, metadata: Map<string, MetadataEntry>, cleared?: ReadonlySet<string>, alignedNames?: string[] | null): Promise<IngestResult> {
  try {
    const loaded = await loadFile(join(paths.documents, file), file);
    const entry = metadata.get(file);
    const script = entry?.script ?? detectScript(loaded.text);
    const cleaned = cleanText(loaded.text, script);
    if (!cleaned.text.trim()) throw new DocumentError(file, 'has no text left after cleaning');
    const lead = leadingLines(cleaned.text, 7);
    const block = titleBlock(lead);
    const meta = buildMeta(file, entry, lead, block, script);
    const aligned = await readAligned(paths, meta, cleaned.text, alignedNames);
    const document: CleanDocument = {
      meta,
      contentHash: sha256(loaded.bytes),
      text: cleaned.text,
      steps: cleaned.steps,
      garbles: cleaned.garbles,
      aligned: aligned.segments,
    };
    // A document with a title in metadata.json keeps its first lines as text; one without is titled by its title block.
    const titleLines = entry?.title_zh || entry?.title_en ? undefined : block;
    const chunks = applyInstructionFlags(chunkDocument(meta.id, cleaned.text, aligned.segments, { titleLines }), cleared ?? (await readCleared(paths.cleared)));
    return { ok: true, document, chunks, missingAnchors: aligned.missing };
  } catch (error) {
    return { ok: false, file, error: (error as Error).message };
  }
}
