import { randomUUID } from 'node:crypto';
import type { AnswerRequest, AnswerService } from '../../src/answer/service.js';
import { detectLanguage } from '../../src/i18n/detect.js';
import type { Answer } from '../../src/core/types.js';

/**
 * A deterministic answer service for adapter tests: replies with `reply(question)` as the answer text, cites
 * one made-up passage, and records every request and feedback verdict.
 */
export class FakeAnswerService implements AnswerService {
  readonly requests: AnswerRequest[] = [];
  readonly verdicts: { answerId: string; helpful: boolean; user?: string }[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly reply: (question: string) => string) {}

  async ask(request: AnswerRequest): Promise<Answer> {
    this.requests.push(request);
    const id = randomUUID();
    this.ids.add(id);
    const language = request.localeIsChoice && request.locale ? (request.locale as Answer['language']) : detectLanguage(request.question, request.locale).language;
    return {
      id,
      found: true,
      language,
      text: `${this.reply(request.question)} [1]`,
      citations: [{ n: 1, docId: 'doc', title: 'Doc <title> & co', section: 'A > B', quote: 'quote', chunkId: 'doc#1', start: 0, end: 5 }],
      mode: 'extractive',
      kind: 'fact',
      retrieved: [],
      timings: { retrievalMs: 0, generationMs: 0, totalMs: 0 },
    };
  }

  async feedback(answerId: string, helpful: boolean, user?: string): Promise<boolean> {
    if (!this.ids.has(answerId)) return false;
    this.verdicts.push({ answerId, helpful, user });
    return true;
  }
}
