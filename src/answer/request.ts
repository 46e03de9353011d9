import type { AnswerKind } from '../core/types.js';
import type { AnalyzedQuery } from '../retrieval/query.js';

/** How a question will be answered: its kind and the details it asks for. */
export interface RequestPlan {
  kind: Exclude<AnswerKind, 'not-found' | 'chat' | 'off-topic'>;
  /** The question's sub-field concepts (for the field finder), most specific first. */
  fieldConcepts: string[];
}

/**
 * Reads what a question asks for from its concepts: the exact text of an item or principle, the list of
 * priority fields, the field that fits a project, the ways to take part, or a fact. (Which detail a fact
 * question needs is the analysis's `detail`, checked sentence by sentence in reading.ts.)
 */
export function planRequest(query: AnalyzedQuery): RequestPlan {
  const has = (id: string) => query.concepts.includes(id);
  const fieldConcepts = query.concepts
    .filter((c) => c.startsWith('field.') && c !== 'field.priority')
    .sort((a, b) => b.split('.').length - a.split('.').length);
  let kind: RequestPlan['kind'] = 'fact';
  if (has('intent.verbatim') || query.itemNumber !== null) kind = 'quote';
  else if (fieldConcepts.length && (has('intent.field_match') || !has('intent.list'))) kind = has('intent.field_match') ? 'field-match' : 'fact';
  else if (has('field.priority') && (has('intent.list') || has('intent.field_match') || !fieldConcepts.length)) kind = has('intent.field_match') ? 'field-match' : 'fields';
  // Taking part asked as such ("how do we join?"); a word for participants beside a detail asked ("how many
  // participants are expected?") asks for that detail.
  else if (has('mode.general') || has('intent.apply') || (has('org.participation') && !('details' in query && (query.details as unknown[]).length))) kind = 'modes';
  return { kind, fieldConcepts };
}
