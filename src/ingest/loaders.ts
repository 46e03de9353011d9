import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { htmlToStructuredText, markdownToText } from './markup.js';
import { DocumentError } from '../core/errors.js';

/** File endings the corpus folder ingests. */
export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf', '.docx'] as const;

/**
 * Largest document file accepted (bytes). A larger file is reported and skipped.
 *
 * How it was chosen: cleaning and chunking are linear in the text's length (test/ingest/*.test.ts count their
 * work), so the limit is set by what the whole build of one document costs, measured with
 * `npm run bench` (scripts/bench-ingest.ts, offline embeddings) on the 2-core machine the project runs on:
 * 10 MB of text built in 15 s and 50 MB in 88–93 s (mixed Chinese and English, and Traditional with garbled
 * spans), about 0.55 MB/s, at a peak RSS of 1.5 GB. So 50 MB keeps the build of the largest document to about
 * a minute and a half, within the default V8 heap. (Before cleaning was made linear, 3.7 MB of hard-wrapped
 * text took 87 s to clean, and 50 MB would have taken hours.) Raise it only after measuring again.
 */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** The raw text of a document file, before cleaning, and the bytes it came from (for change detection). */
export interface LoadedFile {
  bytes: Uint8Array;
  text: string;
  format: 'text' | 'markdown' | 'html' | 'pdf' | 'docx';
}

/**
 * Reads a document file into plain text. Text files may be UTF-8 (with or without BOM), UTF-16 with BOM,
 * or GB18030/GBK; HTML loses its markup but keeps its block structure as lines; PDF and DOCX are extracted.
 * Throws DocumentError for empty, binary, oversized or unreadable files.
 */
export async function loadFile(path: string, name: string): Promise<LoadedFile> {
  const ext = extname(name).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new DocumentError(name, `unsupported file type "${ext}"; use one of ${SUPPORTED_EXTENSIONS.join(' ')}`);
  }
  const bytes = new Uint8Array(await readFile(path));
  if (bytes.length === 0) throw new DocumentError(name, 'the file is empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new DocumentError(name, `the file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`);
  try {
    switch (ext) {
      case '.pdf':
        return { bytes, text: await pdfText(bytes), format: 'pdf' };
      case '.docx':
        return { bytes, text: await docxText(bytes), format: 'docx' };
      case '.html':
      case '.htm':
        return { bytes, text: htmlToText(decodeText(bytes, name)), format: 'html' };
      case '.md':
        return { bytes, text: markdownToText(decodeText(bytes, name)), format: 'markdown' };
      default:
        return { bytes, text: decodeText(bytes, name), format: 'text' };
    }
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError(name, `could not be read as ${ext}: ${(error as Error).message}`, { cause: error });
  }
}

/** Decodes text bytes: BOMs first, then strict UTF-8, then GB18030; refuses binary data. */
export function decodeText(bytes: Uint8Array, name = 'input'): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) throw new DocumentError(name, 'the file looks binary (it contains NUL bytes), not text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new DocumentError(name, 'the file is neither UTF-8 nor GB18030 text');
    }
  }
}

/**
 * Plain text of an HTML page through node-html-parser (a well-kept parser, where regular expressions would
 * miss nesting, entities and malformed markup): site navigation, scripts and footers dropped, headings kept as
 * `#` lines, list items as `• ` lines, table rows with their header (see markup.ts).
 */
export function htmlToText(html: string): string {
  return htmlToStructuredText(html);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(bytes);
  const { text } = await extractText(pdf, { mergePages: false });
  return (text as string[]).join('\n');
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = await import('mammoth');
  // Through HTML, so that the document's headings, lists and tables keep their structure.
  const convert = mammoth.default?.convertToHtml ?? mammoth.convertToHtml;
  const { value } = await convert({ buffer: Buffer.from(bytes) });
  return htmlToStructuredText(value);
}
