import { tableLines } from './markup.js';
import type { CleaningStep, GarbleSpan, Script } from '../core/types.js';
import { HAN, PINYIN_ANNOTATION, normalizeDigits, toSimplifiedChars as toSimplified, toTraditionalChars } from '../core/text.js';
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

  const page = dropPageFurniture(lines);
  lines = page.kept;
  note('page-furniture', page.dropped.length, page.dropped.map((l) => l.trim()).join(' | '));

  const ruled = ruledTables(lines);
  lines = ruled.lines;
  note('ruled-tables', ruled.tables);

  // A rule drawn across the page ("-----", "=====", "* * *") separates what is above it from what is below; it is
  // no heading and no text. (After the ruled tables, whose rules hold bars or pluses.)
  let rules = 0;
  lines = lines.map((l) => (RULE_LINE.test(l) ? (rules++, '') : l));
  note('rules', rules);

  const tables = columnTables(lines);
  lines = tables.lines;
  note('column-tables', tables.tables);

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
    let p = trimSpaces(line);
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

/**
 * `line` without the spaces, tabs, ideographic and no-break spaces at its ends. A loop, not `/[ \t]+$/`: that
 * regular expression tries every position of a run of spaces inside the line, quadratic in the run's length.
 */
function trimSpaces(line: string): string {
  const space = (c: number) => c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0;
  let end = line.length;
  while (end > 0 && space(line.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && space(line.charCodeAt(start))) start++;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/** "Page 3", "Page 3 of 12", "Trang 3/12", "หน้า 3", "Halaman 3 dari 12", "第 3 页 共 12 页", in the product's languages. */
const PAGE_MARK = new RegExp(
  '(?:\\b(?:page|p[áa]gina|halaman|muka surat|trang|pahina|p[áa]jina)|หน้า(?:ที่)?|ទំព័រ(?:ទី)?|ໜ້າ(?:ທີ)?|စာမျက်နှာ|பக்கம்)\\s*\\d{1,4}' +
    '(?:\\s*(?:of|/|de|dari|daripada|trên|จาก|ng|husi|នៃ|ຈາກ)\\s*\\d{1,4})?\\s*$' +
    '|^\\s*第\\s*\\d{1,4}\\s*[页頁](?:\\s*[,，]?\\s*共\\s*\\d{1,4}\\s*[页頁])?\\s*$',
  'iu',
);

/**
 * The lines of a text without its page furniture: page marks ("Page 1 of 4", "- 3 -"), and a running title that
 * stands next to a page mark (blank lines aside) and recurs word for word elsewhere in the text. Where a sentence
 * runs on across the page break ("… equity investment of more than USD" / "Page 1 of 4" / running title /
 * "1,000,000 in total."), the blank lines of the break go too, so that the two halves meet and rejoin.
 */
function dropPageFurniture(lines: string[]): { kept: string[]; dropped: string[] } {
  const marks = lines.map((l) => isPageFurniture(l));
  for (const i of barePageNumbers(lines)) marks[i] = true;
  if (!marks.includes(true)) return { kept: lines, dropped: [] };
  const counts = new Map<string, number>();
  for (const l of lines) if (l.trim()) counts.set(l.trim(), (counts.get(l.trim()) ?? 0) + 1);
  const drop = [...marks];
  // A recurring line next to a page mark is its running title (or footer).
  const runningTitle = (i: number) => i >= 0 && i < lines.length && !drop[i] && (counts.get(lines[i]!.trim()) ?? 0) >= 2 && lines[i]!.trim().length <= 140 && !TERMINAL.test(lines[i]!.trim());
  for (let i = 0; i < lines.length; i++) {
    if (!marks[i]) continue;
    for (const step of [-1, 1]) {
      let j = i + step;
      while (j >= 0 && j < lines.length && !lines[j]!.trim()) j += step;
      if (runningTitle(j)) drop[j] = true;
    }
  }
  const kept: string[] = [];
  const dropped: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!drop[i]) {
      kept.push(lines[i]!);
      continue;
    }
    dropped.push(lines[i]!);
    // At the end of a run of furniture and the blank lines around it: when the text before it stops inside a
    // sentence, the blank lines of the break are dropped too.
    let j = i + 1;
    while (j < lines.length && (drop[j] || !lines[j]!.trim())) j++;
    if (j > i + 1 && drop.slice(i + 1, j).some(Boolean)) continue;
    let k = kept.length;
    while (k > 0 && !kept[k - 1]!.trim()) k--;
    const before = kept[k - 1]?.trim() ?? '';
    if (before && !TERMINAL.test(before) && j < lines.length) {
      kept.length = k;
      i = j - 1;
    }
  }
  return { kept, dropped };
}

