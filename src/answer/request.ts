import type { AnswerKind, Passage } from '../core/types.js';
import type { Lexicon } from '../retrieval/lexicon.js';
import type { AnalyzedQuery } from '../retrieval/query.js';

/** A detail people ask for that program documents often do not state. */
export type Detail = 'deadline' | 'form' | 'amount' | 'eligibility' | 'contact' | 'other';

/** The lexicon's request concepts that ask for such a detail. */
const DETAIL_CONCEPTS: Record<string, Detail> = {
  'intent.deadline': 'deadline',
  'intent.form': 'form',
  'intent.funding': 'amount',
  'intent.eligibility': 'eligibility',
  'intent.contact': 'contact',
  'intent.visa': 'other',
  'intent.language': 'other',
  'intent.duration': 'other',
  'intent.winner': 'other',
};

/** How a question will be answered: its kind and the details it asks for. */
export interface RequestPlan {
  kind: Exclude<AnswerKind, 'not-found'>;
  /** Details the question asks for (deadline, contact, …). */
  details: Detail[];
  /** The question's sub-field concepts (for the field finder), most specific first. */
  fieldConcepts: string[];
}

/**
 * Reads what a question asks for from its concepts: the exact text of an item or principle, the list of
 * priority fields, the field that fits a project, the ways to take part, or a fact; and which details
 * (deadline, application form, amount, eligibility, contact) it asks for.
 */
export function planRequest(query: AnalyzedQuery): RequestPlan {
  const has = (id: string) => query.concepts.includes(id);
  let details = [...new Set(query.concepts.flatMap((c) => (DETAIL_CONCEPTS[c] ? [DETAIL_CONCEPTS[c]] : [])))];
  // "Who funds it?" asks for the source of funds, which documents do state; "how much?" asks for an amount.
  if (has('intent.who') && !has('intent.count')) details = details.filter((d) => d !== 'amount');
  const fieldConcepts = query.concepts
    .filter((c) => c.startsWith('field.') && c !== 'field.priority')
    .sort((a, b) => b.split('.').length - a.split('.').length);
  let kind: RequestPlan['kind'] = 'fact';
  if (has('intent.verbatim') || query.itemNumber !== null) kind = 'quote';
  else if (fieldConcepts.length && (has('intent.field_match') || !has('intent.list'))) kind = has('intent.field_match') ? 'field-match' : 'fact';
  else if (has('field.priority') && (has('intent.list') || has('intent.field_match') || !fieldConcepts.length)) kind = has('intent.field_match') ? 'field-match' : 'fields';
  else if (has('mode.general') || has('intent.apply') || has('org.participation')) kind = 'modes';
  return { kind, details, fieldConcepts };
}

const CONTACT_PATTERN = /[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/|www\.|\+?\d[\d\s-]{7,}\d|电话|電話|邮箱|郵箱|地址[:：]/u;

/**
 * True when one of the passages states the detail: it names the detail's concept (for a contact, it holds an
 * e-mail address, phone number, web address or postal address).
 */
export function detailStated(detail: Detail, passages: Passage[], lexicon: Lexicon): boolean {
  if (detail === 'other') return false;
  if (detail === 'contact') return passages.some((p) => CONTACT_PATTERN.test(p.chunk.text));
  const concept = Object.entries(DETAIL_CONCEPTS).find(([, d]) => d === detail)?.[0];
  return passages.some((p) => concept !== undefined && lexicon.tag(p.chunk.text).includes(concept));
}
