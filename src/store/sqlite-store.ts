import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isLanguage, type Language } from '../core/languages.js';
import { buildReport, type QuestionLog, type Store, type UsageReport } from './store.js';

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
    `);
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

  recordFeedback(answerId: string, helpful: boolean, user = ''): boolean {
    const known = this.db.prepare('SELECT 1 FROM question_log WHERE answer_id = ?').get(answerId);
    if (!known) return false;
    this.db
      .prepare('INSERT INTO feedback (answer_id, user, helpful, at) VALUES (?, ?, ?, ?) ON CONFLICT(answer_id, user) DO UPDATE SET helpful = excluded.helpful, at = excluded.at')
      .run(answerId, user, helpful ? 1 : 0, new Date().toISOString());
    return true;
  }

  report(options: { maxQuestions?: number } = {}): UsageReport {
    const rows = (this.db.prepare('SELECT answer_id, channel, language, found, latency_ms, question, at FROM question_log ORDER BY at').all() as {
      answer_id: string; channel: string; language: string; found: number; latency_ms: number; question: string | null; at: string;
    }[]).map((r) => ({ answerId: r.answer_id, channel: r.channel, language: r.language as Language, found: r.found === 1, latencyMs: r.latency_ms, question: r.question, at: new Date(r.at) }));
    const verdicts = (this.db.prepare('SELECT helpful FROM feedback').all() as { helpful: number }[]).map((r) => r.helpful === 1);
    return buildReport(rows, verdicts, options.maxQuestions ?? 20);
  }

  close(): void {
    this.db.close();
  }
}
