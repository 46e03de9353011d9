import { describe, expect, it } from 'vitest';
import { scoreAnswer, summarizeAnswers } from '../../src/eval/answer-metrics.js';
import type { Answer } from '../../src/core/types.js';
import type { EvalItem } from '../../src/eval/dataset.js';

const nearMiss: EvalItem = { id: 'x-en-01', lang: 'en', type: 'unanswerable', question: 'When and how much?', gold: [], answer_keywords: [], must_not: ['USD 9,000'], notes: '' };
const answer = (text: string, found: boolean): Answer => ({ id: 'a', found, language: 'en', text, citations: [], mode: 'extractive', kind: found ? 'fact' : 'not-found', retrieved: [], timings: { retrievalMs: 0, generationMs: 0, totalMs: 0 } });
const LACKS = 'The documents give no deadline for this.';
const saysUnstated = (a: Answer) => a.text.includes(LACKS);

describe('answer scores of near misses', () => {
  it('counts a decline, and a partial answer that says plainly what is not stated only under the wider rule', () => {
    const declined = scoreAnswer(nearMiss, answer(LACKS, false), () => undefined, saysUnstated);
    const partial = scoreAnswer(nearMiss, answer(`Here is what the documents say:\n[1] The fee is USD 300.\n\n${LACKS}`, true), () => undefined, saysUnstated);
    const answered = scoreAnswer(nearMiss, answer('[1] The deadline is 3 May.', true), () => undefined, saysUnstated);
    const invented = scoreAnswer(nearMiss, answer(`[1] USD 9,000.\n${LACKS}`, true), () => undefined, saysUnstated);
    expect([declined, partial, answered, invented].map((s) => [s.declinedCleanly, s.saidUnstated])).toEqual([[true, true], [false, true], [false, false], [false, false]]);
    expect(summarizeAnswers([declined, partial, answered, invented])).toMatchObject({ declined: 0.25, saidUnstated: 0.5 });
  });
});
