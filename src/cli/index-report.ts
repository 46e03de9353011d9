import type { BuildReport, CorpusIndex } from '../retrieval/index-store.js';
import type { Lexicon } from '../retrieval/lexicon.js';
import { detectLanguage } from '../i18n/detect.js';
import type { Chunk } from '../core/types.js';
import { flaggedPassages, isHeldBack, passageInstructionFlags } from '../ingest/instructions.js';

/**
 * The passages of a document that try to instruct the assistant: those held back (id, reasons, first 80
 * characters), how many others are held with them, and those staff cleared. Empty for an ordinary document.
 */
export function instructionReport(chunks: Chunk[]): string[] {
  const flagged = flaggedPassages({ chunks });
  const withDocument = chunks.filter((c) => isHeldBack(c)).length - flagged.length;
  const cleared = chunks.filter((c) => !isHeldBack(c) && passageInstructionFlags(c).length > 0);
  const lines: string[] = [];
  if (flagged.length) {
    lines.push(`    HELD BACK: ${flagged.length} passage(s) address the assistant and are not quoted in answers until staff clear them in corpus/cleared.json:`);
    for (const p of flagged) {
      const where = p.where.filter((w) => w !== 'text').map((w) => (w === 'heading' ? 'its heading' : `its ${w.slice('version:'.length)} version`));
      lines.push(`      ${p.chunkId}  ${p.reasons.join(', ')}${where.length ? ` (in ${where.join(', ')})` : ''}  “${p.excerpt}”`);
    }
    if (withDocument > 0) lines.push(`      and ${withDocument} other passage(s) of this document, held with them (clear the document id to release it all)`);
  }
  if (cleared.length) lines.push(`    cleared by staff: ${cleared.length} passage(s) that address the assistant may be quoted (${cleared.map((c) => c.id).slice(0, 3).join(', ')}${cleared.length > 3 ? ', …' : ''})`);
  return lines;
}

/**
 * What staff need to know of a document to extend the lexicon: its language, the aligned versions it has, the
 * structure found (headings, numbered items), and its lexicon coverage (the share of its passages that carry
 * at least one concept, and the frequent words of the uncovered passages, the candidates for new terms).
 */
export function documentProfile(chunks: Chunk[], text: string, lexicon: Lexicon): string[] {
  const language = detectLanguage(text.slice(0, 4000)).language;
  const versions = [...new Set(chunks.flatMap((c) => Object.keys(c.translations)))].sort();
  const headings = new Set(chunks.flatMap((c) => c.sectionPath.slice(0, c.itemNumber === null ? undefined : -1))).size;
  const items = chunks.filter((c) => c.itemNumber !== null).length;
  const uncovered = chunks.filter((c) => !lexicon.tag(`${c.text}\n${c.translations.en ?? ''}`).some((x) => !x.startsWith('intent.')));
  const frequent = uncoveredWords(uncovered.map((c) => c.text), language, lexicon);
  const coverage = chunks.length ? (chunks.length - uncovered.length) / chunks.length : 0;
  return [
    `    language ${language}; aligned versions: ${versions.length ? versions.join(' ') : 'none (replies show the original only)'}`,
    `    structure: ${headings} heading(s), ${items} numbered item(s)`,
    `    lexicon coverage: ${(coverage * 100).toFixed(0)}% of passages carry a concept${frequent.length ? `; frequent words no concept covers: ${frequent.join(', ')}` : ''}${coverage < 0.6 ? '  (extend corpus/lexicon: see its README)' : ''}`,
  ];
}

