import type { AlignedSegment, Chunk } from '../core/types.js';
import type { Language } from '../core/languages.js';
import { HAN, parseNumeral, sha256 } from '../core/text.js';

/** A numbered marker at the start of a line, with its depth among the marker kinds of Chinese policy text. */
interface Marker {
  /** 1 = `一、` / `第一章`, 2 = `（一）` / `第一节`, 3 = `1.` / `1、` / `1 ` / `第一条`. */
  level: number;
  number: number;
  /** The marker as written, e.g. `（二）`. */
  label: string;
  /** A structure word names it ("Article 3", "Điều 4", "第三条"), not a bare number or letter. */
  word?: boolean;
  /** The article number of a Markdown heading that names one ("### Pasal 13 — Sanksi": 13). */
  item?: number;
}

const MARKERS: { re: RegExp; level: number }[] = [
  // Structure words of the documents' languages: Part/Chapter, Section, Article, with a number or Roman numeral.
  // (The number ends where the word does: "Phần lớn" is no part 50, "Mục lục" no section 50.)
  { re: /^(?:part|chapter|phần|chương|bab|capítulo|capitulo|kapitulu|หมวด(?:ที่)?)\s*([IVXLC]+|\d{1,2})(?![\p{L}\p{M}\p{N}])[.:)]?\s*/iu, level: 1 },
  { re: /^(?:section|mục|bagian|bahagian|secção|seção|seksaun)\s*([IVXLC]+|\d{1,2}(?:\.\d{1,2})*)(?![\p{L}\p{M}\p{N}])[.:)]?\s*/iu, level: 2 },
  { re: /^(?:article|art\.|điều|pasal|perkara|artigo|artigu|ข้อ(?:ที่)?)\s*(\d{1,2})\b[.:)]?\s*/iu, level: 3 },
  { re: /^([IVX]{1,5})[.)]\s+(?=\p{Lu}|\p{Lo})/u, level: 1 },
  { re: /^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?=\S)/u, level: 3 },
  // Lettered items: "(a)", "a)", and "a." before a word.
  { re: /^[(（]?([a-h])[)）]\s+/u, level: 4 },
  { re: /^([a-h])\.\s+(?=\p{L})/u, level: 4 },
  { re: /^第([一二三四五六七八九十百零\d]+)[章编編]\s*/u, level: 1 },
  { re: /^第([一二三四五六七八九十百零\d]+)[节節]\s*/u, level: 2 },
  { re: /^第([一二三四五六七八九十百零\d]+)[条條]\s*/u, level: 3 },
  { re: /^([一二三四五六七八九十]+)、\s*/u, level: 1 },
  { re: /^[（(]([一二三四五六七八九十]+)[）)]\s*/u, level: 2 },
  { re: /^[（(](\d{1,2})[）)]\s*/u, level: 3 },
  { re: /^(\d{1,2})(?:[.．、](?!\d)\s*|\s+(?=[\u4e00-\u9fff]))/u, level: 3 },
  { re: /^#{1,6}\s+/u, level: 0 },
];

/** The label of a lettered item: "a.", "a)", "(a)". */
const LETTER_LABEL = /^[(（]?[a-h][)）.]$/u;

/** The Chinese section and sub-section markers (一、, （一）), which number an article's clauses when under one. */
const CLAUSE_SECTION = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])$/u;

function readMarker(line: string): Marker | null {
  for (const { re, level } of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    // "Article 6;" or "Pasal 4," at the start of a line is a reference broken onto it, not a heading.
    if (level > 0 && /^[;,，；]/u.test(line.slice(m[0].length))) continue;
    if (level === 0) {
      // (A Markdown heading that is an article, "### Pasal 13 — Sanksi", "## Article 4", is that item.)
      const inner = readMarker(line.slice(m[0].length));
      return { level: Math.min(m[0].trim().length, 3), number: 0, label: m[0].trim(), ...(inner?.word && inner.level === 3 ? { item: inner.number } : {}) };
    }
    const number = markerNumber(m[1]!);
    if (number === null || number === 0 || number > 99) continue;
    // (A numeral is no word: "一、" and "I." are section numbers, "a)" a letter.)
    return { level, number, label: m[0].trim(), word: /^[\p{L}第]/u.test(m[0]) && !/^[IVXivx]+[.)]/u.test(m[0]) && !/^[a-h][)）.]/u.test(m[0]) && !/^[一二三四五六七八九十]/u.test(m[0]) };
  }
  return null;
}

/**
 * The line of a passage that is its clause `n` (after its first line: an item kept with its list, "ข้อ 7 … ดังนี้"
 * then "(1) …", "(4) …"), with its offset in the passage; null when it has none.
 */
