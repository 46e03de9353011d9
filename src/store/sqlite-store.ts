import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isLanguage, type Language } from '../core/languages.js';
import { buildReport, CONVERSATION_TTL_MS, CONVERSATION_TURNS, type QuestionLog, type Store, type Turn, type UsageReport } from './store.js';

/**
 * The Store in one SQLite file (better-sqlite3, WAL mode): user language choices, the question log and
 * answer feedback. Created with its tables on first use; safe for the several front ends of one process.
 *
 * @example
 * const store = openSqliteStore('data/assistant.sqlite');
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS user_language (user TEXT PRIMARY KEY, language TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS question_log (
        answer_id TEXT PRIMARY KEY, channel TEXT NOT NULL, language TEXT NOT NULL, found INTEGER NOT NULL,
        latency_ms REAL NOT NULL, question TEXT, at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS question_log_at ON question_log(at);
      CREATE TABLE IF NOT EXISTS feedback (
        answer_id TEXT NOT NULL REFERENCES question_log(answer_id), user TEXT NOT NULL DEFAULT '',
        helpful INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY (answer_id, user));
      CREATE TABLE IF NOT EXISTS conversation_turn (conversation TEXT NOT NULL, at INTEGER NOT NULL, turn TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS conversation_turn_key ON conversation_turn(conversation, at);
    `);
    // Stores made before feedback comments existed get the column.
    if (!(this.db.pragma('table_info(feedback)') as { name: string }[]).some((c) => c.name === 'comment')) this.db.exec('ALTER TABLE feedback ADD COLUMN comment TEXT');
  }

  getLanguage(user: string): Language | null {
    const row = this.db.prepare('SELECT language FROM user_language WHERE user = ?').get(user) as { language: string } | undefined;
    return row && isLanguage(row.language) ? row.language : null;
  }

  setLanguage(user: string, language: Language): void {
    this.db
      .prepare('INSERT INTO user_language (user, language, updated_at) VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at')
      .run(user, language, new Date().toISOString());
  }

  logQuestion(entry: QuestionLog): void {
    this.db
      .prepare('INSERT OR REPLACE INTO question_log (answer_id, channel, language, found, latency_ms, question, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.answerId, entry.channel, entry.language, entry.found ? 1 : 0, entry.latencyMs, entry.question, (entry.at ?? new Date()).toISOString());
  }

  recordFeedback(answerId: string, helpful: boolean, user = '', comment?: string): boolean {
    const known = this.db.prepare('SELECT 1 FROM question_log WHERE answer_id = ?').get(answerId);
    if (!known) return false;
    this.db
      .prepare('INSERT INTO feedback (answer_id, user, helpful, at, comment) VALUES (?, ?, ?, ?, ?) ON CONFLICT(answer_id, user) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, comment = coalesce(excluded.comment, feedback.comment)')
      .run(answerId, user, helpful ? 1 : 0, new Date().toISOString(), comment ?? null);
    return true;
  }

  report(options: { maxQuestions?: number } = {}): UsageReport {
    const rows = (this.db.prepare('SELECT answer_id, channel, language, found, latency_ms, question, at FROM question_log ORDER BY at').all() as {
      answer_id: string; channel: string; language: string; found: number; latency_ms: number; question: string | null; at: string;
    }[]).map((r) => ({ answerId: r.answer_id, channel: r.channel, language: r.language as Language, found: r.found === 1, latencyMs: r.latency_ms, question: r.question, at: new Date(r.at) }));
    const feedback = this.db.prepare('SELECT helpful, comment FROM feedback ORDER BY at').all() as { helpful: number; comment: string | null }[];
    const comments = feedback.filter((r) => r.comment).map((r) => ({ helpful: r.helpful === 1, comment: r.comment! }));
    return buildReport(rows, feedback.map((r) => r.helpful === 1), options.maxQuestions ?? 20, comments);
  }

  addTurn(conversationId: string, turn: Turn): void {
    const since = Date.now() - CONVERSATION_TTL_MS;
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO conversation_turn (conversation, at, turn) VALUES (?, ?, ?)').run(conversationId, turn.at.getTime(), JSON.stringify(turn));
      // Keeps the last turns of this conversation, and no turn of any conversation past the TTL.
      this.db
        .prepare('DELETE FROM conversation_turn WHERE conversation = ? AND rowid NOT IN (SELECT rowid FROM conversation_turn WHERE conversation = ? ORDER BY at DESC, rowid DESC LIMIT ?)')
        .run(conversationId, conversationId, CONVERSATION_TURNS);
      this.db.prepare('DELETE FROM conversation_turn WHERE at < ?').run(since);
    })();
  }

  recentTurns(conversationId: string): Turn[] {
    const rows = this.db.prepare('SELECT turn FROM conversation_turn WHERE conversation = ? AND at >= ? ORDER BY at, rowid').all(conversationId, Date.now() - CONVERSATION_TTL_MS) as { turn: string }[];
    return rows.map((r) => {
      const t = JSON.parse(r.turn) as Turn;
      return { ...t, at: new Date(t.at) };
    });
  }

  close(): void {
    this.db.close();
  }
}
