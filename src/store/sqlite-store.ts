import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { isLanguage, type Language } from '../core/languages.js';
import { buildReport, CONVERSATION_TTL_MS, CONVERSATION_TURNS, refill, type QuestionLog, type RateDecision, type Store, type StoreHealth, type Turn, type UsageReport } from './store.js';

/**
 * The Store in one SQLite file (better-sqlite3, WAL mode): user language choices, conversation turns, the
 * question log, answer feedback and rate-limit buckets, for one process (several replicas need PostgreSQL:
 * DATABASE_URL). Created with its tables on first use.
 *
 * A file deleted or replaced under the running process is noticed before every write: the error is kept for
 * /readyz and the log, and the store reopens a file at the path (so writes go to a store that exists).
 *
 * @example
 * const store = new SqliteStore('data/assistant.sqlite', { log: console.error });
 */
export class SqliteStore implements Store {
  private db!: Database.Database;
  private inode: number | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly path: string,
    private readonly options: { log?: (message: string) => void } = {},
  ) {
    this.open();
  }

  private open(): void {
    if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
    this.db = new Database(this.path);
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
      CREATE TABLE IF NOT EXISTS rate_bucket (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL, warned INTEGER NOT NULL);
    `);
    // Stores made before feedback comments existed get the column.
    if (!(this.db.pragma('table_info(feedback)') as { name: string }[]).some((c) => c.name === 'comment')) this.db.exec('ALTER TABLE feedback ADD COLUMN comment TEXT');
    this.inode = this.currentInode();
  }

  private currentInode(): number | null {
    if (this.path === ':memory:') return null;
    try {
      return statSync(this.path).ino;
    } catch {
      return -1;
    }
  }

  /** Runs a write; first makes sure the file is still the one opened (else says so, and reopens one). */
  private write<T>(what: string, run: () => T): T {
    if (this.path !== ':memory:' && this.currentInode() !== this.inode) {
      this.fail(`the store file ${this.path} was deleted or replaced while running; a new, empty one was opened (restore it from a backup)`);
      try {
        this.db.close();
      } catch {
        // The old handle is gone with its file.
      }
      this.open();
    }
    try {
      return run();
    } catch (error) {
      this.fail(`${what} failed: ${(error as Error).message}`);
      throw new StoreError(`The store could not ${what}: ${(error as Error).message}`);
    }
  }

  private fail(message: string): void {
    this.lastError = `${new Date().toISOString()} ${message}`;
    this.options.log?.(`store: ${message}`);
  }

  async getLanguage(user: string): Promise<Language | null> {
    const row = this.db.prepare('SELECT language FROM user_language WHERE user = ?').get(user) as { language: string } | undefined;
    return row && isLanguage(row.language) ? row.language : null;
  }

  async setLanguage(user: string, language: Language): Promise<void> {
    this.write('save a language choice', () =>
      this.db
        .prepare('INSERT INTO user_language (user, language, updated_at) VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at')
        .run(user, language, new Date().toISOString()),
    );
  }

  async logQuestion(entry: QuestionLog): Promise<void> {
    this.write('log a question', () =>
      this.db
        .prepare('INSERT OR REPLACE INTO question_log (answer_id, channel, language, found, latency_ms, question, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(entry.answerId, entry.channel, entry.language, entry.found ? 1 : 0, entry.latencyMs, entry.question, (entry.at ?? new Date()).toISOString()),
    );
  }

  async recordFeedback(answerId: string, helpful: boolean, user = '', comment?: string): Promise<boolean> {
    return this.write('record feedback', () => {
      const known = this.db.prepare('SELECT 1 FROM question_log WHERE answer_id = ?').get(answerId);
      if (!known) return false;
      this.db
        .prepare('INSERT INTO feedback (answer_id, user, helpful, at, comment) VALUES (?, ?, ?, ?, ?) ON CONFLICT(answer_id, user) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, comment = coalesce(excluded.comment, feedback.comment)')
        .run(answerId, user, helpful ? 1 : 0, new Date().toISOString(), comment ?? null);
      return true;
    });
  }

  async report(options: { maxQuestions?: number } = {}): Promise<UsageReport> {
    const rows = (this.db.prepare('SELECT answer_id, channel, language, found, latency_ms, question, at FROM question_log ORDER BY at').all() as {
      answer_id: string; channel: string; language: string; found: number; latency_ms: number; question: string | null; at: string;
    }[]).map((r) => ({ answerId: r.answer_id, channel: r.channel, language: r.language as Language, found: r.found === 1, latencyMs: r.latency_ms, question: r.question, at: new Date(r.at) }));
    const feedback = this.db.prepare('SELECT helpful, comment FROM feedback ORDER BY at').all() as { helpful: number; comment: string | null }[];
    const comments = feedback.filter((r) => r.comment).map((r) => ({ helpful: r.helpful === 1, comment: r.comment! }));
    return buildReport(rows, feedback.map((r) => r.helpful === 1), options.maxQuestions ?? 20, comments);
  }

  async addTurn(conversationId: string, turn: Turn): Promise<void> {
    const since = Date.now() - CONVERSATION_TTL_MS;
    this.write('keep a conversation turn', () =>
      this.db.transaction(() => {
        this.db.prepare('INSERT INTO conversation_turn (conversation, at, turn) VALUES (?, ?, ?)').run(conversationId, turn.at.getTime(), JSON.stringify(turn));
        // Keeps the last turns of this conversation, and no turn of any conversation past the TTL.
        this.db
          .prepare('DELETE FROM conversation_turn WHERE conversation = ? AND rowid NOT IN (SELECT rowid FROM conversation_turn WHERE conversation = ? ORDER BY at DESC, rowid DESC LIMIT ?)')
          .run(conversationId, conversationId, CONVERSATION_TURNS);
        this.db.prepare('DELETE FROM conversation_turn WHERE at < ?').run(since);
      })(),
    );
  }

  async recentTurns(conversationId: string): Promise<Turn[]> {
    const rows = this.db.prepare('SELECT turn FROM conversation_turn WHERE conversation = ? AND at >= ? ORDER BY at, rowid').all(conversationId, Date.now() - CONVERSATION_TTL_MS) as { turn: string }[];
    return rows.map((r) => {
      const t = JSON.parse(r.turn) as Turn;
      return { ...t, at: new Date(t.at) };
    });
  }

  async takeToken(key: string, perMinute: number, now = Date.now()): Promise<RateDecision> {
    return this.write('count a question for the rate limit', () =>
      this.db.transaction(() => {
        const row = this.db.prepare('SELECT tokens, at, warned FROM rate_bucket WHERE key = ?').get(key) as { tokens: number; at: number; warned: number } | undefined;
        const { bucket, decision } = refill(row && { tokens: row.tokens, at: row.at, warned: row.warned === 1 }, perMinute, now);
        this.db
          .prepare('INSERT INTO rate_bucket (key, tokens, at, warned) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at, warned = excluded.warned')
          .run(key, bucket.tokens, bucket.at, bucket.warned ? 1 : 0);
        return decision;
      })(),
    );
  }

  async health(): Promise<StoreHealth> {
    if (this.path !== ':memory:' && this.currentInode() !== this.inode) {
      return { state: 'down', kind: 'sqlite', error: `the store file ${this.path} was deleted or replaced while running` };
    }
    try {
      this.db.prepare('SELECT 1').get();
    } catch (error) {
      return { state: 'down', kind: 'sqlite', error: (error as Error).message };
    }
    return this.lastError ? { state: 'degraded', kind: 'sqlite', error: this.lastError } : { state: 'ok', kind: 'sqlite' };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