export function clauseLine(text: string, n: number): { start: number; text: string } | null {
  let at = text.indexOf('\n');
  while (at >= 0) {
    const start = at + 1;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (readMarker(line.trim())?.number === n) return { start: start + (line.length - line.trimStart().length), text: line.trim() };
    at = end;
  }
  return null;
}

/**
 * The article a heading opens: its number and the word that names it ("Điều 5. Điều kiện": 5, "điều";
 * "Article 12:": 12, "article"; "ข้อ 7 …": 7, "ข้อ"; "第五条": 5, "条"; "3.": 3, ""), else null.
 */
export function articleOf(heading: string): { number: number; word: string } | null {
  const marker = readMarker(heading.trim());
  if (!marker || marker.level !== 3) return null;
  return { number: marker.number, word: marker.label.toLowerCase().replace(/[\d\s.:)(（）、．第一二三四五六七八九十百零]/gu, '') };
}

/**
 * The number of the article a passage is a clause of, when the heading right above it is an article named by a
 * word ("Điều 6. Mức hỗ trợ", "第二條　主辦單位", "Article 4") and the passage is one of its numbered clauses;
 * else null. An article made only of clauses has no passage of its own: asked for as item N, it is its clauses.
 */
export function articleAbove(chunk: Pick<Chunk, 'sectionPath' | 'itemNumber'>): number | null {
  if (chunk.itemNumber === null || chunk.sectionPath.length < 2) return null;
  const article = articleOf(chunk.sectionPath[chunk.sectionPath.length - 2]!);
  return article && article.word ? article.number : null;
}

/**
 * The section a heading opens, for a question that names a Chinese document's own markers ("三、(二)": item
 * (二) of section 三、): an article as `articleOf` reads it, or a Chinese section or sub-section marker
 * ("三、申报条件", "（二）申报单位"), whose word is empty.
 */
export function sectionOf(heading: string): { number: number; word: string; numerals?: string } | null {
  const article = articleOf(heading);
  if (article) return article;
  const marker = readMarker(heading.trim());
  const numerals = marker && /^(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[）)])/u.exec(marker.label);
  return marker && numerals ? { number: marker.number, word: '', numerals: numerals[1] ?? numerals[2]! } : null;
}

/** The number of a marker: digits, Chinese numerals, Roman numerals, a letter (a = 1), or the last part of 2.3. */
function markerNumber(raw: string): number | null {
  if (/^\d+(?:\.\d+)+$/u.test(raw)) return Number(raw.split('.').at(-1));
  if (/^[a-h]$/u.test(raw)) return raw.charCodeAt(0) - 96;
  if (/^[IVXLC]+$/iu.test(raw)) {
    const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
    const chars = raw.toLowerCase().split('');
    return chars.reduce((sum, ch, i) => (values[ch]! < (values[chars[i + 1] ?? ''] ?? 0) ? sum - values[ch]! : sum + values[ch]!), 0);
  }
  return parseNumeral(raw);
}

/** Options for chunking; defaults suit Chinese policy text. */
export interface ChunkOptions {
  /** Longest passage, in characters, before a paragraph is split at sentence ends. */
  maxChars?: number;
  /** Paragraphs shorter than this are merged with the next plain paragraph of the same section. */
  minChars?: number;
  /**
   * How many leading lines are the document's title, shown as its title and not repeated in section paths
   * (`titleBlock` for a document whose metadata gives no title); when not given, the first line if it reads
   * as a heading.
   */
  titleLines?: number;
}

/**
 * How many leading lines of a document make its title, for a document whose metadata gives none: the first
 * line and up to two more before the first numbered heading (a notice's issuing office above its title,
 * "HƯỚNG DẪN" above what it is a guide to, Thai "เรื่อง …" under "ประกาศ …"), each a title line (`isTitleLine`).
 * A date, a document number, a contact line or body text ends the block; it never takes the whole document.
 *
 * @example
 * titleBlock(['中国—东盟科技合作联合办公室', '关于征集2027年度联合研发项目的通知', '中东科合〔2027〕3号', '各有关单位：']) // 2
 */
export function titleBlock(lines: string[]): number {
  const t = lines.map((l) => l.trim()).filter(Boolean);
  if (t.length < 2 || readMarker(t[0]!) || !isTitleLine(t[0]!)) return 0;
  let n = 1;
  // Three lines at most, four when the third names the kind of document above its subject (an issuing office
  // on two lines, "HƯỚNG DẪN", then what it is a guide to).
  // A line broken inside the title ("… Việt Nam –" over "Trung Quốc năm 2027") runs on into the next.
  const runsOn = (k: number) => TITLE_RUNS_ON.test(t[k]!);
  while ((n < 3 || (n === 3 && isDocumentKind(t[2]!)) || runsOn(n - 1)) && n + 1 < t.length && !readMarker(t[n]!) && isTitleLine(t[n]!)) n++;
  return n;
}