/** A line drawn across the page: one of -, =, _, *, ~, ─, ━, ═, ·, • at least three times (spaces between allowed). */
const RULE_LINE = /^\s*([-=_*~─━═·•])(?:[ \t]*\1){2,}\s*$/u;

/**
 * The lines that are a page number and nothing else ("1", "   2", "๓"): a line of one to four digits set apart by
 * blank lines (or the text's ends) which is either centred (indented by eight spaces or more, as PDF text lays a
 * page number out) or one of two or more such lines numbering pages one after another (1, 2, 3, …). A number
 * alone that is neither, a figure standing between paragraphs, is kept.
 */
function barePageNumbers(lines: string[]): number[] {
  const blank = (i: number) => i < 0 || i >= lines.length || !lines[i]!.trim();
  const found: { at: number; n: number; centred: boolean }[] = [];
  lines.forEach((l, i) => {
    const m = /^(\s*)(\p{Nd}{1,4})\s*$/u.exec(l);
    if (m && blank(i - 1) && blank(i + 1)) found.push({ at: i, n: Number(normalizeDigits(m[2]!)), centred: m[1]!.replace(/\t/gu, '        ').length >= 8 });
  });
  return found.filter((f, k) => f.centred || found[k - 1]?.n === f.n - 1 || found[k + 1]?.n === f.n + 1).map((f) => f.at);
}

/**
 * A page header or footer of text copied from a PDF: a line that is only a page mark ("Page 3 of 12", "- 3 -",
 * "3 / 12", "第3页"), or a running title set apart from one by a run of spaces or a bar ("LMTTP Guidelines 2027
 *        Page 1 of 2"). It would otherwise read as a heading and break the sections around it.
 */
export function isPageFurniture(line: string): boolean {
  const t = line.trim();
  if (!t || t.length > 140) return false;
  if (/^[-–—]\s*\p{Nd}{1,4}\s*[-–—]$/u.test(t) || /^\p{Nd}{1,4}\s+\/\s+\p{Nd}{1,4}$/u.test(t)) return true;
  const m = PAGE_MARK.exec(t);
  if (!m) return false;
  const before = t.slice(0, m.index);
  return !before.trim() || /(?:\s{3,}|\s[|·•–—-]\s*)$/u.test(before);
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
  // Most lines have no separator at all; the split below would try `\s*` at every position of them.
  if (!/[>›»]/u.test(line)) return false;
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
 * A line that opens a part, chapter, section or article in the other languages' documents ("Chương I.",
 * "Điều 4.", "Article 3:", "Section 2.1.", "หมวด 2 ", "II. ", a Markdown heading, a bullet). The number must be
 * followed by a full stop, colon or bracket (or, in Thai, a space), so that a wrapped sentence going on with
 * "Article 5 of the agreement" still rejoins.
 */
