import type { Answer } from '../../core/types.js';

/** Recent answers, for the "original passages" button of the chat adapters (bounded: the oldest are forgotten). */
export class RecentAnswers {
  private readonly map = new Map<string, Answer>();
  constructor(private readonly capacity = 2000) {}
  add(answer: Answer): void {
    this.map.set(answer.id, answer);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
  get(id: string): Answer | undefined {
    return this.map.get(id);
  }
}