/** A title line that stops inside its phrase: on a dash, a comma, an ampersand or a word that joins ("and", "và", "dan", "และ", "与"). */
export const TITLE_RUNS_ON = /(?:[–—\-,，、&·]|\b(?:and|of|for|the|và|của|về|dan|untuk|e|de|do|da|no|ho|at|para|sa|ng)|และ|กับ|与|和|及|的)\s*$/iu;

/** A line that only names a kind of document: a short line in capitals ("HƯỚNG DẪN", "THÔNG BÁO", "ANNOUNCEMENT"), or 通知/公告/指南/ประกาศ. */
function isDocumentKind(t: string): boolean {
  return (/^[\p{Lu}\s]+$/u.test(t) && [...t].length <= 30) || /^(?:通知|公告|指南|办法|辦法|细则|細則|ประกาศ|คำสั่ง|ແຈ້ງການ|សេចក្តីជូនដំណឹង)$/u.test(t);
}

/** A line that may be part of a title: not a sentence, a list item, a table row or furniture, and not long. */
function isTitleLine(t: string): boolean {
  if (/^[•·▪◦\-*+]\s/u.test(t) || /^[^:;]{1,40}: [^;]+; /u.test(t) || isMetadataLine(t)) return false;
  if (/[。！？；;!?]/u.test(t) || /[：:，,]$/u.test(t) || /\.\s+\p{L}/u.test(t)) return false;
  const len = [...t].length;
  return len <= (HAN.test(t) ? 60 : /[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]/u.test(t) ? 120 : 200);
}

interface Paragraph {
  text: string;
  start: number;
  end: number;
}

/** An open heading of `chunkDocument`: its level (unnumbered headings sit at 0), title and line. */
interface OpenHeading {
  level: number;
  title: string;
  line: Paragraph;
  word?: boolean;
}

/**
 * Splits a cleaned document into passages that follow its structure. Headings (`一、背景`, `（二）重点技术领域`,
 * a short unnumbered line) open sections; every numbered item (`1. 农业：…`, `（一）政策咨询。…`, `4 共建联合实验室…`)
 * and every labelled principle (`需求导向  围绕…`) becomes a passage of its own; plain paragraphs become passages
 * under the headings above them. Each passage carries its section path and its offsets in `text`.
 *
 * @example
 * chunkDocument('001', '四、重点领域\n（二）重点技术领域\n9. 信息技术：通信、互联网。', [])
 * // [{ sectionPath: ['四、重点领域', '（二）重点技术领域', '9. 信息技术'], itemNumber: 9, ... }]
 */