const STRUCTURE_START =
  /^\s*(?:(?:part|chapter|phần|chương|bab|capítulo|capitulo|kapitulu|section|mục|bagian|bahagian|secção|seção|seksaun|article|điều|pasal|perkara|artigo|artigu)\s*(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\s*[.:)](?:\s|$)|(?:หมวด|ข้อ)(?:ที่)?\s*\d{1,2}\s|[IVX]{1,5}\.\s+\p{Lu}|#{1,6}\s|[•▪◦]\s)/iu;

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
  // The paragraph being rejoined, and the quotation marks and brackets it opens and closes.
  let current: JoinedLine | null = null;
  const marks = new MarkCount();
  for (let i = 0; i < content.length; i++) {
    const line = content[i]!.text;
    const trimmed = line.trim();
    if (current) current.join(trimmed);
    else current = new JoinedLine(line);
    marks.add(current.end);
    const next = content[i + 1];
    if (next === undefined) break;
    const w = width(line);
    const itemNext = ITEM_START.test(next.text) || STRUCTURE_START.test(next.text);
    let continues: boolean;
    if (next.gap > wrapGap) continues = false;
    else if (marks.unbalanced()) continues = true;
    else if (/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/u.test(trimmed) && !/[，,。]/u.test(trimmed)) continues = false;
    else if (TERMINAL.test(trimmed)) continues = w >= fullWidth - 2.5 && !/^[ \u3000]{2,}/u.test(next.text) && !itemNext;
    else continues = w >= fullWidth * 0.75 && !itemNext;
    if (continues) {
      joins++;
    } else {
      out.push(current.toString());
      current = null;
      marks.clear();
    }
  }
  if (current) out.push(current.toString());
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
  // The last line out, which the next line may continue. Its end (the last line joined to it) is what decides.
  let prev: JoinedLine | null = null;
  for (const line of lines) {
    const start = line.trimStart();
    // (Not a lettered item, "b) phân tích …", after one that ends without a stop; nor a heading "Pasal 5", "Chapter
    // II", though "USD 2,000,000;" and "March 2027" go on a sentence.)
    const continues = start && ((/^\p{Ll}/u.test(start) && !/^\p{Ll}[).]\s/u.test(start)) || (long >= 40 && prev !== null && prev.trimmedLength() >= long && !ITEM_START.test(start) && !/^(?:#|•|[-*+]\s|\p{Lu}[\p{L}]*\s+(?:\d{1,2}(?:\.\d{1,2})*(?![\d,.]?\d)|[IVX]+\b))/u.test(start)));
    // (It may end in a number, "không quá 200" + "người.", or in a word hyphenated across the break, "thư-" + "ơng".)
    if (prev !== null && prev.hasText() && continues && !/[.!?:;。！？：；]\s*$/u.test(prev.end) && /(?:[\p{L}\p{N}][,)]?|\p{Ll}-)\s*$/u.test(prev.end) && !HAN.test(prev.end.slice(-1))) {
      prev.join(start);
      joins++;
    } else {
      if (prev) out.push(prev.toString());
      prev = new JoinedLine(line);
    }
  }
  if (prev) out.push(prev.toString());
  return { lines: out, joins };
}

/**
 * A line being rejoined from the pieces of a hard-wrapped paragraph, kept as parts so that a join costs the
 * length of the piece, not of the paragraph: joining by rebuilding one string made rejoining quadratic in the
 * length of a paragraph, and a paragraph can be the whole document (a quotation mark left open). Every piece
 * holds text other than white space, so the end of the line, where joins and the tests of a line's ending
 * look, is always inside the last piece (`end`).
 */
class JoinedLine {
  private readonly parts: string[] = [];
  private partsLength = 0;
  private tail: string;
  private readonly leadingSpace: number;

  constructor(first: string) {
    this.tail = first;
    this.leadingSpace = first.length - first.trimStart().length;
  }

  /** The last piece (the first line, or the separator and the line joined last): the line's end. */
  get end(): string {
    return this.tail;
  }

  /** Joins `next` (a line with its leading white space removed) as `joinWrapped` would. */
  join(next: string): void {
    const { head, separator } = wrapSeparator(this.tail, next);
    this.parts.push(head);
    this.partsLength += head.length;
    this.tail = separator + next;
  }

  /** Whether the line has text other than white space. */
  hasText(): boolean {
    return this.parts.length > 0 || this.tail.trim() !== '';
  }

  /** The length of the line without the white space at its ends (`toString().trim().length`). */
  trimmedLength(): number {
    if (!this.hasText()) return 0;
    return this.partsLength + this.tail.trimEnd().length - this.leadingSpace;
  }

  toString(): string {
    return this.parts.length ? this.parts.join('') + this.tail : this.tail;
  }
}

/** Scripts written without spaces between words: a line break inside them joins with nothing. */
const UNSPACED_CHAR = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u0e00-\u0e7f\u0e80-\u0eff\u1780-\u17ff\u1000-\u109f]/u;

/**
 * Joins a hard-wrapped line to the next for the script at the break: Chinese, Japanese, Thai, Lao, Khmer and
 * Burmese join with nothing; a word hyphenated across the break ("labora-" + "tories") is rejoined; everything
 * else (Latin, Vietnamese, Tamil, and a break between two scripts) joins with a space.
 */
export function joinWrapped(current: string, next: string): string {
  const { head, separator } = wrapSeparator(current, next);
  return head + separator + next;
}

