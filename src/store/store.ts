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

/**
 * One turn of a conversation, kept so that a follow-up ("and the next item?", "what about Khmer partners?",
 * "say that in Thai") can be read against it. `resolved` is the question as it was answered (a follow-up's
 * own words joined to what it follows), `chunkIds` the passages cited, first first.
 */
export interface Turn {
  question: string;
  resolved: string;
  language: Language;
  found: boolean;
  chunkIds: string[];
  /** The passage the conversation pinned (the next item of a list), quoted again when the turn is repeated. */
  pinned?: string;
  at: Date;
}

/** How long a conversation's turns are kept for follow-ups, and how many of them. */
export const CONVERSATION_TTL_MS = 60 * 60 * 1000;
export const CONVERSATION_TURNS = 5;

/** Usage figures for the report page and `npm run report`. */
export interface UsageReport {
  total: number;
  byLanguage: { language: string; questions: number; found: number }[];
  byDay: { day: string; questions: number }[];
  unanswered: { language: string; count: number; questions: string[] }[];
  feedback: { helpful: number; notHelpful: number };
  /** The latest feedback comments, newest last. */
  comments: { helpful: boolean; comment: string }[];
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
  /** Records (or changes) a user's verdict on an answer, with an optional comment; false when the answer is unknown. */
  recordFeedback(answerId: string, helpful: boolean, user?: string, comment?: string): boolean;
  report(options?: { maxQuestions?: number }): UsageReport;
  /** Adds a turn to a conversation (keeping the last CONVERSATION_TURNS, dropping turns older than the TTL). */
  addTurn(conversationId: string, turn: Turn): void;
  /** The conversation's turns younger than the TTL, oldest first. */
  recentTurns(conversationId: string): Turn[];
  close(): void;
}

/** An in-memory Store, for tests and for runs without a data directory. */
export class MemoryStore implements Store {
  private readonly languages = new Map<string, Language>();
  readonly log: Required<QuestionLog>[] = [];
  readonly feedback = new Map<string, boolean>();
  private readonly turns = new Map<string, Turn[]>();

  getLanguage(user: string): Language | null {
    return this.languages.get(user) ?? null;
  }

  setLanguage(user: string, language: Language): void {
    this.languages.set(user, language);
  }

  logQuestion(entry: QuestionLog): void {
    this.log.push({ ...entry, at: entry.at ?? new Date() });
  }

  readonly comments = new Map<string, string>();

  recordFeedback(answerId: string, helpful: boolean, user = '', comment?: string): boolean {
    if (!this.log.some((l) => l.answerId === answerId)) return false;
    this.feedback.set(`${answerId}|${user}`, helpful);
    if (comment !== undefined) this.comments.set(`${answerId}|${user}`, comment);
    return true;
  }

  report(options: { maxQuestions?: number } = {}): UsageReport {
    const comments = [...this.comments].filter(([, c]) => c).map(([k, comment]) => ({ helpful: this.feedback.get(k) ?? false, comment }));
    return buildReport(this.log, [...this.feedback.values()], options.maxQuestions ?? 20, comments);
  }

  addTurn(conversationId: string, turn: Turn): void {
    const kept = [...this.recentTurns(conversationId), turn].slice(-CONVERSATION_TURNS);
    this.turns.delete(conversationId);
    this.turns.set(conversationId, kept);
    // Bounded: the oldest conversations go first.
    if (this.turns.size > 10_000) this.turns.delete(this.turns.keys().next().value!);
  }

  recentTurns(conversationId: string): Turn[] {
    const since = Date.now() - CONVERSATION_TTL_MS;
    return (this.turns.get(conversationId) ?? []).filter((t) => t.at.getTime() >= since);
  }

  close(): void {}
}

/** Builds the usage report from log rows and feedback verdicts (shared by both stores). */
export function buildReport(rows: Required<QuestionLog>[], verdicts: boolean[], maxQuestions: number, comments: { helpful: boolean; comment: string }[] = []): UsageReport {
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
    comments: comments.slice(-maxQuestions),
  };
}
