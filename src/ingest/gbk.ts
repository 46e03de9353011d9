/**
 * GBK byte tables, used to undo a one-byte-shifted GBK decode: when a GBK byte stream loses (or gains) one
 * byte, every following pair of bytes straddles two characters, and the text turns into plausible-looking
 * but meaningless characters ('科研合作平台' becomes '?蒲泻献髌脚_').
 */
interface GbkTables {
  decode: Map<number, string>;
  encode: Map<string, number>;
  byTrail: Map<number, string[]>;
  byLead: Map<number, string[]>;
}

let tables: GbkTables | undefined;

function buildTables(): GbkTables {
  const decoder = new TextDecoder('gbk', { fatal: true });
  const decode = new Map<number, string>();
  const encode = new Map<string, number>();
  const byTrail = new Map<number, string[]>();
  const byLead = new Map<number, string[]>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let ch: string;
      try {
        ch = decoder.decode(pair);
      } catch {
        continue;
      }
      if ([...ch].length !== 1 || ch === '\ufffd') continue;
      const code = (lead << 8) | trail;
      decode.set(code, ch);
      if (!encode.has(ch)) encode.set(ch, code);
      if (!byTrail.has(trail)) byTrail.set(trail, []);
      byTrail.get(trail)!.push(ch);
      if (!byLead.has(lead)) byLead.set(lead, []);
      byLead.get(lead)!.push(ch);
    }
  }
  return { decode, encode, byTrail, byLead };
}

function gbk(): GbkTables {
  tables ??= buildTables();
  return tables;
}

/** The two GBK bytes of a character, or null when GBK has no such character. */
export function gbkBytes(ch: string): [number, number] | null {
  const code = gbk().encode.get(ch);
  return code === undefined ? null : [code >> 8, code & 0xff];
}

/** The character of two GBK bytes, or null when the pair is not a character. */
export function gbkChar(lead: number, trail: number): string | null {
  return gbk().decode.get((lead << 8) | trail) ?? null;
}

/** All GBK characters whose second byte is `trail`. */
export function charsWithTrail(trail: number): string[] {
  return gbk().byTrail.get(trail) ?? [];
}

/** All GBK characters whose first byte is `lead`. */
export function charsWithLead(lead: number): string[] {
  return gbk().byLead.get(lead) ?? [];
}

/** True for characters of GB2312 level 2 (the rarer half of common Chinese characters, lead bytes D8-F7). */
export function isRareGbk(ch: string): boolean {
  const bytes = gbkBytes(ch);
  return bytes !== null && bytes[0] >= 0xd8 && bytes[0] <= 0xf7;
}

/**
 * Undoes a one-byte shift over a run of garbled characters. The original bytes were `x b1 b2 … b2k y`, where
 * `b1 … b2k` are the GBK bytes of the garbled run and `x`, `y` were lost. Returns the characters that can be
 * recovered for certain (the middle), and the candidates for the first and last characters; null when the
 * run does not re-pair into valid GBK (so it was not a shifted decode).
 */
export function unshift(garbled: string): { middle: string; first: string[]; last: string[] } | null {
  const bytes: number[] = [];
  for (const ch of garbled) {
    const b = gbkBytes(ch);
    if (!b) return null;
    bytes.push(b[0], b[1]);
  }
  let middle = '';
  for (let i = 1; i + 1 < bytes.length - 1; i += 2) {
    const ch = gbkChar(bytes[i]!, bytes[i + 1]!);
    if (!ch) return null;
    middle += ch;
  }
  return { middle, first: charsWithTrail(bytes[0]!), last: charsWithLead(bytes[bytes.length - 1]!) };
}
