import type { BuildReport, CorpusIndex } from '../retrieval/index-store.js';

/** The per-document report of `npm run index`: what was reused, processed, cleaned and what failed. */
export function formatBuildReport(index: CorpusIndex, report: BuildReport): string {
  const lines: string[] = [];
  lines.push(report.loadedFromDisk ? 'Index is up to date (loaded from disk).' : `Index built: ${report.processed.length} document(s) processed, ${report.reused.length} unchanged and reused, ${report.embedded} passage(s) embedded.`);
  lines.push(`${index.documents.length} document(s), ${index.chunks.length} passages, embeddings ${index.embedderId}.`, '');
  const processed = new Set(report.processed);
  for (const d of index.documents) {
    const { meta, steps, garbles } = d.document;
    lines.push(`${meta.file}  ${processed.has(meta.file) ? '(processed)' : '(unchanged)'}  ${d.chunks.length} passages  — ${meta.title}`);
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
    if (d.missingAnchors.length) lines.push(`    aligned translation: ${d.missingAnchors.length} anchor(s) not found: ${d.missingAnchors.slice(0, 3).join(' | ')}`);
  }
  for (const f of index.failures) lines.push(`${f.file}  FAILED: ${f.error}`);
  return lines.join('\n');
}