/** How `joinWrapped` joins: what is kept of `current` (its end trimmed, a hyphen dropped) and what goes between. */
function wrapSeparator(current: string, next: string): { head: string; separator: string } {
  const last = current.trimEnd();
  const before = last.at(-1) ?? '';
  const after = next[0] ?? '';
  if (UNSPACED_CHAR.test(before) && UNSPACED_CHAR.test(after)) return { head: last, separator: '' };
  if (/\p{Ll}-$/u.test(last) && /^\p{Ll}/u.test(next)) return { head: last.slice(0, -1), separator: '' };
  return { head: last, separator: ' ' };
}

/** Opening and closing marks whose balance keeps a wrapped paragraph open: “”, 《》, （）, 「」. */
const MARK_PAIRS = '“”《》（）「」';

/** Running counts of the marks of MARK_PAIRS in a paragraph, added to piece by piece. */
class MarkCount {
  private readonly counts = new Array<number>(MARK_PAIRS.length).fill(0);

  add(piece: string): void {
    for (let i = 0; i < piece.length; i++) {
      const k = MARK_PAIRS.indexOf(piece[i]!);
      if (k >= 0) this.counts[k]!++;
    }
  }

  /** True when some pair is opened more often than it is closed. */
  unbalanced(): boolean {
    for (let k = 0; k < MARK_PAIRS.length; k += 2) if (this.counts[k]! > this.counts[k + 1]!) return true;
    return false;
  }

  clear(): void {
    this.counts.fill(0);
  }
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
  // The document in Simplified characters, and which of its two-code-unit bigrams occur more than once: made
  // on first use only (most documents have no garble candidate at all).
  let simplifiedText: string | undefined;
  const simplified = () => (simplifiedText ??= simplifyInPieces(text));
  let bigrams: BigramCounts | undefined;
  const seen = (a: string, b: string) => {
    const bg = toSimplified(a + b);
    return bg.length === 2 && (bigrams ??= new BigramCounts(simplified())).repeated(bg);
  };

  interface Found { start: number; end: number; original: string; repaired: string | null }
  const found: Found[] = [];
  // Runs of form 1 whose repair is looked up in the document once all are known (see resolveShifts).
  const runs: { found: Found; run: string }[] = [];
  const n = text.length;
  // Code points, walked by code-unit offset: [...text] would make a string per character of the document.
  const at = (p: number) => (p < n ? text.slice(p, p + codePointLength(text, p)) : '');
  const before = (p: number) => (p > 0 ? text.slice(previousCodePoint(text, p), p) : '');

  // Form 1: a run of implausible characters in a Traditional document.
  if (script === 'zh-Hant') {
    for (let p = 0; p < n; ) {
      const code = text.charCodeAt(p);
      // Only Han characters can be Simplified-only: the rest is passed over without making a string of it.
      if (!((code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff))) {
        p += codePointLength(text, p);
        continue;
      }
      const ch = text[p]!;
      let next = p + 1;
      if (simplifiedOnly(ch)) {
        const prev = before(p);
        const after = at(next);
        const isolated = !seen(prev, ch) && !seen(ch, after);
        if (isolated && (isRareGbk(ch) || prev === '?' || /[?_]/u.test(after))) {
          let s = p;
          let e = next;
          for (let c = before(s); HAN.test(c) && !seen(c, at(s)); c = before(s)) s -= c.length;
          for (let c = at(e); HAN.test(c) && !seen(before(e), c); c = at(e)) e += c.length;
          const lead = before(s) === '?' ? 1 : 0;
          const last = at(e);
          const trail = /^[\x21-\x7e]$/u.test(last) && last !== ',' && last !== ';' ? last.length : 0;
          const f: Found = { start: s - lead, end: e + trail, original: text.slice(s - lead, e + trail), repaired: null };
          found.push(f);
          runs.push({ found: f, run: text.slice(s, e) });
          // The character after the run is skipped, as it always was.
          next = e + last.length;
        }
      }
      p = next;
    }
    const repairs = resolveShifts(runs.map((r) => r.run), simplified);
    runs.forEach((r, i) => (r.found.repaired = repairs[i]!));
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

/**
 * `toSimplified(text)` made piece by piece and joined: the same characters (the mapping is character by
 * character), without one string concatenation per character of the whole document held until the end.
 */
function simplifyInPieces(text: string): string {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + 65536);
    const high = text.charCodeAt(end - 1);
    const low = text.charCodeAt(end);
    // Never between the two halves of a surrogate pair.
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) end++;
    pieces.push(toSimplified(text.slice(at, end)));
    at = end;
  }
  return pieces.join('');
}

