import type { Answer } from '../core/types.js';
import type { EvalItem } from './dataset.js';
import { isHit } from './retrieval-metrics.js';

/** Answer figures of one question (test/eval/README.md, "How an answer is judged"). */
export interface AnswerScore {
  id: string;
  lang: string;
  answerable: boolean;
  /** Answerable: found. Unanswerable: declined (found false). */
  found: boolean;
  /** Answerable: found with at least one citation whose passage contains a gold quote. */
  correct: boolean;
  /** Unanswerable: declined and none of the must_not strings appears in the reply. */
  declinedCleanly: boolean;
  /**
   * Unanswerable: declined, or answered in part with a plain statement that the documents do not state a detail
   * asked (the wider rule of test/eval/README.md), and none of the must_not strings appears in the reply.
   */
  saidUnstated: boolean;
  languageRight: boolean;
  /** Small talk or off-topic (types `smalltalk`, `offtopic`): neither answerable nor a near miss. */
  conversational: boolean;
  /** Conversational: replied to without passages, not found, as small talk or off-topic. */
  handled: boolean;
  /** Citations of the answer, and how many carry a version in the reader's own language. */
  citations: number;
  ownLanguageVersions: number;
}

const SAME: string[][] = [['id', 'ms']];

/** True when the reply language counts as the question's language (Indonesian and Malay count as one). */
export function sameLanguage(expected: string, actual: string): boolean {
  return expected === actual || SAME.some((g) => g.includes(expected) && g.includes(actual));
}

/** Scores one answer against its evaluation item; `passageText` gives a cited passage's full text. */
export function scoreAnswer(item: EvalItem, answer: Answer, passageText: (chunkId: string) => string | undefined, saysUnstated?: (answer: Answer) => boolean): AnswerScore {
  const conversational = item.type === 'smalltalk' || item.type === 'offtopic';
  const answerable = item.gold.length > 0;
  const correct = answerable && answer.found && answer.citations.some((c) => isHit(passageText(c.chunkId) ?? c.quote, item.gold));
  const text = answer.text.toLowerCase();
  const invents = item.must_not.some((m) => m && text.includes(m.toLowerCase()));
  return {
    id: item.id,
    lang: item.lang,
    answerable,
    found: answer.found,
    correct,
    declinedCleanly: !answerable && !answer.found && !invents,
    saidUnstated: !answerable && !conversational && !invents && (!answer.found || (saysUnstated?.(answer) ?? false)),
    languageRight: sameLanguage(item.lang, answer.language),
    conversational,
    handled: conversational && !answer.found && answer.citations.length === 0 && (answer.kind === 'chat' || answer.kind === 'off-topic'),
    citations: answer.citations.length,
    ownLanguageVersions: answer.citations.filter((c) => c.translation?.lang === item.lang).length,
  };
}

/** Aggregate answer figures. */
export interface AnswerSummary {
  answerable: number;
  unanswerable: number;
  /** Share of answerable questions found with a correct citation. */
  correct: number;
  /** Share of answerable questions answered (found) at all. */
  answered: number;
  /** Share of unanswerable questions declined without inventing. */
  declined: number;
  /** Share of unanswerable questions declined, or said plainly to be unstated in part, without inventing. */
  saidUnstated: number;
  /** Share of all questions replied to in the right language. */
  language: number;
  /** Small talk and off-topic messages, and the share handled as such. */
  conversational: number;
  handled: number;
  /** Share of citations (of answers to readers of other languages than Chinese) carrying a version in the reader's language. */
  versionShare: number;
}

/** Aggregates answer scores. */
export function summarizeAnswers(scores: AnswerScore[]): AnswerSummary {
  const a = scores.filter((s) => s.answerable);
  const u = scores.filter((s) => !s.answerable && !s.conversational);
  const c = scores.filter((s) => s.conversational);
  const translatable = scores.filter((s) => s.lang !== 'zh-Hans' && s.lang !== 'zh-Hant');
  const cited = translatable.reduce((n, s) => n + s.citations, 0);
  const share = (xs: AnswerScore[], f: (s: AnswerScore) => boolean) => (xs.length ? xs.filter(f).length / xs.length : NaN);
  return {
    answerable: a.length,
    unanswerable: u.length,
    correct: share(a, (s) => s.correct),
    answered: share(a, (s) => s.found),
    declined: share(u, (s) => s.declinedCleanly),
    saidUnstated: share(u, (s) => s.saidUnstated),
    language: share(scores, (s) => s.languageRight),
    conversational: c.length,
    handled: share(c, (s) => s.handled),
    versionShare: cited ? translatable.reduce((n, s) => n + s.ownLanguageVersions, 0) / cited : NaN,
  };
}
