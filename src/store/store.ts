import type { Language } from '../core/languages.js';

/** One answered question, as logged. The text is kept only when question logging is on (LOG_QUESTIONS=full). */
export interface QuestionLog {
  answerId: string;
  channel: string;
  language: Language;
  found: boolean;
  latencyMs: number;
  question: string | null;
  at?: Date;
}

/** Usage figures for the report page and `npm run report`. */
export interface UsageReport {
  total: number;
  byLanguage: { language: string; questions: number; found: number }[];
  byDay: { day: string; questions: number }[];
  unanswered: { language: string; count: number; questions: string[] }[];
  feedback: { helpful: number; notHelpful: number };
}

/**
 * The assistant's small amount of state: each user's chosen language, the question log and answer feedback.
 * `SqliteStore` keeps it in one file; `MemoryStore` is the stand-in for tests.
 */
export interface Store {
  /** The reply language a user chose (`user` is `<channel>:<id>`), or null. */
  getLanguage(user: string): Language | null;
  setLanguage(user: string, language: Language): void;
  logQuestion(entry: QuestionLog): void;
  /** Records (or changes) a user's verdict on an answer; false when the answer is unknown. */
  recordFeedback(answerId: string, helpful: boolean, user?: string): boolean;
  report(options?: { maxQuestions?: number }): UsageReport;
  close(): void;
}

/** An in-memory Store, for tests and for runs without a data directory. */
export class MemoryStore implements Store {
  private readonly languages = new Map<string, Language>();
  readonly log: Required<QuestionLog>[] = [];
  readonly feedback = new Map<string, boolean>();

  getLanguage(user: string): Language | null {
    return this.languages.get(user) ?? null;
  }

  setLanguage(user: string, language: Language): void {
    this.languages.set(user, language);
  }

  logQuestion(entry: QuestionLog): void {
    this.log.push({ ...entry, at: entry.at ?? new Date() });
  }

  recordFeedback(answerId: string, helpful: boolean, user = ''): boolean {
    if (!this.log.some((l) => l.answerId === answerId)) return false;
    this.feedback.set(`${answerId}|${user}`, helpful);
    return true;
  }

  report(options: { maxQuestions?: number } = {}): UsageReport {
    return buildReport(this.log, [...this.feedback.values()], options.maxQuestions ?? 20);
  }

  close(): void {}
}

/** Builds the usage report from log rows and feedback verdicts (shared by both stores). */
export function buildReport(rows: Required<QuestionLog>[], verdicts: boolean[], maxQuestions: number): UsageReport {
  const by = <K>(key: (r: Required<QuestionLog>) => K) => {
    const m = new Map<K, Required<QuestionLog>[]>();
    for (const r of rows) {
      const k = key(r);
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(r);
    }
    return m;
  };
  const byLanguage = [...by((r) => r.language)].map(([language, rs]) => ({ language, questions: rs.length, found: rs.filter((r) => r.found).length }));
  const byDay = [...by((r) => r.at.toISOString().slice(0, 10))].map(([day, rs]) => ({ day, questions: rs.length })).sort((a, b) => a.day.localeCompare(b.day));
  const unanswered = [...by((r) => r.language)]
    .map(([language, rs]) => {
      const missed = rs.filter((r) => !r.found);
      return { language, count: missed.length, questions: missed.flatMap((r) => (r.question ? [r.question] : [])).slice(-maxQuestions) };
    })
    .filter((u) => u.count > 0);
  return {
    total: rows.length,
    byLanguage: byLanguage.sort((a, b) => b.questions - a.questions),
    byDay,
    unanswered: unanswered.sort((a, b) => b.count - a.count),
    feedback: { helpful: verdicts.filter(Boolean).length, notHelpful: verdicts.filter((v) => !v).length },
  };
}