/** Length in code units (1 or 2) of the code point at `p`; a lone surrogate is a code point of its own, as in `[...text]`. */
function codePointLength(text: string, p: number): number {
  return (text.codePointAt(p) ?? 0) > 0xffff ? 2 : 1;
}

/** Offset of the code point that ends at `p`. */
function previousCodePoint(text: string, p: number): number {
  const low = text.charCodeAt(p - 1);
  const high = text.charCodeAt(p - 2);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? p - 2 : p - 1;
}

/**
 * Which two-code-unit bigrams occur more than once in a text: all its bigrams as numbers, sorted, searched by
 * bisection. Four bytes a code unit, where a map of bigram strings took a string and an entry for each.
 */
class BigramCounts {
  private readonly sorted: Uint32Array;

  constructor(text: string) {
    const keys = new Uint32Array(Math.max(0, text.length - 1));
    for (let i = 0; i + 1 < text.length; i++) keys[i] = ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0;
    this.sorted = keys.sort();
  }

  /** True when the bigram (a string of two code units) occurs at least twice. */
  repeated(bigram: string): boolean {
    const key = ((bigram.charCodeAt(0) << 16) | bigram.charCodeAt(1)) >>> 0;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return this.sorted[lo] === key && this.sorted[lo + 1] === key;
  }
}

/**
 * Undoes the shift of each garbled run; the repair of a run is its unshifted text when the document pins down
 * its lost ends (the characters around the run's recovered middle, wherever that middle occurs in the document,
 * include exactly one pair that the lost bytes allow), else null. All the runs' middles are looked up in one
 * pass over the document, a middle compared only where the document has its first two code units, where an
 * `indexOf` from the start for each run made the cost the number of runs times the length of the document.
 */
function resolveShifts(runs: string[], documentSimplified: () => string): (string | null)[] {
  interface Lookup { middle: string; simplifiedMiddle: string; firsts: Set<string>; lasts: Set<string> }
  const lookups = runs.map((run): Lookup | null => {
    const shifted = unshift(run);
    if (!shifted || !shifted.middle) return null;
    return { middle: shifted.middle, simplifiedMiddle: toSimplified(shifted.middle), firsts: new Set(shifted.first.map(toSimplified)), lasts: new Set(shifted.last.map(toSimplified)) };
  });
  // For each middle (in Simplified characters), the distinct (before, after) code units around its occurrences
  // that some run with that middle allows.
  const wanted = new Map<string, { firsts: Set<string>; lasts: Set<string>; pairs: Map<string, [string, string]> }>();
  for (const l of lookups) {
    if (!l) continue;
    const w = wanted.get(l.simplifiedMiddle) ?? { firsts: new Set<string>(), lasts: new Set<string>(), pairs: new Map() };
    for (const x of l.firsts) w.firsts.add(x);
    for (const y of l.lasts) w.lasts.add(y);
    wanted.set(l.simplifiedMiddle, w);
  }
  if (wanted.size) {
    // The middles by their first code unit (one code unit long) or first two (longer), found in one pass.
    const single = new Map<number, string>();
    const byPrefix = new Map<number, string[]>();
    for (const middle of wanted.keys()) {
      if (middle.length === 1) single.set(middle.charCodeAt(0), middle);
      else if (byPrefix.has(pairKey(middle, 0))) byPrefix.get(pairKey(middle, 0))!.push(middle);
      else byPrefix.set(pairKey(middle, 0), [middle]);
    }
    const doc = documentSimplified();
    const occurs = (middle: string, at: number) => {
      const w = wanted.get(middle)!;
      const x = doc[at - 1] ?? '';
      const y = doc[at + middle.length] ?? '';
      if (w.firsts.has(x) && w.lasts.has(y)) w.pairs.set(`${x}\u0000${y}`, [x, y]);
    };
    for (let at = 0; at < doc.length; at++) {
      const one = single.size ? single.get(doc.charCodeAt(at)) : undefined;
      if (one !== undefined) occurs(one, at);
      const candidates = at + 1 < doc.length ? byPrefix.get(pairKey(doc, at)) : undefined;
      if (candidates) for (const middle of candidates) if (doc.startsWith(middle, at)) occurs(middle, at);
    }
  }
  return lookups.map((l) => {
    if (!l) return null;
    const repairs = new Set<string>();
    for (const [x, y] of wanted.get(l.simplifiedMiddle)!.pairs.values()) {
      if (l.firsts.has(x) && l.lasts.has(y)) repairs.add(x + l.middle + y);
    }
    return repairs.size === 1 ? [...repairs][0]! : null;
  });
}

