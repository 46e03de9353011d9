import { articleAbove, clauseLine } from '../ingest/chunk.js';
import type { Language } from '../core/languages.js';
import { normalizeDigits } from '../core/text.js';
import type { Chunk, Citation, Passage } from '../core/types.js';
import type { Translator } from '../i18n/i18n.js';
import { analyze } from '../retrieval/analyzer.js';
import type { Lexicon } from '../retrieval/lexicon.js';
import type { AnalyzedQuery } from '../retrieval/query.js';
import type { RequestPlan } from './request.js';
import type { DetailType, QueryAnalysis } from './analysis.js';
import { answeringKinds, hasCandidate, listed, sentencesOf, type Reading } from './reading.js';
import { siblingItems } from './conversation.js';

/** Everything the extractive composer reads. */
export interface ExtractiveInput {
  query: QueryAnalysis;
  language: Language;
  plan: RequestPlan;
  passages: Passage[];
  /** All passages of the index, to list the siblings of a numbered item (the ten fields, the seven modes). */
  allChunks: Chunk[];
  found: boolean;
  /** The detail asked for when the passages speak of the question's focus but no sentence states it. */
  /** What the documents do not state: a detail, or (for a yes/no question) whether it is so at all. */
  lacks: DetailType | 'statement' | null;
  /**
   * Found, but one of the details asked for is not stated: the reply says so after what is stated ('time': the
   * day is given, the time of day asked beside it is not).
   */
  partlyLacks?: DetailType | 'time' | null;
  /** The sentence that states the detail asked for, when one does. */
  reading: Reading | null;
  /** For a fact asked without a detail, the passage that names its most specific subject, to come first. */
  lead?: Reading | null;
  /** When the detail is missing because the documents say it is yet to be set, the sentence that says so. */
  pending?: Reading | null;
  /** For questions about taking part: the documents state no deadline or amount anywhere near. */
  procedureLacks?: boolean;
  /** The configured referral contact for the reader's language, if any (corpus/referrals.json). */
  referral?: string | null;
}

/** An extractive reply: text with `[n]` markers and the citations they point to. */
export interface Composed {
  text: string;
  citations: Citation[];
}

/** Longest quote taken from a passage when only part of it answers (whole items are always quoted whole). */
const QUOTE_CHARS = 180;
/** A further passage joins a fact answer when it scores at least this share of the best passage's score. */
const FACT_SCORE_SHARE = 0.2;
/** Without an item number, a second passage is quoted too when it scores at least this share of the first. */
const QUOTE_RUNNER_UP = 0.5;
/** Details that one figure or date states (not a list of requirements or of people). */
const SINGLE_VALUED: ReadonlySet<DetailType> = new Set(['count', 'amount', 'date', 'deadline', 'duration', 'frequency', 'age', 'percentage', 'measure']);

/**
 * Composes an extractive answer: localized framing from the i18n resources, then the passages as verbatim
 * quotes in their original script with `[n]` markers, each with its English version where the corpus has one
 * and the reader is not reading Chinese. Lists (priority fields, modes of cooperation) show every sibling item,
 * named in the reader's language through the lexicon. Nothing is paraphrased, so nothing can be invented.
 */