export function chunkDocument(docId: string, text: string, aligned: AlignedSegment[], options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? (HAN.test(text.slice(0, 2000)) ? 360 : 1400);
  const minChars = options.minChars ?? 24;
  const paragraphs: Paragraph[] = [];
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.slice(start, end).trim()) paragraphs.push({ text: text.slice(start, end), start, end });
    start = end + 1;
  }
  // Without a title block from the caller, the first line is the title when it reads as a heading.
  const titleLines = options.titleLines ?? (paragraphs.length > 1 && !readMarker(paragraphs[0]!.text.trim()) && isHeadingLike(paragraphs[0]!.text) ? 1 : 0);

  const raw: (Omit<Chunk, 'id' | 'translations' | 'sectionTranslations'> & { headings: Paragraph[] })[] = [];
  // Open headings: level, title and where the heading line is. Unnumbered headings sit at level 0.
  const stack: OpenHeading[] = [];
  // Under an article named by a word ("Điều 6.", "Article 4", "第三条"), bare numbers and letters are its
  // clauses ("1. Mỗi dự án…", "(a)"), one level deeper than the article, not articles beside it.
  // So are Chinese section markers under a Chinese article ("第二條 主辦單位" then "一、主辦單位：…", "（一）"): in
  // a document ruled by 第N条 articles, 一、 numbers an article's clauses, not the document's sections.
  const markerOf = (line: string, opening: Marker | null = null): Marker | null => {
    const m = readMarker(line);
    const article = opening?.word && opening.level === 3 ? opening : stack.findLast((h) => h.word && h.level === 3);
    if (!m || !article) return m;
    // ("Section 10.1" under "Article 10": a numbered part of that article, whatever its word.)
    const parts = /(\d+)\.\d/u.exec(m.label);
    if (parts && m.level < 4 && Number(parts[1]) === ('number' in article ? article.number : readMarker(article.title.trim())?.number)) return { ...m, level: 4 };
    if (m.word) return m;
    if (m.level < 3) return CLAUSE_SECTION.test(m.label) ? { ...m, level: m.level + 3 } : m;
    return { ...m, level: m.level + 1 };
  };
  // The level of the numbered headings that stand at the top of the document ("Section 4" with nothing above
  // it), once one has. An unnumbered heading met after them (a table's last row, "Sat 25 Sep Departure", a
  // sub-heading) closes every heading; the next numbered heading of that top level closes it in turn, so it
  // is never the root of the sections after it.
  let rootLevel: number | null = null;
  const openNumbered = (level: number) => {
    if (rootLevel !== null && level <= rootLevel && stack[0]?.level === 0) stack.length = 0;
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
  };
  /** Opens a numbered heading; one with nothing above it sets the top level. (An item that opens no heading does not.) */
  const pushNumbered = (heading: OpenHeading) => {
    if (!stack.length && heading.level > 0) rootLevel = Math.min(rootLevel ?? heading.level, heading.level);
    stack.push(heading);
  };
  const path = () => stack.map((h) => h.title);
  // The passage being built: a heading with the body under it, or short paragraphs merged.
  let pending: { start: number; end: number; headingOnly: boolean } | null = null;
  let pendingPath: string[] = [];
  let pendingHeadings: Paragraph[] = [];
  // A numbered heading with its body under it ("Article 2. Eligibility" + text) is that item.
  let pendingItem: number | null = null;

  const emit = (start: number, end: number, sectionPath: string[], itemNumber: number | null, headings = stack.map((h) => h.line)) => {
    for (const piece of splitLong(text, start, end, maxChars)) {
      raw.push({ docId, sectionPath, text: text.slice(piece.start, piece.end), start: piece.start, end: piece.end, itemNumber, headings });
    }
  };
  const flush = () => {
    if (pending && !pending.headingOnly) emit(pending.start, pending.end, pendingPath, pendingItem, pendingHeadings);
    pending = null;
    pendingItem = null;
  };

  // Lines already read as part of the heading above them.
  const joined = new Set<number>();
  /**
   * The index of the last paragraph of the list that follows an item (paragraphs marked one level deeper, nothing
   * else between them), when there are two to LIST_ITEMS of them and the item and its list fit in one passage;
   * else null.
   */
  const shortListAfter = (index: number, lead: Marker, onlyLetters = false): number | null => {
    let last = index;
    for (let k = index + 1; k < paragraphs.length; k++) {
      const text = paragraphs[k]!.text.trim();
      // A bulleted line under an item that leads into a list is one of its items ("3. Upload the documents:"
      // over "• passport bio page", "• CV").
      const m = markerOf(text, lead) ?? (!onlyLetters && BULLET.test(text) ? { level: lead.level + 1, number: 0, label: '•' } : null);
      if (!m || m.level <= lead.level) break;
      if (onlyLetters && !LETTER_LABEL.test(m.label)) return null;
      last = k;
    }
    const items = last - index;
    if (items < 2 || items > LIST_ITEMS || paragraphs[last]!.end - paragraphs[index]!.start > maxChars) return null;
    // The list must end where its section does (at a shallower marker, a heading or the end), not run on into
    // unmarked text that belongs to its last item.
    const after = paragraphs[last + 1]?.text.trim();
    return after === undefined || readMarker(after) || isHeadingLike(after) ? last : null;
  };
  /** The index of the last of two to LIST_ITEMS bulleted lines right after paragraph `index`, when they fit in one passage with it; else null. */
  const bulletsAfter = (index: number): number | null => {
    let last = index;
    while (last + 1 < paragraphs.length && BULLET.test(paragraphs[last + 1]!.text.trim())) last++;
    const items = last - index;
    return items >= 2 && items <= LIST_ITEMS && paragraphs[last]!.end - paragraphs[index]!.start <= maxChars ? last : null;
  };
  /** One passage from paragraph `first` through the last item of the list under it (`last`, from shortListAfter). */
  const emitWithList = (first: number, last: number, sectionPath: string[], itemNumber: number | null) => {
    for (let k = first + 1; k <= last; k++) joined.add(k);
    emit(paragraphs[first]!.start, paragraphs[last]!.end, sectionPath, itemNumber);
  };
  paragraphs.forEach((p, index) => {
    const line = p.text.trim();
    const marker = markerOf(line);
    const next = paragraphs[index + 1]?.text.trim() ?? '';
    if (index < titleLines) {
      // The document's title: shown as its title, not repeated in every section path.
      return;
    }
    if (joined.has(index)) return;
    // A bare structure marker ("Chương I", "Article 5", "第三章") with its name on the next line ("QUY ĐỊNH
    // CHUNG") is one heading: the name is its title, not a passage or a section of its own.
    // (A sentence is no name: "Pasal 6" over "Pendaftaran tidak dipungut biaya." is the article and its text.)
    if (marker && marker.word && !line.slice(marker.label.length).trim() && next && !readMarker(next) && isHeadingLike(next) && !endsSentence(next) && index + 1 < paragraphs.length) {
      flush();
      openNumbered(marker.level);
      pushNumbered({ level: marker.level, title: `${line} ${next}`, line: p, word: marker.word });
      joined.add(index + 1);
      // An article whose name is what its short lettered list holds ("Pasal 9" / "Dokumen yang Wajib Diunggah" /
      // "a. proposal …", "b. surat …") is one passage with the list: a question about it finds the whole list.
      const list = marker.level === 3 ? shortListAfter(index + 1, marker, true) : null;
      if (list !== null) {
        emitWithList(index, list, path(), marker.number);
        return;
      }
      const after = paragraphs[index + 2]?.text.trim() ?? '';
      if (after && !markerOf(after) && !isHeadingLike(after)) {
        pending = { start: p.start, end: paragraphs[index + 1]!.end, headingOnly: true };
        pendingPath = path();
        pendingHeadings = stack.map((h) => h.line);
      }
      return;
    }
    const nextMarker = next ? markerOf(next, marker) : null;
    // A Markdown heading (`#` line) is a heading by its markup; a numbered line when it reads as one.
    const markupHeading = marker !== null && marker.number === 0 && line.length <= 200;
    // A bare article marker ("Pasal 5", "Article 12") over a paragraph of body text heads that paragraph: the two
    // are the article's passage, not a marker alone and a paragraph outside it.
    // (A short sentence under it is its body too: "Pendaftaran tidak dipungut biaya.")
    const bareArticle = marker !== null && marker.word && !line.slice(marker.label.length).trim() && next !== '' && !nextMarker && (!isHeadingLike(next) || endsSentence(next));
    if (marker && next && (markupHeading || bareArticle || isHeadingLike(line.slice(marker.label.length))) && (!nextMarker || nextMarker.level > marker.level || markupHeading)) {
      flush();
      openNumbered(marker.level);
      pushNumbered({ level: marker.level, title: marker.number === 0 ? line.slice(marker.label.length).trim() : line, line: p, word: marker.word });
      // (The same with the article's name on its line: "Article 9 Required documents" over "(a) …", "(b) …".)
      const list = marker.word && marker.level === 3 ? shortListAfter(index, marker, true) : null;
      if (list !== null) {
        emitWithList(index, list, path(), marker.number);
        return;
      }
      // A heading with body text right under it starts that body's passage; otherwise it lives in the path.
      // (A short line under it is its body too when the heading's next sibling, or the end, comes right after.)
      const afterNext = paragraphs[index + 2]?.text.trim();
      const afterMarker = afterNext === undefined ? null : markerOf(afterNext);
      const shortBody = afterNext === undefined || (afterMarker !== null && afterMarker.level > 0 && afterMarker.level <= marker.level);
      if (next && !nextMarker && (!isHeadingLike(next) || bareArticle || (marker.number > 0 && shortBody))) {
        pending = { start: p.start, end: p.end, headingOnly: true };
        pendingPath = path();
        pendingHeadings = stack.map((h) => h.line);
        // (An article marker is its article's number in every script: "第三条" or "第三条 申报条件" over its text is item 3.)
        pendingItem = marker.item ?? (marker.number > 0 && ((marker.level >= 2 && marker.level <= 3 && !HAN.test(marker.label)) || (marker.word && marker.level === 3)) ? marker.number : null);
      }
      return;
    }
    if (marker) {
      flush();
      openNumbered(marker.level);
      // A bare article marker over its clauses ("Pasal 3" then "(1) …", "(2) …") is their section, not a passage
      // that says only "Pasal 3".
      if (marker.word && !line.slice(marker.label.length).trim() && nextMarker && nextMarker.level > marker.level) {
        pushNumbered({ level: marker.level, title: line, line: p, word: marker.word });
        return;
      }
      // An item whose sentence leads into a short list ("4.1 Each application contains:" then "(a) the form;",
      // "(b) a copy of …") is one passage with its list, when the whole fits: the lead says what the items are,
      // and a question about the list ("what do we send?") finds them together.
      const list = INTRODUCES.test(line) && marker.level >= 2 ? shortListAfter(index, marker) : null;
      if (list !== null) {
        emitWithList(index, list, [...path(), itemTitle(line, marker)], marker.number);
        return;
      }
      emit(p.start, p.end, [...path(), itemTitle(line, marker)], marker.number);
      // An article that introduces its clauses ("ข้อ 7 หัวหน้าโครงการต้องมีคุณสมบัติดังนี้" then "(1) …") is a
      // passage of its own and the section of the clauses under it.
      // So is any item whose sentence leads into a list ("4.1 Each application contains:" then "(a) …").
      if ((marker.word || INTRODUCES.test(line)) && marker.level === 3 && nextMarker && nextMarker.level > marker.level) pushNumbered({ level: marker.level, title: itemTitle(line, marker), line: p, word: marker.word });
      return;
    }
    // (A short line right under a numbered heading, before the heading's next sibling, is that heading's body:
    // "ข้อ 3 ระยะเวลา" / "ไม่เกิน 12 เดือน" / "ข้อ 4 …".)
    const top = stack[stack.length - 1];
    const bodyOfHeading = pending !== null && pending.headingOnly && top !== undefined && top.level > 0 && nextMarker !== null && nextMarker.level <= top.level;
    if (isHeadingLike(line) && next && (!isHeadingLike(next) || nextMarker) && !bodyOfHeading) {
      flush();
      while (stack.length && stack[stack.length - 1]!.level >= 0) stack.pop();
      stack.push({ level: 0, title: line, line: p });
      pending = { start: p.start, end: p.end, headingOnly: true };
      pendingPath = path();
      pendingHeadings = stack.map((h) => h.line);
      return;
    }
    // A paragraph that leads into a bulleted list ("Applicants send the following documents:" over "• …",
    // "• …") is one passage with it (with the heading over it, when that heading has no body yet): the lead
    // says what the items are.
    const bullets = INTRODUCES.test(line) ? bulletsAfter(index) : null;
    if (bullets !== null && (!pending?.headingOnly || paragraphs[bullets]!.end - pending.start <= maxChars)) {
      const headed = pending?.headingOnly ? pending : null;
      const item = headed ? pendingItem : null;
      if (!headed) flush();
      pending = null;
      pendingItem = null;
      for (let k = index + 1; k <= bullets; k++) joined.add(k);
      emit(headed?.start ?? p.start, paragraphs[bullets]!.end, headed ? pendingPath : path(), item, headed ? pendingHeadings : undefined);
      return;
    }
    const label = /^([\u4e00-\u9fff]{2,8})[ \u3000]{2,}/u.exec(line);
    if (label) {
      flush();
      emit(p.start, p.end, [...path(), label[1]!], null);
      return;
    }
    if (pending && (pending.headingOnly || pending.end - pending.start < minChars)) {
      pending.end = p.end;
      pending.headingOnly = false;
      if (p.end - p.start >= minChars) flush();
      return;
    }
    flush();
    pending = { start: p.start, end: p.end, headingOnly: false };
    pendingPath = path();
    pendingHeadings = stack.map((h) => h.line);
    if (p.end - p.start >= minChars) flush();
  });
  flush();

  const counts = new Map<string, number>();
  const translations = alignedLookup(aligned);
  return raw.map(({ headings, ...c }) => {
    const base = `${docId}#${sha256(c.sectionPath.join('>') + '\n' + c.text).slice(0, 10)}`;
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    const sectionTranslations: Partial<Record<Language, string>> = {};
    for (const h of headings) {
      for (const [lang, t] of Object.entries(translations(h.start, h.end, false)) as [Language, string][]) {
        // A heading's segment may run on into the body text under it: keep its first line, the heading.
        const heading = t.split('\n')[0]!;
        sectionTranslations[lang] = sectionTranslations[lang] ? `${sectionTranslations[lang]}\n${heading}` : heading;
      }
    }
    return { ...c, id: n === 1 ? base : `${base}-${n}`, translations: translations(c.start, c.end), sectionTranslations };
  });
}