/** The most common function words of the documents' languages: no candidates for the lexicon. */
const FUNCTION_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'that', 'this', 'are', 'will', 'shall', 'may', 'its', 'their', 'of', 'to', 'in', 'on', 'at', 'by', 'be', 'is', 'or', 'an', 'as', 'yang', 'dan', 'di', 'ke', 'dari', 'untuk', 'dengan', 'dalam', 'pada', 'atau', 'ini', 'itu', 'adalah', 'akan', 'và', 'của', 'các', 'được', 'cho', 'trong', 'với', 'là', 'có', 'theo', 'không', 'những', 'một', 'do', 'de', 'da', 'que', 'os', 'em', 'para', 'com', 'um', 'uma', 'ang', 'ng', 'sa', 'mga', 'na', 'ay', 'ของ', 'ความ', 'และ', 'ที่', 'ใน', 'การ', 'ให้', 'จะ', 'ได้', 'เป็น', 'มี', 'หรือ', 'โดย', 'กับ', 'ซึ่ง', 'ไม่', 'ต้อง', 'ແລະ', 'ຂອງ', 'ທີ່', 'ໃນ', 'ການ', 'ໃຫ້', 'និង', 'របស់', 'ដែល', 'ក្នុង', 'ការ', 'នៃ', 'နှင့်', 'တွင်', 'သည်', '的', '和', '与', '及']);

/**
 * The words staff might add to the lexicon: the most frequent words of the passages no concept covers, as the
 * reader sees them (Intl.Segmenter words in the document's language: 申请书, not the index's character pairs 申请 and
 * 请书; pairs of syllables in Vietnamese, whose words are written syllable by syllable: "đơn vị", not "đơn"),
 * leaving out function words and words the lexicon already knows.
 */
export function uncoveredWords(texts: string[], language: string, lexicon: Lexicon, n = 8): string[] {
  const segmenter = new Intl.Segmenter(language.startsWith('zh') ? language : language === 'fil' ? 'tl' : language === 'tet' ? 'pt' : language, { granularity: 'word' });
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = [...segmenter.segment(text.toLowerCase())].filter((w) => w.isWordLike).map((w) => w.segment);
    const candidates = language === 'vi' ? words.slice(1).map((w, i) => `${words[i]} ${w}`) : words;
    for (const w of candidates) {
      if ([...w].length < 2 || /^[\d#]/u.test(w) || w.split(' ').some((part) => FUNCTION_WORDS.has(part))) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts].filter(([w, c]) => c >= 2 && !lexicon.tag(w).length).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([w]) => w);
}

/** The per-document report of `npm run index`: what was reused, processed, cleaned and what failed. */
export function formatBuildReport(index: CorpusIndex, report: BuildReport, lexicon?: Lexicon): string {
  const lines: string[] = [];
  lines.push(report.loadedFromDisk ? 'Index is up to date (loaded from disk).' : `Index built: ${report.processed.length} document(s) processed, ${report.reused.length} unchanged and reused, ${report.embedded} passage(s) embedded.`);
  lines.push(`${index.documents.length} document(s), ${index.chunks.length} passages, embeddings ${index.embedderId}.`, '');
  const processed = new Set(report.processed);
  for (const d of index.documents) {
    const { meta, steps, garbles } = d.document;
    lines.push(`${meta.file}  ${processed.has(meta.file) ? '(processed)' : '(unchanged)'}  ${d.chunks.length} passages  — ${meta.title}`);
    if (lexicon) lines.push(...documentProfile(d.chunks, d.document.text, lexicon));
    if (!steps.length) lines.push('    cleaning: nothing to clean');
    for (const s of steps) {
      const what: Record<string, string> = {
        pinyin: 'bracketed pinyin annotations removed',
        'hard-wraps': 'hard line breaks rejoined',
        navigation: 'portal navigation/footer lines dropped',
        'garble-repaired': 'garbled GBK spans repaired',
        'garble-marked': 'garbled spans marked [?] (repair ambiguous)',
        whitespace: 'spaces trimmed at line ends or between Chinese characters',
        'control-chars': 'control characters removed',
      };
      lines.push(`    ${String(s.count).padStart(4)} ${what[s.kind] ?? s.kind}${s.detail ? `: ${s.detail}` : ''}`);
    }
    if (garbles.length) lines.push(`    garbled spans: ${garbles.map((g) => `${g.original} → ${g.repaired ?? '[?]'}`).join('; ')}`);
    lines.push(...instructionReport(d.chunks));
    if (d.missingAnchors.length) lines.push(`    aligned translation: ${d.missingAnchors.length} anchor(s) not found: ${d.missingAnchors.slice(0, 3).join(' | ')}`);
  }
  for (const f of index.failures) lines.push(`${f.file}  FAILED: ${f.error}`);
  return lines.join('\n');
}
