const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Splits plain text into pieces of at most `max` characters, preferring paragraph breaks, then line breaks,
 * then sentence ends (。！？.!? and the Thai, Khmer, Lao, Burmese sentence marks), then spaces, and never
 * inside a grapheme cluster (a Thai, Khmer or Burmese letter with its combining marks stays whole).
 * `measure` gives a piece's length as the platform counts it (after escaping, say).
 *
 * @example
 * splitText('a\n\nb', 1) // ['a', 'b']
 */
export function splitText(text: string, max: number, measure: (s: string) => number = (s) => s.length): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest && measure(rest) > max) {
    const cut = bestCut(rest, max, measure);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/u, '');
  }
  if (rest.trim()) pieces.push(rest);
  return pieces.filter((p) => p.length > 0);
}

/** The end of the longest prefix that fits, at the best kind of boundary found in it. */
function bestCut(text: string, max: number, measure: (s: string) => number): number {
  // The longest prefix, in whole grapheme clusters, whose measure fits.
  let fit = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    const end = index + segment.length;
    if (measure(text.slice(0, end)) > max) break;
    fit = end;
  }
  if (fit === 0) fit = [...graphemes.segment(text)][0]!.segment.length;
  const window = text.slice(0, fit);
  const boundaries = [/\n\s*\n/gu, /\n/gu, /[。！？!?．.;；។៕။၊໌ฯ](?=\s|$)|[。！？；]/gu, /\s/gu];
  for (const re of boundaries) {
    let last = -1;
    for (const m of window.matchAll(re)) last = m.index! + m[0].length;
    if (last > fit * 0.3) return last;
  }
  return fit;
}