/** A line that ends as a sentence does (a full stop, a question or exclamation mark, a semicolon). */
function endsSentence(line: string): boolean {
  return /[.。!?;；]$/u.test(line);
}

/** A line that reads as a heading: short, and not a sentence. */
function isHeadingLike(line: string): boolean {
  const t = line.trim();
  // A list item or a table row is content, never a heading.
  if (/^[•·▪◦\-*+]\s/u.test(t) || /^[^:;]{1,40}: [^;]+; /u.test(t)) return false;
  const len = [...t].length;
  if (len === 0 || len > (HAN.test(t) ? 40 : 100)) return false;
  if (/[。！？；;!?]/u.test(t.slice(0, -1))) return false;
  if (/[。；;，,]$/u.test(t)) return false;
  if (/[：:]$/u.test(t)) return false;
  // Latin-script sentences: a full stop inside ("… campus. Travel …") or at the end of a longer line.
  if (!HAN.test(t) && (/[.!?]\s+\p{L}/u.test(t) || (/\.$/u.test(t) && t.split(/\s+/u).length > 4))) return false;
  if (/\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\d{1,2}:\d{2}/u.test(t)) return false;
  if (isMetadataLine(t)) return false;
  if (isFieldLine(t)) return false;
  if (HAN.test(t)) return len <= 32;
  // Thai, Lao, Khmer and Burmese put no spaces between words: a heading is a short line.
  if (/[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]/u.test(t)) return len <= 40;
  return t.split(/\s+/u).length <= 12;
}