export function composeExtractive(input: ExtractiveInput, deps: { i18n: Translator; lexicon: Lexicon; linkFor?: (c: Chunk) => string | undefined }): Composed {
  const { language: lang, plan, passages } = input;
  const t = (key: string, vars?: Record<string, string | number>) => deps.i18n.t(lang, key, vars);
  const citations: Citation[] = [];
  const cite = (p: { chunk: Chunk; title: string }, quote?: { text: string; start: number }, keep?: (sentence: string) => boolean): number => {
    const q = quote && withoutHeadingMarkup(quote);
    const existing = citations.find((c) => c.chunkId === p.chunk.id && (!q || c.start === p.chunk.start + q.start));
    if (existing) return existing.n;
    citations.push(citationOf(citations.length + 1, p, q ?? withoutHeadingMarkup({ text: p.chunk.text, start: 0 }), deps.linkFor, lang, keep));
    return citations.length;
  };
  /** The line under a quote with its version in the reader's language (see `quotedVersion`), or nothing. */
  const versionLine = (n: number) => {
    const version = citations[n - 1]!.translation;
    if (!version) return '';
    const label = version.lang === lang ? t('answer.translationOwnLabel') : t('answer.translationLabel');
    return `\n   ${label}: ${version.text.replace(/\s*\n+\s*/gu, ' ')}`;
  };
  /** A quote as shown, `[n] text` (without a Markdown heading's `#` marks), and its version under it. */
  const ref = (p: { chunk: Chunk; title: string }, quote?: { text: string; start: number }, keep?: (sentence: string) => boolean) => {
    const n = cite(p, quote, keep);
    return `[${n}] ${citations[n - 1]!.quote}${versionLine(n)}`;
  };
  const lines: string[] = [];
  const noteUntranslated = () => {
    if (lang === 'zh-Hans' || lang === 'zh-Hant' || !citations.length) return;
    if (citations.every((c) => !c.translation)) lines.push('', t('answer.noTranslation'));
  };
  const procedureNotes = () => {
    if (input.procedureLacks) lines.push('', t('answer.procedureLacks'));
    if (input.referral) lines.push(t('answer.referral', { contact: input.referral }));
  };

  if (!input.found) {
    if (input.lacks && passages.length) {
      // Partly answerable: the documents speak of the focus, but no sentence holds the detail asked for. Say
      // what is missing, then what they do say about it; never a nearby number or name that is about something else.
      lines.push(t(`answer.lacks.${input.lacks}`), '', t('answer.whatTheySay'));
      // Only passages about the focus: a passage that merely ranks near it would offer its numbers and names.
      const subjects = input.query.subjects;
      const about = passages.filter((p, i) => i === 0 || (subjects.length > 0 && subjects.some((c) => deps.lexicon.tag(`${p.chunk.text}\n${p.chunk.sectionPath.join('\n')}`).includes(c))));
      // From each, the sentence most about the focus that holds no candidate of the kind asked for: a number,
      // date or name in the reply would read as the answer.
      // (For a missing deadline, any date would read as one.)
      // (Nor one of another detail the question asks beside it: a share shown where a share was asked reads as it.)
      const asked = [...(input.lacks === 'statement' ? [] : [input.lacks]), ...(input.query.details ?? [])];
      const kinds: DetailType[] = [...new Set(asked.flatMap((d) => [...answeringKinds(d), ...(d === 'deadline' ? (['date'] as const) : [])]))];
      const statesAsked = (sentence: string) => kinds.some((k) => hasCandidate(k, sentence, deps.lexicon, input.query.concepts));
      const wanted = new Set(input.query.tokens);
      let shown = 0;
      // (The sentence that says the detail is yet to be set comes first: it is what the documents say of it.)
      if (input.pending) {
        lines.push(ref(input.pending.passage, input.pending.quote));
        shown++;
      }
      for (const p of about) {
        if (input.pending && p.chunk.id === input.pending.passage.chunk.id) continue;
        if (shown >= 2) break;
        // (Nor a heading, or a part of one: "Courses in 2027" of "## 3. Courses in 2027" says nothing.)
        const candidates = sentencesOf(p.chunk.text).filter((x) => !statesAsked(x.text) && !p.chunk.sectionPath.some((h) => h.includes(x.text.replace(/^#+\s*/u, '').trim())));
        const score = (x: { text: string }) => deps.lexicon.tag(x.text).filter((c) => subjects.includes(c)).length * 3 + analyze(x.text).filter((w) => wanted.has(w)).length;
        const best = candidates.sort((a, b) => score(b) - score(a))[0];
        if (!best || (subjects.length && score(best) < 3)) continue;
        const q = { text: best.text, start: best.start };
        // (Its version too: where it cannot be narrowed to the quoted sentence, its sentences with such a
        // candidate are left out.)
        lines.push(ref(p, q, (x) => !statesAsked(x)));
        shown++;
      }
      if (!shown) lines.splice(lines.length - 2, 2);
      if (input.lacks === 'deadline' || input.lacks === 'amount' || input.lacks === 'requirement' || input.lacks === 'contact') {
        if (input.referral) lines.push('', t('answer.referral', { contact: input.referral }));
      }
      noteUntranslated();
      return { text: lines.join('\n'), citations };
    }
    lines.push(t('answer.notCovered'));
    const topics = nearestTopics(passages, lang, deps.lexicon);
    if (topics.length) lines.push(t('answer.notFoundTopics', { topics: topics.join(', ') }));
    return { text: lines.join('\n'), citations };
  }

  // (Not a question for one figure or date that the reader found: "รับทั้งหมดกี่คน", how many in total, asks a count,
  // and its "all" words ask for no list of items.)
  const asksList = input.query.concepts.includes('intent.list') && !(input.reading && input.query.details.some((d) => SINGLE_VALUED.has(d)));
  // "How do I apply for X?": the steps, when the best passage that says how is one step of a numbered list.
  const asksSteps = plan.kind === 'fact' && input.query.answerTypes[0] === 'procedure' && !input.query.details.length;
  if (plan.kind === 'fields' || plan.kind === 'modes' || (plan.kind === 'fact' && (asksList || asksSteps))) {
    const list =
      plan.kind === 'fact'
        ? asksList
          ? itemSiblings(passages, input.allChunks, input.query, deps.lexicon)
          : procedureSteps(passages, input.allChunks)
        : siblingList(passages, input.allChunks, plan.kind === 'fields' ? 'field.priority' : 'mode.general', deps.lexicon);
    if (list.length) {
      // The best-ranked passage leads when the list does not contain it: the question may be about another
      // document's list (a joint initiative's platforms rather than the Partnership Program's modes).
      const top = passages[0]!;
      const led = !list.some((item) => item.chunk.id === top.chunk.id);
      if (led) {
        const q = bestQuote(top.chunk, input.query, deps.lexicon);
        lines.push(t('answer.intro'), '', ref(top, q), '');
      }
      // (The same introduction is not said twice: a list of items or steps follows the passage that led.)
      if (plan.kind !== 'fact' || !led) lines.push(t(plan.kind === 'fields' ? 'answer.fieldsIntro' : plan.kind === 'modes' ? 'answer.modesIntro' : 'answer.intro'));
      let group = '';
      // (A list longer than a reader can take in chat is cut, and the reply says how many items it leaves out.)
      for (const item of list.slice(0, MAX_LIST_ITEMS)) {
        const heading = item.chunk.sectionPath.slice(0, -1).join(' > ');
        if (heading !== group) {
          group = heading;
          lines.push('', `${item.chunk.sectionPath.at(-2) ?? heading}`);
        }
        const name = conceptName(item.chunk, lang, deps.lexicon);
        const n = cite(item);
        lines.push(`[${n}] ${name ? `${name} — ` : ''}${citations[n - 1]!.quote}${versionLine(n)}`);
      }
      if (list.length > MAX_LIST_ITEMS) lines.push('', t('answer.listMore', { count: list.length - MAX_LIST_ITEMS }));
      if (input.partlyLacks) lines.push('', t(`answer.lacks.${input.partlyLacks}`));
      if (plan.kind === 'modes') procedureNotes();
      noteUntranslated();
      return { text: lines.join('\n'), citations };
    }
  }

  if (plan.kind === 'field-match') {
    const matches = fieldMatches(passages, input.allChunks, plan.fieldConcepts, deps.lexicon);
    if (matches.length) {
      const [first, ...rest] = matches;
      lines.push(`${t('answer.fieldMatch', { field: first!.name(lang), subfield: first!.subfield })} [${cite(first!.passage)}]`);
      if (rest.length) lines.push(t('answer.fieldMatchAlso', { fields: rest.map((m) => `${m.name(lang)} [${cite(m.passage)}]`).join(', ') }));
      lines.push('');
      for (const m of matches) lines.push(ref(m.passage));
      return { text: lines.join('\n'), citations };
    }
  }

  if (plan.kind === 'quote') {
    // The passage asked for, whole. Without an item number to pin it down ("the item about technology
    // transfer"), a second passage that scores nearly as well is quoted too, rather than guessing.
    const close = input.query.itemNumber === null ? passages.slice(1, 2).filter((p) => p.score >= passages[0]!.score * QUOTE_RUNNER_UP) : [];
    // An article made only of clauses ("Điều 6. Mức hỗ trợ" over "1. …", "2. …"), asked for by its number, is
    // quoted whole: its clauses in order, under its heading.
    const first = passages[0]!;
    if (input.query.itemNumber !== null && input.query.subItemNumber == null && articleAbove(first.chunk) === input.query.itemNumber) {
      const heading = first.chunk.sectionPath.slice(0, -1);
      lines.push(t('answer.quoteIntro', { section: heading.join(' > '), title: first.title }), '');
      for (const clause of passagesUnder(first.chunk.docId, heading, first.title, input.allChunks)) lines.push(ref(clause));
      return { text: lines.join('\n').trim(), citations };
    }
    for (const p of [passages[0]!, ...close]) {
      // A clause asked of an item kept whole with its list ("ข้อ 7 (4)") is quoted alone: its line of the item.
      const clause = input.query.subItemNumber != null && p.chunk.itemNumber === input.query.itemNumber ? clauseLine(p.chunk.text, input.query.subItemNumber) : null;
      lines.push(t('answer.quoteIntro', { section: p.chunk.sectionPath.join(' > ') || p.title, title: p.title }));
      lines.push('', clause ? ref(p, clause) : ref(p));
      // An article whose passage is its heading alone ("Pasal 4" over its clauses (1)–(5)) is quoted with the
      // clauses under it, in order: they are its text.
      if (!clause) for (const child of clausesUnder(p, input.allChunks)) lines.push(ref(child));
      lines.push('');
    }
    return { text: lines.join('\n').trim(), citations };
  }

  // A fact: the best passages, each reduced to the sentences that answer; up to three, so that a question
  // needing two passages (or two documents) gets both, but only passages scored near the best.
  // A detail question leads with the sentence that states the detail.
  const top = passages[0]!.score;
  const ranked = passages.filter((p, i) => i === 0 || p.score >= top * FACT_SCORE_SHARE).slice(0, 3);
  // With the sentence that states the detail, one more passage at most, and only one about the same subject.
  const subjects = input.query.subjects;
  const sameSubject = (p: Passage) => subjects.some((c) => deps.lexicon.tag(`${p.chunk.text}\n${p.chunk.sectionPath.join('\n')}`).includes(c));
  const lead = input.lead;
  const chosen = input.reading
    ? [input.reading.passage, ...ranked.filter((p) => p.chunk.id !== input.reading!.passage.chunk.id && sameSubject(p))].slice(0, 2)
    : lead
      ? [lead.passage, ...ranked.filter((p) => p.chunk.id !== lead.passage.chunk.id)].slice(0, 3)
      : ranked;
  lines.push(t('answer.intro'), '');
  for (const p of chosen) {
    const q = input.reading && p === input.reading.passage ? input.reading.quote : lead && p === lead.passage ? lead.quote : bestQuote(p.chunk, input.query, deps.lexicon);
    lines.push(ref(p, q));
  }
  if (input.partlyLacks) lines.push('', t(`answer.lacks.${input.partlyLacks}`));
  if (plan.kind === 'modes') procedureNotes();
  noteUntranslated();
  return { text: lines.join('\n'), citations };
}

/**
 * A quote without the `#` marks of a Markdown heading it opens with ("### Step 2: apply online" shows as
 * "Step 2: apply online"): the marks are the guide's markup, not its words. The quote still starts where its
 * words do in the passage's text.
 */
export function withoutHeadingMarkup(quote: { text: string; start: number }): { text: string; start: number } {
  const marks = /^#{1,6}[ \t]+/u.exec(quote.text);
  return marks ? { text: quote.text.slice(marks[0].length), start: quote.start + marks[0].length } : quote;
}

/** Citation `n` of a passage: `quote` starts at `quote.start` in the passage's text. */
export function citationOf(n: number, p: { chunk: Chunk; title: string }, quote: { text: string; start: number }, linkFor?: (c: Chunk) => string | undefined, lang?: Language, keep?: (sentence: string) => boolean): Citation {
  const url = linkFor?.(p.chunk);
  const start = p.chunk.start + quote.start;
  const translation = lang ? quotedVersion(p.chunk, lang, quote, keep) : null;
  return {
    n, docId: p.chunk.docId, title: p.title, section: p.chunk.sectionPath.join(' > '), quote: quote.text,
    chunkId: p.chunk.id, start, end: start + quote.text.length, ...(url ? { url } : {}), ...(translation ? { translation } : {}),
  };
}

/** The numbers of a text in ASCII digits (`normalizeDigits`), without thousands separators: "๑,๐๐๐" and "1000" are one number. */
function asciiDigits(text: string): string {
  return normalizeDigits(text).replace(/(?<=\d)[,.\u00a0 ](?=\d{3}(?!\d))/gu, '');
}

/**
 * The reader's version of what a quote shows of a passage. A quote of the whole passage gets the whole
 * version. A quote of some of its sentences gets the same sentences of the version, when the passage and its
 * version have as many sentences (the aligned files align paragraphs, and a translation keeps a paragraph's
 * sentences in order) and every number of the quoted sentences is in the version's ones; otherwise the whole
 * version, since a reader is better served by the paragraph than by a sentence that may be another one.
 * `keep`, when given, leaves out of a version not narrowed to the quote the sentences it rejects (a declined
 * question's reply shows no number or name of the kind asked for, in the original or in its translation).
 */
export function quotedVersion(chunk: Chunk, lang: Language, quote?: { text: string; start: number }, keep?: (sentence: string) => boolean): { lang: Language; text: string } | null {
  const version = readerVersion(chunk, lang);
  if (!version) return null;
  const whole = !quote || (quote.start <= chunk.text.search(/\S/u) && quote.start + quote.text.length >= chunk.text.trimEnd().length);
  if (whole && !keep) return version;
  const theirs = sentencesOf(version.text);
  if (!whole) {
    const ours = sentencesOf(chunk.text);
    const end = quote!.start + quote!.text.length;
    const at = ours.flatMap((x, i) => (x.end > quote!.start && x.start < end ? [i] : []));
    if (ours.length > 1 && ours.length === theirs.length && at.length) {
      const text = at.map((i) => theirs[i]!.text).join(' ');
      const numbers = asciiDigits(quote!.text).match(/\d+/gu) ?? [];
      const theirNumbers = new Set(asciiDigits(text).match(/\d+/gu) ?? []);
      if (numbers.every((x) => theirNumbers.has(x))) return { lang: version.lang, text };
    }
  }
  if (!keep) return version;
  const kept = theirs.filter((x) => keep(x.text));
  return kept.length ? { lang: version.lang, text: kept.map((x) => x.text).join(' ') } : null;
}

/**
 * The version of a passage a reader of `lang` is shown beside the original: the aligned version in their
 * language, else the English one; none for readers of Chinese (the original is Chinese) or when the corpus has
 * no version. The text is the translation of exactly the passage's own paragraphs, whole.
 */
export function readerVersion(chunk: Chunk, lang: Language): { lang: Language; text: string } | null {
  if (lang === 'zh-Hans' || lang === 'zh-Hant') return null;
  const own = chunk.translations[lang];
  if (own) return { lang, text: own };
  const en = chunk.translations.en;
  return en ? { lang: 'en', text: en } : null;
}

/**
 * The sentences of a passage that best answer the question, as a verbatim substring of the passage: the
 * whole passage when it is short or a numbered item, else the best-matching sentence and its neighbour.
 */
export function bestQuote(chunk: Chunk, query: AnalyzedQuery, lexicon?: Lexicon): { text: string; start: number } {
  if (chunk.text.length <= QUOTE_CHARS || chunk.itemNumber !== null) return { text: chunk.text, start: 0 };
  const sentences = sentencesOf(chunk.text);
  const wanted = new Set(query.tokens);
  // The question's concepts count too: a question in another language than the passage shares no words with it.
  const concepts = new Set(query.concepts);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    const text = chunk.text.slice(s.start, s.end);
    const tokens = analyze(text);
    const named = lexicon ? lexicon.tag(text).filter((c) => concepts.has(c)).length : 0;
    // The first sentence usually states the subject: it wins ties.
    const score = tokens.filter((x) => wanted.has(x)).length + 2 * named + (i === 0 ? 0.5 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  let { start, end } = sentences[best] ?? { start: 0, end: chunk.text.length };
  const next = sentences[best + 1];
  if (next && next.end - start <= QUOTE_CHARS) end = next.end;
  const text = chunk.text.slice(start, end).trim();
  return { text, start: chunk.text.indexOf(text, start) };
}

/** The main concept a passage's own heading names (the field of `1. 农业`, the mode of `（五）共建联合实验室`). */
function primaryConcept(chunk: Chunk, lexicon: Lexicon): string | null {
  const title = (chunk.sectionPath.at(-1) ?? chunk.text).replace(/^[（(]?[一二三四五六七八九十\d]+[）).、．]?\s*/u, '');
  const tags = lexicon.tag(title).filter((c) => /^(field|mode|org|principle)\./u.test(c));
  return tags.sort((a, b) => a.split('.').length - b.split('.').length)[0] ?? null;
}

/**
 * The name of what a numbered item is about, in the reader's language: for English the title of the item's
 * aligned English version ("Agriculture" from "1. Agriculture: crop breeding…"), else the lexicon's name of
 * the concept its heading names.
 */
function conceptName(chunk: Chunk, lang: Language, lexicon: Lexicon): string | null {
  if (lang === 'en' && chunk.translations.en) {
    const title = chunk.translations.en.replace(/^\(?[\dIVX]+[.)]\s*/u, '').split(/[:.;]/u)[0]!.trim();
    if (title && title.length <= 60) return title;
  }
  const concept = primaryConcept(chunk, lexicon);
  return concept ? lexicon.name(concept, lang) : null;
}

/** The numbered items listed together with the best-ranked item under a heading about `concept`. */
function siblingList(passages: Passage[], all: Chunk[], concept: string, lexicon: Lexicon): Passage[] {
  // (Or, when the best passage is the text under such a heading, "四、重点领域" over its lead paragraph, the items
  // under that heading.)
  const about = (p: Passage, path: string[]) => lexicon.tag(path.join('\n') + '\n' + (p.chunk.sectionTranslations.en ?? '')).includes(concept);
  const top = passages[0];
  const anchor =
    passages.find((p) => p.chunk.itemNumber !== null && about(p, p.chunk.sectionPath.slice(0, -1))) ??
    (top && top.chunk.itemNumber === null && top.chunk.sectionPath.length > 0 && about(top, top.chunk.sectionPath) ? top : undefined);
  if (!anchor) return [];
  const root = anchor.chunk.sectionPath[0];
  const title = anchor.title;
  return all
    .filter((c) => c.docId === anchor.chunk.docId && c.sectionPath[0] === root && c.itemNumber !== null && c.sectionPath.length >= 2)
    .map((chunk) => ({ chunk, title, rank: 0, score: 0 }));
}

/**
 * The items listed together with the best-ranked numbered item among the top passages: every item under the
 * same heading, in document order (a question for "the items of X" gets all of X, not the one that matched best).
 */
function itemSiblings(passages: Passage[], all: Chunk[], query: AnalyzedQuery, lexicon: Lexicon): Passage[] {
  // Of the item groups among the top passages, the one whose heading the question names ("technical fields"
  // for 重点技术领域), else the best-ranked one.
  const items = passages.slice(0, 5).filter((p) => p.chunk.itemNumber !== null && p.chunk.sectionPath.length >= 2);
  const wanted = new Set(query.tokens);
  const headingScore = (p: Passage) => {
    const heading = `${p.chunk.sectionPath.slice(0, -1).join('\n')}\n${p.chunk.sectionTranslations.en ?? ''}`;
    return new Set(analyze(heading).filter((t) => wanted.has(t))).size + lexicon.tag(heading).filter((c) => query.concepts.includes(c)).length;
  };
  const anchor = items.reduce<Passage | undefined>((best, p) => (!best || headingScore(p) > headingScore(best) ? p : best), undefined);
  if (!anchor) return [];
  return siblingItems(anchor.chunk, all).map((chunk) => ({ chunk, title: anchor.title, rank: 0, score: 0 }));
}

/**
 * Most items a list answer quotes (the ten priority fields with their six areas of cooperation are 16; the
 * seven ways to take part, 7): a longer list is cut, and the reply says how many more the document has.
 */
const MAX_LIST_ITEMS = 30;

/** Most clauses quoted under an article whose passage is its heading alone. */
const MAX_CLAUSES = 12;

/** The passages under a numbered item whose own passage holds nothing but its heading ("Pasal 4", "Article 3."). */
function clausesUnder(item: Passage, all: Chunk[]): Passage[] {
  const c = item.chunk;
  if (c.itemNumber === null || c.text.trim().length > HEADING_ONLY_CHARS || c.text.includes('\n')) return [];
  return passagesUnder(c.docId, c.sectionPath, item.title, all);
}

/** The passages of a document under a heading (their path extends `heading`), in document order, MAX_CLAUSES at most. */
function passagesUnder(docId: string, heading: string[], title: string, all: Chunk[]): Passage[] {
  const path = heading.join('\u0000');
  return all
    .filter((x) => x.docId === docId && x.sectionPath.length > heading.length && x.sectionPath.slice(0, heading.length).join('\u0000') === path)
    .slice(0, MAX_CLAUSES)
    .map((chunk) => ({ chunk, title, rank: 0, score: 0 }));
}

/** Longest text of an item's passage that is only its heading (a marker and a few words). */
const HEADING_ONLY_CHARS = 40;

/** Most steps a procedure answer lists. */
const MAX_STEPS = 8;

/**
 * The steps of a procedure: the numbered items listed with the best-ranked item among the top passages that says
 * how (submit, register, online, 提交, nộp hồ sơ, ยื่น: procedureWords), in document order, at most `MAX_STEPS`
 * around it. None when no such passage is a numbered item of a list of two or more.
 */
function procedureSteps(passages: Passage[], all: Chunk[]): Passage[] {
  // Of the top passages that say how and are items of a list, the one whose list says how the most (its
  // items that hold procedure words): the steps of applying, not a scope article that names "the procedure".
  let anchor: Passage | undefined;
  let steps: Chunk[] = [];
  let best = 0;
  for (const p of passages.slice(0, 5)) {
    if (p.chunk.itemNumber === null || !listed('procedureWords', p.chunk.text)) continue;
    const list = siblingItems(p.chunk, all).sort((a, b) => a.itemNumber! - b.itemNumber!);
    const saying = list.filter((c) => listed('procedureWords', c.text)).length;
    if (list.length >= 2 && saying > best) [anchor, steps, best] = [p, list, saying];
  }
  if (!anchor) return [];
  const parent = anchor.chunk.sectionPath.slice(0, -1).join('>');
  const at = Math.max(0, steps.findIndex((c) => c.id === anchor.chunk.id));
  const from = Math.max(0, Math.min(at - Math.floor(MAX_STEPS / 2), steps.length - MAX_STEPS));
  // The text under the list's heading that says how, before its items ("Applications are made online…").
  const lead = parent ? all.filter((c) => c.docId === anchor.chunk.docId && c.itemNumber === null && c.sectionPath.join('>') === parent && listed('procedureWords', c.text)) : [];
  return [...lead.slice(0, 2), ...steps.slice(from, from + MAX_STEPS)].map((chunk) => ({ chunk, title: anchor.title, rank: 0, score: 0 }));
}

/** Priority-field items that list one of the question's sub-fields, best first, at most three. */
function fieldMatches(passages: Passage[], all: Chunk[], fieldConcepts: string[], lexicon: Lexicon) {
  const out: { passage: Passage; subfield: string; name: (l: Language) => string }[] = [];
  const candidates = [...passages, ...all.map((chunk) => ({ chunk, title: passages[0]?.title ?? '', rank: 99, score: 0 }))];
  for (const concept of fieldConcepts) {
    for (const p of candidates) {
      if (p.chunk.itemNumber === null || out.some((o) => o.passage.chunk.id === p.chunk.id)) continue;
      const match = lexicon.matches(p.chunk.text).find((m) => m.concept === concept);
      if (!match) continue;
      const field = primaryConcept(p.chunk, lexicon);
      const subfield = p.chunk.text.includes(match.words) ? match.words : (p.chunk.sectionPath.at(-1) ?? '');
      const title = passages.find((x) => x.chunk.docId === p.chunk.docId)?.title ?? p.title;
      out.push({ passage: { ...p, title }, subfield, name: (l) => (field ? lexicon.name(field, l) : null) ?? (p.chunk.sectionPath.at(-1) ?? '') });
      break;
    }
    if (out.length >= 3) break;
  }
  return out;
}

/** Names, in the reader's language, of what the nearest passages are about. */
function nearestTopics(passages: Passage[], lang: Language, lexicon: Lexicon): string[] {
  const names: string[] = [];
  for (const p of passages.slice(0, 6)) {
    const concept = primaryConcept(p.chunk, lexicon);
    // In the reader's language only: the lexicon's name of the concept, else the heading's aligned version;
    // never a raw Chinese heading for a reader of another language.
    const heading = p.chunk.sectionTranslations[lang]?.split('\n').at(-1) ?? (lang === 'zh-Hans' || lang === 'zh-Hant' ? p.chunk.sectionPath.at(-1) : undefined);
    // The heading's own words first (a phrase of the document, "Technology transfer"), the lexicon's name second.
    const label = heading?.replace(/^[（(]?[一二三四五六七八九十\dIVX]+[）).、．]?\s*/u, '').replace(/[:：].*$/u, '').trim() || (concept ? lexicon.name(concept, lang) : null);
    if (label && !names.includes(label)) names.push(label);
    if (names.length >= 3) break;
  }
  return names;
}
