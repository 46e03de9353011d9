import type { CleaningStep, GarbleSpan, Script } from '../core/types.js';
import { HAN, PINYIN_ANNOTATION, toSimplifiedChars as toSimplified, toTraditionalChars } from '../core/text.js';
import { charsWithTrail, isRareGbk, unshift } from './gbk.js';

/** What cleaning produced: the faithful display text, what was done, and the garbled spans found. */
export interface CleanResult {
  text: string;
  steps: CleaningStep[];
  garbles: GarbleSpan[];
}

/** Shown in place of garbled text whose repair is ambiguous. */
export const GARBLE_MARK = '[?]';

const CJK_PUNCT = '，。、；：？！“”‘’（）《》〈〉【】—…·';
const TERMINAL = /[。！？!?；;…”」』)）.:]$/u;

/**
 * Cleans a document's text for indexing and display, keeping it faithful to the original: removes control
 * characters, portal navigation and footer lines, bracketed pinyin annotations, rejoins the hard line breaks
 * of PDF-extracted text, and repairs (or marks) spans garbled by a one-byte-shifted GBK decode.
 *
 * @example
 * cleanText('中新網(wǎng)南寧', 'zh-Hant').text // '中新網南寧'
 */
export function cleanText(raw: string, script: Script): CleanResult {
  const steps: CleaningStep[] = [];
  const note = (kind: CleaningStep['kind'], count: number, detail?: string) => {
    if (count > 0) steps.push(detail ? { kind, count, detail } : { kind, count });
  };

  let text = raw.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n');
  const controls = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2028\u2029]/gu)?.length ?? 0;
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b]/gu, '').replace(/[\u2028\u2029]/gu, '\n');
  note('control-chars', controls);

  const pinyin = text.match(PINYIN_ANNOTATION)?.length ?? 0;
  text = text.replace(PINYIN_ANNOTATION, '');
  note('pinyin', pinyin);

  let lines = text.split('\n');
  const nav = dropNavigation(lines);
  lines = nav.kept;
  note('navigation', nav.dropped.length, nav.dropped.join(' | '));

  const wrapped = isHardWrapped(lines);
  if (wrapped) {
    const rejoined = rejoinHardWraps(lines, wrapped);
    note('hard-wraps', rejoined.joins);
    lines = rejoined.lines;
  } else {
    const rejoined = rejoinLowercaseContinuations(lines);
    note('hard-wraps', rejoined.joins);
    lines = rejoined.lines;
  }

  let spaces = 0;
  const paragraphs: string[] = [];
  for (const line of lines) {
    let p = line.replace(/[ \t\u3000\u00a0]+$/u, '').replace(/^[ \t\u3000\u00a0]+/u, '');
    if (p && p !== line) spaces += line.length - p.length;
    if (wrapped) {
      // PDF extraction scatters spaces between characters; in Chinese text they carry no meaning.
      const before = p.length;
      const item = /^\d{1,2}\s+(?=[\u4e00-\u9fff])/u.exec(p)?.[0] ?? '';
      p = item.trimEnd() + (item ? ' ' : '') + removeCjkSpaces(p.slice(item.length));
      spaces += before - p.length;
    }
    if (p) paragraphs.push(p);
  }
  note('whitespace', spaces);
  text = paragraphs.join('\n');

  const garbled = repairGarbles(text, script);
  note('garble-repaired', garbled.garbles.filter((g) => g.repaired !== null).length,
    garbled.garbles.filter((g) => g.repaired !== null).map((g) => `${g.original} -> ${g.repaired}`).join(' | '));
  note('garble-marked', garbled.garbles.filter((g) => g.repaired === null).length,
    garbled.garbles.filter((g) => g.repaired === null).map((g) => g.original).join(' | '));
  return { text: garbled.text, steps, garbles: garbled.garbles };
}

const PORTAL_WORDS = /(首页|首頁|上一篇|下一篇|相关|相關|排行|点击|點擊|推荐阅读|推薦閱讀|责任编辑|責任編輯|分享到|打印本页|关闭窗口|關閉窗口|返回顶部|返回頂部|网站简介|網站簡介|广告服务|廣告服務|联系我们|聯系我們|聯繫我們)/u;
const COPYRIGHT = /(copyright|版权所有|版權所有|all rights reserved|©|icp备|icp備)/iu;

