// Phrase-aware conversion between the Chinese scripts: OpenCC's Taiwan <-> mainland conversions (opencc-js's
// `Converter({ from: 'cn', to: 'tw' })` and `{ from: 'tw', to: 'cn' }`), computed the same way from the same
// dictionaries, in a fraction of the memory. opencc-js keeps each dictionary as a trie of one `Map` per node:
// the mainland-to-Taiwan converter alone holds about 190,000 Maps, some 70 MB of a process's memory (measured
// with a heap snapshot of `npm run bench` at 100,000 passages). Here a dictionary is one Map from each entry to
// its replacement plus, per first character, the length of its longest entry: the same longest match at each
// position, found by looking up at most that many prefixes.
import CJK_COMPATIBILITY from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import ST_CHARACTERS from 'opencc-js/dict/STCharacters';
import ST_PHRASES from 'opencc-js/dict/STPhrases';
import ST_PHRASES_REGIONAL from 'opencc-js/dict/STPhrases_GeneratedFromRegionalPhrases';
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';
import TS_PHRASES from 'opencc-js/dict/TSPhrases';
import TW_VARIANTS from 'opencc-js/dict/TWVariants';
import TW_VARIANTS_PHRASES from 'opencc-js/dict/TWVariantsPhrases';
import TW_VARIANTS_REV from 'opencc-js/dict/TWVariantsRev';
import TW_VARIANTS_REV_PHRASES from 'opencc-js/dict/TWVariantsRevPhrases';

/**
 * One dictionary group of OpenCC ("source replacement|source replacement|…" strings): where two dictionaries
 * of a group hold the same entry, the first one's replacement wins, as in opencc-js (which loads a group's
 * dictionaries last to first, each overwriting).
 */
class Dictionary {
  private readonly entries = new Map<string, string>();
  /** Per first code point, the most code points an entry starting with it has. */
  private readonly longest = new Map<number, number>();

  constructor(dictionaries: string[]) {
    for (const dictionary of [...dictionaries].reverse()) {
      if (!dictionary) continue;
      for (const line of dictionary.split('|')) {
        const space = line.indexOf(' ');
        const from = line.slice(0, space);
        this.entries.set(from, line.slice(space + 1));
        const first = from.codePointAt(0)!;
        const length = codePointCount(from);
        if ((this.longest.get(first) ?? 0) < length) this.longest.set(first, length);
      }
    }
  }

  /**
   * The longest entry starting at `at` (the code unit offset of `bounds[k]`, `bounds` being the offsets of the
   * text's code points and its end): the offset it ends at and its replacement, or null when none starts there.
   */
  match(text: string, bounds: number[], k: number): { end: number; value: string } | null {
    const most = Math.min(this.longest.get(text.codePointAt(bounds[k]!)!) ?? 0, bounds.length - 1 - k);
    for (let n = most; n >= 1; n--) {
      const value = this.entries.get(text.slice(bounds[k]!, bounds[k + n]!));
      if (value !== undefined) return { end: k + n, value };
    }
    return null;
  }

  /** The longest matches of `text`, left to right, as code unit offsets (start, end) and replacements. */
  private *matches(text: string): Generator<{ start: number; end: number; value: string }> {
    const bounds = codePointBounds(text);
    let k = 0;
    while (k < bounds.length - 1) {
      const hit = this.match(text, bounds, k);
      if (!hit) {
        k += unmatchedLength(text, bounds, k);
        continue;
      }
      yield { start: bounds[k]!, end: bounds[hit.end]!, value: hit.value };
      k = hit.end;
    }
  }

  /** Each longest match replaced, left to right; the rest unchanged. */
  convert(text: string): string {
    let out = '';
    let copied = 0;
    for (const { start, end, value } of this.matches(text)) {
      out += text.slice(copied, start) + value;
      copied = end;
    }
    return copied ? out + text.slice(copied) : text;
  }

  /** The text cut into its longest matches and the runs between them (OpenCC's segmentation). */
  segment(text: string): string[] {
    const segments: string[] = [];
    let run = 0;
    for (const { start, end } of this.matches(text)) {
      if (start > run) segments.push(text.slice(run, start));
      segments.push(text.slice(start, end));
      run = end;
    }
    if (run < text.length) segments.push(text.slice(run));
    return segments;
  }
}

function codePointBounds(text: string): number[] {
  const bounds: number[] = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) bounds.push(i);
  bounds.push(text.length);
  return bounds;
}

/**
 * How many code points an unmatched position spans: one, or a whole ideographic description sequence
 * ("⿰氵青", U+2FF0–U+2FFF and its components), which opencc-js passes over as a unit.
 */
function unmatchedLength(text: string, bounds: number[], k: number): number {
  const end = descriptionEnd(text, bounds, k);
  return end > k ? end - k : 1;
}

/** The code point index a description sequence starting at `k` ends at, or 0 when none starts there. */
function descriptionEnd(text: string, bounds: number[], k: number): number {
  const arity = descriptionArity(text.codePointAt(bounds[k]!)!);
  if (!arity) return 0;
  let end = k + 1;
  for (let n = 0; n < arity; n++) {
    if (end >= bounds.length - 1) return 0;
    end = descriptionEnd(text, bounds, end) || end + 1;
  }
  return end;
}

function descriptionArity(cp: number): number {
  if (cp === 0x2ff2 || cp === 0x2ff3) return 3;
  return cp >= 0x2ff0 && cp <= 0x2fff ? 2 : 0;
}

function codePointCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) n++;
  return n;
}

/**
 * An OpenCC configuration: compatibility ideographs normalised, the text segmented by a phrase dictionary, then
 * each segment converted by each group of the chain in turn (opencc-js's `ConverterFactoryWithSegmentation`).
 */
function converter(segmentation: string[], chain: string[][]): (text: string) => string {
  let built: { normalize: Dictionary; segmentation: Dictionary; chain: Dictionary[] } | undefined;
  return (text) => {
    built ??= { normalize: new Dictionary([CJK_COMPATIBILITY]), segmentation: new Dictionary(segmentation), chain: chain.map((group) => new Dictionary(group)) };
    const { normalize, segmentation: segmenter, chain: groups } = built;
    return segmenter
      .segment(normalize.convert(text))
      .map((segment) => groups.reduce((s, group) => group.convert(s), segment))
      .join('');
  };
}

/** Mainland Simplified to Taiwan Traditional: OpenCC's s2tw (opencc-js `{ from: 'cn', to: 'tw' }`). */
export const simplifiedToTaiwan = converter([ST_PHRASES, ST_PHRASES_REGIONAL], [[ST_PHRASES, ST_PHRASES_REGIONAL, ST_CHARACTERS], [TW_VARIANTS_PHRASES, TW_VARIANTS]]);

/** Taiwan Traditional to mainland Simplified: OpenCC's tw2s (opencc-js `{ from: 'tw', to: 'cn' }`). */
export const taiwanToSimplified = converter([TS_PHRASES], [[TW_VARIANTS_REV_PHRASES, TW_VARIANTS_REV], [TS_PHRASES, TS_CHARACTERS]]);
