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

/** The outcome of a rate-limit check: whether the user may ask now, and whether the one notice is due. */
export interface RateDecision {
  ok: boolean;
  warn: boolean;
}

/** What `/readyz` says of the store: "ok", or "down" with the last error (a lost file, a failed write). */
export interface StoreHealth {
  state: 'ok' | 'degraded' | 'down';
  kind: string;
  error?: string;
}

/**
 * The assistant's state: each user's chosen language, conversation turns, the question log, answer feedback
 * and the rate-limit buckets. `SqliteStore` keeps it in one file (one process); `PostgresStore` in PostgreSQL
 * (several replicas share everything); `MemoryStore` is the stand-in for tests. Every method is async, and a
 * write that fails rejects (never a silent success).
 */
export interface Store {
  /** The reply language a user chose (`user` is `<channel>:<id>`), or null. */
  getLanguage(user: string): Promise<Language | null>;
  setLanguage(user: string, language: Language): Promise<void>;
  logQuestion(entry: QuestionLog): Promise<void>;
  /** Records (or changes) a user's verdict on an answer, with an optional comment; false when the answer is unknown. */
  recordFeedback(answerId: string, helpful: boolean, user?: string, comment?: string): Promise<boolean>;
  report(options?: { maxQuestions?: number }): Promise<UsageReport>;
  /** Adds a turn to a conversation (keeping the last CONVERSATION_TURNS, dropping turns older than the TTL). */
  addTurn(conversationId: string, turn: Turn): Promise<void>;
  /** The conversation's turns younger than the TTL, oldest first. */
  recentTurns(conversationId: string): Promise<Turn[]>;
  /**
   * Takes one question from `key`'s token bucket (`perMinute` a minute, bursts up to as many); `warn` is true
   * the first time in a row the user may not ask, so that a chat sends one notice, not many.
   */
  takeToken(key: string, perMinute: number, now?: number): Promise<RateDecision>;
  /** Whether the store works (and what went wrong last), for /readyz. */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** The token bucket arithmetic shared by the stores: the bucket after `now`, and the decision. */
export function refill(bucket: { tokens: number; at: number; warned: boolean } | undefined, perMinute: number, now: number): { bucket: { tokens: number; at: number; warned: boolean }; decision: RateDecision } {
  const b = bucket ? { ...bucket } : { tokens: perMinute, at: now, warned: false };
  b.tokens = Math.min(perMinute, b.tokens + (Math.max(0, now - b.at) / 60_000) * perMinute);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    b.warned = false;
    return { bucket: b, decision: { ok: true, warn: false } };
  }
  const warn = !b.warned;
  b.warned = true;
  return { bucket: b, decision: { ok: false, warn } };
}

/** An in-memory Store, for tests and for runs without a data directory. */
export class MemoryStore implements Store {
  private readonly languages = new Map<string, Language>();
  readonly log: Required<QuestionLog>[] = [];
  readonly feedback = new Map<string, boolean>();
  readonly comments = new Map<string, string>();
  private readonly turns = new Map<string, Turn[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  async getLanguage(user: string): Promise<Language | null> {
    return this.languages.get(user) ?? null;
  }

  async setLanguage(user: string, language: Language): Promise<void> {
    this.languages.set(user, language);
  }

  async logQuestion(entry: QuestionLog): Promise<void> {
    this.log.push({ ...entry, at: entry.at ?? new Date() });
  }

  async recordFeedback(answerId: string, helpful: boolean, user = '', comment?: string): Promise<boolean> {
    if (!this.log.some((l) => l.answerId === answerId)) return false;
    this.feedback.set(`${answerId}|${user}`, helpful);
    if (comment !== undefined) this.comments.set(`${answerId}|${user}`, comment);
    return true;
  }

  async report(options: { maxQuestions?: number } = {}): Promise<UsageReport> {
    const comments = [...this.comments].filter(([, c]) => c).map(([k, comment]) => ({ helpful: this.feedback.get(k) ?? false, comment }));
    return buildReport(this.log, [...this.feedback.values()], options.maxQuestions ?? 20, comments);
  }

  async addTurn(conversationId: string, turn: Turn): Promise<void> {
    const kept = [...(await this.recentTurns(conversationId)), turn].slice(-CONVERSATION_TURNS);
    this.turns.delete(conversationId);
    this.turns.set(conversationId, kept);
    // Bounded: the oldest conversations go first.
    if (this.turns.size > 10_000) this.turns.delete(this.turns.keys().next().value!);
  }

  async recentTurns(conversationId: string): Promise<Turn[]> {
    const since = Date.now() - CONVERSATION_TTL_MS;
    return (this.turns.get(conversationId) ?? []).filter((t) => t.at.getTime() >= since);
  }

  async takeToken(key: string, perMinute: number, now = Date.now()): Promise<RateDecision> {
    const { bucket, decision } = refill(this.buckets.get(key), perMinute, now);
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value!);
    return decision;
  }

  async health(): Promise<StoreHealth> {
    return { state: 'ok', kind: 'memory' };
  }

  async close(): Promise<void> {}
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