/**
 * Drops portal navigation and footer lines. Only the first and last few lines are looked at, so that body
 * text is never touched: breadcrumbs (`首頁 > 創新創業 > 詳細內容`), link bars (`網站簡介 / 廣告服務`),
 * copyright lines, short labels (`標簽 :`), portal widgets (`相關網文`) and a lone category line that
 * a breadcrumb repeats.
 */
function dropNavigation(lines: string[]): { kept: string[]; dropped: string[] } {
  const nonEmpty = lines.map((l, i) => ({ l: l.trim(), i })).filter((x) => x.l);
  const head = new Set(nonEmpty.slice(0, 4).map((x) => x.i));
  const tail = new Set(nonEmpty.slice(-6).map((x) => x.i));
  const crumbs = new Set<string>();
  for (const { l } of nonEmpty) {
    if (isBreadcrumb(l)) for (const part of l.split(/[>›»]/u)) crumbs.add(part.trim());
  }
  const drop = new Set<number>();
  for (const { l, i } of nonEmpty) {
    if (!head.has(i) && !tail.has(i)) continue;
    const short = [...l].length <= 14;
    if (
      isBreadcrumb(l) ||
      COPYRIGHT.test(l) ||
      l.split(/\s[\/|]\s|｜/u).length >= 3 ||
      (short && PORTAL_WORDS.test(l)) ||
      (short && /[:：]$/u.test(l)) ||
      (short && crumbs.has(l))
    ) {
      drop.add(i);
    }
  }
  return {
    kept: lines.filter((_, i) => !drop.has(i)),
    dropped: [...drop].sort((a, b) => a - b).map((i) => lines[i]!.trim()),
  };
}

function isBreadcrumb(line: string): boolean {
  const parts = line.split(/\s*[>›»]\s*/u);
  return parts.length >= 3 && parts.every((p) => p.length > 0 && [...p].length <= 10);
}

/** Display width of a line in em: Han and full-width characters 1, others 0.5. */
function width(line: string): number {
  let w = 0;
  for (const ch of line.trim()) w += HAN.test(ch) || CJK_PUNCT.includes(ch) ? 1 : 0.5;
  return w;
}

/**
 * Detects text with hard line breaks at a fixed width (PDF extraction): most lines are about as long as
 * the longest ones. Returns the typical full-line width, or 0 when the text is not hard-wrapped.
 */
function isHardWrapped(lines: string[]): number {
  const widths = lines.map(width).filter((w) => w >= 4);
  if (widths.length < 8) return 0;
  const counts = new Map<number, number>();
  for (const w of widths) counts.set(Math.round(w), (counts.get(Math.round(w)) ?? 0) + 1);
  let mode = 0;
  let best = 0;
  for (const [w, c] of counts) if (c > best || (c === best && w > mode)) [mode, best] = [w, c];
  const near = widths.filter((w) => Math.abs(w - mode) <= 2.5).length;
  return mode >= 12 && near / widths.length >= 0.45 ? mode : 0;
}

const ITEM_START = /^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}(?:[.．、]|\s+(?=[\u4e00-\u9fff]))|第[一二三四五六七八九十百\d]+[条條章节節])/u;

/**
 * Rejoins lines broken at a fixed width. Blank lines between content lines are read as spacing: the usual gap
 * is a wrap, a wider gap ends a paragraph. Otherwise a line continues into the next when it leaves a quotation
 * mark or bracket open, or when it does not end a sentence and is nearly as wide as a full line (three
 * quarters, so that indented blocks such as numbered lists rejoin too) and the next line does not start a
 * numbered item; a line that ends a sentence continues only when it is full and the next line is neither
 * indented nor numbered. Headings (`一、…` without a comma) are never joined, so headings and numbered items
 * stay apart from their neighbours.
 */