/** The two code units of `text` at `at` as one number. */
function pairKey(text: string, at: number): number {
  return (text.charCodeAt(at) << 16) | text.charCodeAt(at + 1);
}

/** Cells of a line laid out in columns: text runs apart by a tab or by two or more spaces. */
function columnCells(line: string): string[] | null {
  const cells = line.trim().split(/\t+|\s{2,}/u).map((c) => c.trim()).filter(Boolean);
  return cells.length >= 2 ? cells : null;
}

/**
 * Tables laid out in columns (PDF text, plain-text files): three or more lines in a row with the same number of
 * cells apart by tabs or runs of spaces. The first is the header; every other line becomes one line that names
 * its columns ("Course: 3; City: Hanoi; Deadline: 15 May 2027."), as tables in markup do, so that a row is a
 * quotable fact with its header.
 */
export function columnTables(lines: string[]): { lines: string[]; tables: number } {
  const out: string[] = [];
  let tables = 0;
  for (let i = 0; i < lines.length; ) {
    const first = columnCells(lines[i]!);
    let end = i + 1;
    if (first) while (end < lines.length && columnCells(lines[end]!)?.length === first.length) end++;
    if (first && end - i >= MIN_TABLE_LINES) {
      out.push(...tableLines(lines.slice(i, end).map((l) => columnCells(l)!)));
      tables++;
      i = end;
    } else {
      out.push(lines[i]!);
      i++;
    }
  }
  return { lines: out, tables };
}

/** A header and at least two rows. */
const MIN_TABLE_LINES = 3;

/** A rule of a table drawn in text: `+-----+----+`, `|-----|:---|`, `+=====+`. */
const TABLE_RULE = /^\s*[+|]?(?:\s*:?[-=]{3,}:?\s*[+|])+\s*:?[-=]*:?\s*$|^\s*\+[-=+]{3,}\+?\s*$/u;
/** A row of a table drawn in text: cells between bars, `| Course | City |`. */
const TABLE_ROW = /^\s*\|.*\|.*\|\s*$/u;

function rowCells(line: string): string[] {
  return line.trim().replace(/^\|/u, '').replace(/\|$/u, '').split('|').map((c) => c.trim());
}

/**
 * Tables drawn in plain text with bars and rules (the grid and pipe tables of Markdown converters, text exports):
 * each row becomes one line that names its columns, as in `columnTables`. A row whose cells run over several
 * lines (rules between the rows) is joined cell by cell; without rules between rows, each line is a row.
 */
export function ruledTables(lines: string[]): { lines: string[]; tables: number } {
  const out: string[] = [];
  let tables = 0;
  for (let i = 0; i < lines.length; ) {
    let end = i;
    while (end < lines.length && (TABLE_ROW.test(lines[end]!) || TABLE_RULE.test(lines[end]!))) end++;
    const block = lines.slice(i, end);
    const rows = block.filter((l) => TABLE_ROW.test(l));
    if (rows.length < 2) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    // Groups of row lines between rules.
    const groups: string[][] = [[]];
    for (const l of block) {
      if (TABLE_RULE.test(l)) groups.push([]);
      else groups.at(-1)!.push(l);
    }
    const filled = groups.filter((g) => g.length);
    // One group for the header, one for the body: every body line is a row. More: a group is a row.
    const logical = filled.length === 1 ? filled[0]!.map((l) => [l]) : filled.length === 2 ? [filled[0]!, ...filled[1]!.map((l) => [l])] : filled;
    const merged = logical.map((g) => {
      const cells = g.map(rowCells);
      const width = Math.max(...cells.map((c) => c.length));
      return Array.from({ length: width }, (_, k) => cells.map((c) => c[k] ?? '').filter(Boolean).join(' '));
    });
    out.push(...tableLines(merged));
    tables++;
    i = end;
  }
  return { lines: out, tables };
}