/**
 * A line of a document's furniture, never a heading: a full date ("Published: 5 July 2027", "2027年1月20日",
 * "ngày 15 tháng 4 năm 2027"), a Chinese document number ("中东科合〔2027〕3号"), an e-mail address, a web
 * address, a telephone number, or a postal address (two commas and a long number).
 */
function isMetadataLine(t: string): boolean {
  return (
    /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u.test(t) ||
    /(?<!\d)\d{1,2}\s+\p{L}{3,}\.?\s+\d{4}(?!\d)|\p{L}{3,}\.?\s+\d{1,2},\s*\d{4}(?!\d)|tháng\s+\d{1,2},?\s+năm\s+\d{4}/u.test(t) ||
    /(?<!\d)\d{1,2}\s*[\u0e00-\u0e7f]{3,}\.?\s*\d{4}(?!\d)/u.test(t) ||
    /[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号/u.test(t) ||
    /[\w.+-]+@[\w-]+\.[\w.-]+|https?:\/\/|www\./u.test(t) ||
    /(?<![\d.])\+?\d[\d ()-]{6,}\d(?![\d.])/u.test(t) && (t.match(/\d/gu)?.length ?? 0) >= 7 ||
    (/,.*,/u.test(t) && /\d{4,}/u.test(t))
  );
}

/**
 * A line that states a field and its value: a short label without a number, a colon, the value ("Issued by:
 * …", "Version: 1.2", "Diterbitkan oleh: …", "联系人：刘文静", "邮编：530028", "Số: 27/TB"). Content, not a heading.
 * (A question of a FAQ, "问：…", "Q: …", heads its answer; "Step 2: …" and "Part 1: …" carry a number.)
 */
function isFieldLine(t: string): boolean {
  const field = /^([^:：]{1,40})[:：]\s*\S/u.exec(t);
  if (!field || readMarker(t)) return false;
  const label = field[1]!.trim();
  if (!label || /\p{N}/u.test(label) || /^(?:问|問|答|q|a)$/iu.test(label)) return false;
  return HAN.test(label) ? [...label].length <= 6 : label.split(/\s+/u).length <= 3;
}

/** A bulleted line (cleaning writes Markdown and HTML bullets as "•"). */
const BULLET = /^[•·▪◦‣●○\-*+]\s/u;

/** The most items a list may have to stay in one passage with the item that leads into it. */
const LIST_ITEMS = 12;

/** A line that leads into the list under it: a colon, or "as follows" in the product's languages, at its end. */
export const INTRODUCES = /(?:[:：]|ดังนี้|ดังต่อไปนี้|ต่อไปนี้|ດັ່ງລຸ່ມນີ້|ຕໍ່ໄປນີ້|ដូចតទៅ|如下|sau|berikut|seperti berikut|the following|as follows|a seguir|tuir mai|sumusunod|ដូចខាងក្រោម|ດັ່ງນີ້|အောက်ပါအတိုင်း|பின்வருமாறு)\s*[:：]?\s*$/iu;

/** The short title of a numbered item for its section path: `9. 信息技术` from `9. 信息技术：通信、互联网…`. */
function itemTitle(line: string, marker: Marker): string {
  const body = line.slice(marker.label.length).trim();
  const cut = body.search(/[：:。，,；;]/u);
  // Else its first words: whole words in a script written with spaces, 16 characters in the others.
  const spaced = !HAN.test(body.slice(0, 8)) && !/[\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]/u.test(body.slice(0, 8));
  const words = spaced ? /^.{6,16}(?=\s)/u.exec(body)?.[0] : undefined;
  const head =
    cut > 0 && cut <= 24 ? body.slice(0, cut) : words && words.length < body.length ? `${words.trimEnd()}…` : [...body].slice(0, 16).join('').trimEnd() + ([...body].length > 16 ? '…' : '');
  const sep = /^\d+$|^\d+(?:\.\d+)+$|[.．条條:]$|^[(]?[a-z\d]+\)$|[A-Za-z]|[\p{L}\p{M}]\s*\d+$/u.test(marker.label) ? ' ' : '';
  return `${marker.label}${sep}${head}`;
}

/** Splits [start, end) into pieces of at most maxChars, at sentence ends where possible. */
function splitLong(text: string, start: number, end: number, maxChars: number): { start: number; end: number }[] {
  if (end - start <= maxChars) return [{ start, end }];
  const pieces: { start: number; end: number }[] = [];
  const sentenceEnd = /[。！？；]|[!?;.](?=\s|[\u4e00-\u9fff])/gu;
  let pieceStart = start;
  let lastBreak = -1;
  // Searched in the paragraph and the one character after it that the look-ahead needs. Searched in the whole
  // text, the last search of every long paragraph ran on to the next sentence end after it: to the end of the
  // text, in one that has none (Thai).
  const span = text.slice(start, end + 1);
  for (let m = sentenceEnd.exec(span); m && m.index + start < end; m = sentenceEnd.exec(span)) {
    const at = m.index + start + m[0].length;
    if (at - pieceStart > maxChars && lastBreak > pieceStart) {
      pieces.push({ start: pieceStart, end: lastBreak });
      pieceStart = skipSpace(text, lastBreak);
    }
    lastBreak = at;
  }
  if (end - pieceStart > maxChars && lastBreak > pieceStart && lastBreak < end) {
    pieces.push({ start: pieceStart, end: lastBreak });
    pieceStart = skipSpace(text, lastBreak);
  }
  // Whatever is still too long (no sentence ends at all) is cut at the limit.
  while (end - pieceStart > maxChars) {
    pieces.push({ start: pieceStart, end: pieceStart + maxChars });
    pieceStart += maxChars;
  }
  if (end > pieceStart) pieces.push({ start: pieceStart, end });
  return pieces;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/u.test(text[at]!)) at++;
  return at;
}