function rejoinHardWraps(lines: string[], fullWidth: number): { lines: string[]; joins: number } {
  const content: { text: string; gap: number }[] = [];
  let gap = 0;
  for (const line of lines) {
    if (line.trim()) {
      content.push({ text: line, gap });
      gap = 0;
    } else {
      gap++;
    }
  }
  const gaps = new Map<number, number>();
  for (const c of content.slice(1)) gaps.set(c.gap, (gaps.get(c.gap) ?? 0) + 1);
  const wrapGap = [...gaps].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;

  const out: string[] = [];
  let joins = 0;
  let current = '';
  for (let i = 0; i < content.length; i++) {
    const line = content[i]!.text;
    const trimmed = line.trim();
    current = current ? joinWrapped(current, trimmed) : line;
    const next = content[i + 1];
    if (next === undefined) break;
    const w = width(line);
    const itemNext = ITEM_START.test(next.text);
    let continues: boolean;
    if (next.gap > wrapGap) continues = false;
    else if (unbalanced(current)) continues = true;
    else if (/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/u.test(trimmed) && !/[，,。]/u.test(trimmed)) continues = false;
    else if (TERMINAL.test(trimmed)) continues = w >= fullWidth - 2.5 && !/^[ \u3000]{2,}/u.test(next.text) && !itemNext;
    else continues = w >= fullWidth * 0.75 && !itemNext;
    if (continues) {
      joins++;
    } else {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return { lines: out, joins };
}

/**
 * Rejoins lines of cased scripts (Latin, Vietnamese) broken inside a sentence, in text that is not wrapped at
 * one width: a line that does not end a sentence, followed by a line that starts with a lower-case letter, is
 * one line broken in two ("… trường" + "đại học …"). Headings and items start upper-case or with a marker, so
 * they stay apart.
 */
function rejoinLowercaseContinuations(lines: string[]): { lines: string[]; joins: number } {
  const out: string[] = [];
  let joins = 0;
  // A line nearly as long as the longest lines, ending inside a sentence, also continues ("… tại" + "Việt Nam").
  const lengths = lines.map((l) => l.trim().length).filter((n) => n > 0).sort((a, b) => a - b);
  const long = (lengths[Math.floor(lengths.length * 0.9)] ?? 0) * 0.8;
  for (const line of lines) {
    const prev = out.at(-1);
    const start = line.trimStart();
    const continues = start && (/^\p{Ll}/u.test(start) || (long >= 40 && prev !== undefined && prev.trim().length >= long && !ITEM_START.test(start) && !/^(?:#|•|[-*+]\s|\p{Lu}[\p{L}]*\s+(?:\d|[IVX]+\b))/u.test(start)));
    if (prev !== undefined && prev.trim() && continues && !/[.!?:;。！？：；]\s*$/u.test(prev) && /\p{L}[,)]?\s*$/u.test(prev) && !HAN.test(prev.slice(-1))) {
      out[out.length - 1] = joinWrapped(prev, start);
      joins++;
    } else out.push(line);
  }
  return { lines: out, joins };
}

/** Scripts written without spaces between words: a line break inside them joins with nothing. */
const UNSPACED_CHAR = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]/u;

/**
 * Joins a hard-wrapped line to the next for the script at the break: Chinese, Japanese, Thai, Lao, Khmer and
 * Burmese join with nothing; a word hyphenated across the break ("labora-" + "tories") is rejoined; everything
 * else (Latin, Vietnamese, Tamil, and a break between two scripts) joins with a space.
 */
export function joinWrapped(current: string, next: string): string {
  const last = current.trimEnd();
  const before = last.at(-1) ?? '';
  const after = next[0] ?? '';
  if (UNSPACED_CHAR.test(before) && UNSPACED_CHAR.test(after)) return last + next;
  if (/\p{Ll}-$/u.test(last) && /^\p{Ll}/u.test(next)) return last.slice(0, -1) + next;
  return `${last} ${next}`;
}

function unbalanced(text: string): boolean {
  const pairs: [string, string][] = [['“', '”'], ['《', '》'], ['（', '）'], ['「', '」']];
  return pairs.some(([open, close]) => text.split(open).length > text.split(close).length);
}

const CJK_CHAR = `\\u3400-\\u9fff${CJK_PUNCT}`;
const CJK_SPACE = new RegExp(`(?<=[${CJK_CHAR}])[ \\u3000]+(?=[${CJK_CHAR}\\d])|(?<=[${CJK_CHAR}\\d])[ \\u3000]+(?=[${CJK_CHAR}])`, 'gu');

function removeCjkSpaces(line: string): string {
  return line.replace(CJK_SPACE, '');
}

/** True for a character that only exists in the Simplified script (OpenCC maps it to another character). */
function simplifiedOnly(ch: string): boolean {
  return HAN.test(ch) && toTraditionalChars(ch) !== ch;
}

/**
 * Finds and repairs spans garbled by a one-byte-shifted GBK decode. In a Traditional-script document such a
 * span shows up as Simplified-only characters that never occur next to each other elsewhere, often between a
 * `?` (the lost lead byte) and an ASCII character (the orphaned trail byte). The shift is undone; the first and
 * last characters, whose other byte was lost, are chosen by finding the repaired text elsewhere in the same
 * document. When that choice is not unique, the span is replaced by GARBLE_MARK.
 *
 * A second, related form is a lost character whose pinyin annotation survived, `?xùn)|`: the ASCII character
 * after the bracket is the trail byte of the lost character, which the neighbouring characters may pin down.
 */
function repairGarbles(text: string, script: Script): { text: string; garbles: GarbleSpan[] } {
  if (script !== 'zh-Hant' && script !== 'zh-Hans') return { text, garbles: [] };
  const simplified = toSimplified(text);
  const bigrams = new Map<string, number>();
  for (let i = 0; i + 1 < simplified.length; i++) {
    const bg = simplified.slice(i, i + 2);
    bigrams.set(bg, (bigrams.get(bg) ?? 0) + 1);
  }
  const seen = (a: string, b: string) => (bigrams.get(toSimplified(a + b)) ?? 0) > 1;

  interface Found { start: number; end: number; original: string; repaired: string | null }
  const found: Found[] = [];
  const chars = [...text];
  const offsets: number[] = [];
  for (let i = 0, o = 0; i < chars.length; o += chars[i]!.length, i++) offsets.push(o);
  offsets.push(text.length);

  // Form 1: a run of implausible characters in a Traditional document.
  if (script === 'zh-Hant') {
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      if (!simplifiedOnly(ch)) continue;
      const isolated = !seen(chars[i - 1] ?? '', ch) && !seen(ch, chars[i + 1] ?? '');
      if (!isolated || !(isRareGbk(ch) || chars[i - 1] === '?' || /[?_]/u.test(chars[i + 1] ?? ''))) continue;
      let s = i;
      let e = i + 1;
      while (s > 0 && HAN.test(chars[s - 1]!) && !seen(chars[s - 1]!, chars[s]!)) s--;
      while (e < chars.length && HAN.test(chars[e]!) && !seen(chars[e - 1]!, chars[e]!)) e++;
      const run = chars.slice(s, e).join('');
      const lead = chars[s - 1] === '?' ? 1 : 0;
      const trail = /^[\x21-\x7e]$/u.test(chars[e] ?? '') && chars[e] !== ',' && chars[e] !== ';' ? 1 : 0;
      const repaired = resolveShift(run, simplified);
      found.push({ start: offsets[s - lead]!, end: offsets[e + trail]!, original: chars.slice(s - lead, e + trail).join(''), repaired });
      i = e;
    }
  }

  // Form 2: a lost character shown as `?` + its orphaned pinyin + its trail byte.
  for (const m of text.matchAll(/\?[a-zü\u0300-\u036fāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}\)([\x40-\x7e])/gu)) {
    const start = m.index!;
    const end = start + m[0].length;
    const before = text[start - 1] ?? '';
    const after = text[end] ?? '';
    const candidates = charsWithTrail(m[1]!.charCodeAt(0)).filter((c) => seen(before, c) || seen(c, after));
    found.push({ start, end, original: m[0], repaired: candidates.length === 1 ? candidates[0]! : null });
  }

  // Byte-identical garbles lost the same bytes: one resolved elsewhere in the document resolves them all.
  const resolved = new Map(found.filter((f) => f.repaired !== null).map((f) => [f.original, f.repaired]));
  for (const f of found) f.repaired ??= resolved.get(f.original) ?? null;

  found.sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  const garbles: GarbleSpan[] = [];
  for (const f of found) {
    if (f.start < last) continue;
    out += text.slice(last, f.start);
    const replacement = f.repaired ?? GARBLE_MARK;
    garbles.push({ original: f.original, repaired: f.repaired, start: out.length, end: out.length + replacement.length });
    out += replacement;
    last = f.end;
  }
  out += text.slice(last);
  return { text: out, garbles };
}

/** Undoes the shift of a garbled run; returns the repair when the document pins down its lost ends, else null. */
function resolveShift(run: string, documentSimplified: string): string | null {
  const shifted = unshift(run);
  if (!shifted || !shifted.middle) return null;
  const middle = toSimplified(shifted.middle);
  const firsts = new Set(shifted.first.map(toSimplified));
  const lasts = new Set(shifted.last.map(toSimplified));
  const repairs = new Set<string>();
  for (let at = documentSimplified.indexOf(middle); at >= 0; at = documentSimplified.indexOf(middle, at + 1)) {
    const x = documentSimplified[at - 1] ?? '';
    const y = documentSimplified[at + middle.length] ?? '';
    if (firsts.has(x) && lasts.has(y)) repairs.add(x + shifted.middle + y);
  }
  return repairs.size === 1 ? [...repairs][0]! : null;
}