/**
 * The aligned translations of the paragraphs a passage [start, end) holds, joined per language: the segments
 * whose anchor lies inside the passage, whole; a passage that is a piece of a longer paragraph (it holds no
 * anchor) gets the segment of the paragraph it is part of. A segment that merely runs on into the passage (the
 * previous paragraph's) is never included. Headings (`partOfParagraph` false) take only their own segment.
 */
export function translationsFor(start: number, end: number, aligned: AlignedSegment[], partOfParagraph = true): Partial<Record<Language, string>> {
  return alignedLookup(aligned)(start, end, partOfParagraph);
}

/**
 * `translationsFor` over one document's segments, grouped by language once: a lookup costs a bisection of each
 * language's segments (placed in order of the text, as readAligned places them) instead of a pass over all
 * segments, which made chunking a document with aligned versions quadratic (passages times segments).
 */
function alignedLookup(aligned: AlignedSegment[]): (start: number, end: number, partOfParagraph?: boolean) => Partial<Record<Language, string>> {
  const byLang = new Map<Language, AlignedSegment[]>();
  for (const s of aligned) {
    if (!byLang.has(s.lang)) byLang.set(s.lang, []);
    byLang.get(s.lang)!.push(s);
  }
  const languages = [...byLang].map(([lang, segments]) => ({ lang, segments, ordered: segments.every((s, i) => i === 0 || segments[i - 1]!.start <= s.start) }));
  // The first segment of an ordered list that starts at or after `offset`.
  const firstFrom = (segments: AlignedSegment[], offset: number) => {
    let lo = 0;
    let hi = segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (segments[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (start, end, partOfParagraph = true) => {
    const out: Partial<Record<Language, string>> = {};
    for (const { lang, segments, ordered } of languages) {
      let parts: AlignedSegment[];
      if (ordered) {
        // The segments anchored inside the passage; else the one whose paragraph the passage is a piece of:
        // the last to start before it, when the next starts after it.
        const from = firstFrom(segments, start);
        const inside = segments.slice(from, Math.max(from, firstFrom(segments, end)));
        const holder = from > 0 && (segments[from]?.start ?? Number.MAX_SAFE_INTEGER) > start ? [segments[from - 1]!] : [];
        parts = inside.length || !partOfParagraph ? inside : holder;
      } else {
        const inside = segments.filter((s) => s.start >= start && s.start < end);
        parts = inside.length || !partOfParagraph ? inside : segments.filter((s, i) => s.start < start && (segments[i + 1]?.start ?? Number.MAX_SAFE_INTEGER) > start);
      }
      if (parts.length) out[lang] = parts.map((s) => s.text).join('\n\n');
    }
    return out;
  };
}
