import pg from 'pg';
import { StoreError } from '../core/errors.js';
import { isLanguage, type Language } from '../core/languages.js';
import { buildReport, CONVERSATION_TTL_MS, CONVERSATION_TURNS, refill, type QuestionLog, type RateDecision, type Store, type StoreHealth, type Turn, type UsageReport } from './store.js';

/** Bounds of the connection pool: each replica holds at most `max` connections. */
export interface PoolLimits {
  /** Most connections open at once. Default 10. */
  max?: number;
  /** Longest wait for a new connection, in ms. Default 5000. */
  connectionTimeoutMs?: number;
  /** Longest a statement may run on the server (statement_timeout), in ms. Default 10000. */
  statementTimeoutMs?: number;
  /** Idle connections are closed after this many ms. Default 30000. */
  idleTimeoutMs?: number;
}

/** Longest /readyz waits for `SELECT 1`. */
const HEALTH_TIMEOUT_MS = 2_000;
/** The advisory lock that serialises migrations: replicas starting together apply each migration once. */
const MIGRATION_LOCK = 4_181_220_617;

/**
 * The schema, one migration a step, applied in order and recorded in `schema_migrations`. Never edit a
 * migration that has shipped: add the next one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'languages, question log, feedback, conversation turns, rate buckets',
    sql: `
      CREATE TABLE user_language (user_id text PRIMARY KEY, language text NOT NULL, updated_at timestamptz NOT NULL);
      CREATE TABLE question_log (
        answer_id text PRIMARY KEY, channel text NOT NULL, language text NOT NULL, found boolean NOT NULL,
        latency_ms double precision NOT NULL, question text, at timestamptz NOT NULL);
      CREATE INDEX question_log_at ON question_log (at);
      CREATE TABLE feedback (
        answer_id text NOT NULL REFERENCES question_log (answer_id) ON DELETE CASCADE, user_id text NOT NULL DEFAULT '',
        helpful boolean NOT NULL, comment text, at timestamptz NOT NULL, PRIMARY KEY (answer_id, user_id));
      CREATE INDEX feedback_at ON feedback (at);
      CREATE TABLE conversation_turn (id bigserial PRIMARY KEY, conversation text NOT NULL, at timestamptz NOT NULL, turn jsonb NOT NULL);
      CREATE INDEX conversation_turn_key ON conversation_turn (conversation, at);
      CREATE INDEX conversation_turn_at ON conversation_turn (at);
      CREATE TABLE rate_bucket (key text PRIMARY KEY, tokens double precision NOT NULL, at timestamptz NOT NULL, warned boolean NOT NULL);
    `,
  },
];

/**
 * A bounded pool for `url` (postgres://…): at most `max` connections, a connection timeout, and a statement
 * timeout on the server with a slightly longer one on the client.
 */
export function createPostgresPool(url: string, limits: PoolLimits = {}): pg.Pool {
  const statementTimeoutMs = limits.statementTimeoutMs ?? 10_000;
  return new pg.Pool({
    connectionString: url,
    max: limits.max ?? 10,
    connectionTimeoutMillis: limits.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: limits.idleTimeoutMs ?? 30_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 2_000,
    idle_in_transaction_session_timeout: statementTimeoutMs * 3,
    application_name: 'asean-sti-assistant',
  });
}

/** `url` with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the DATABASE_URL (unparsable)';
  }
}

/**
 * The Store in PostgreSQL, shared by every replica that points at the database: user language choices,
 * conversation turns (jsonb), the question log, answer feedback and rate-limit buckets (taken under a row
 * lock, so a limit counts once across replicas). Same behaviour as SqliteStore.
 *
 * A write that fails rejects with StoreError and is remembered for /readyz (`degraded`) until a write
 * succeeds again; `health()` says `down` while `SELECT 1` fails. Messages never carry the password.
 *
 * @example
 * const store = await PostgresStore.open(process.env.DATABASE_URL!, { log: console.error });
 */
export class PostgresStore implements Store {
  private lastError: string | null = null;
  private closed = false;
  private readonly secret: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: { log?: (message: string) => void } = {},
  ) {
    this.secret = secretOf(pool);
    // An idle connection the server closes (a restart, a failover) must not crash the process: the pool
    // drops it and opens a new one on the next query.
    pool.on('error', (error) => this.options.log?.(`store: a PostgreSQL connection was lost (${this.describe(error)}); the next query opens a new one`));
  }

  /** A pool for `url`, with the migrations applied; the pool is closed again when that fails. */
  static async open(url: string, options: { log?: (message: string) => void; limits?: PoolLimits } = {}): Promise<PostgresStore> {
    const store = new PostgresStore(createPostgresPool(url, options.limits), { log: options.log });
    try {
      const applied = await store.migrate();
      if (applied.length) options.log?.(`store: PostgreSQL migrations applied: ${applied.join(', ')}`);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * Applies the migrations not yet recorded, in order, in one transaction under an advisory lock (a replica
   * starting at the same time waits, then finds them applied). Returns the versions it applied.
   */
  async migrate(): Promise<number[]> {
    return this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        applied.push(migration.version);
      }
      return applied;
    });
  }

  async getLanguage(user: string): Promise<Language | null> {
    const { rows } = await this.read('read a language choice', () => this.pool.query<{ language: string }>('SELECT language FROM user_language WHERE user_id = $1', [user]));
    const language = rows[0]?.language;
    return language && isLanguage(language) ? language : null;
  }

  async setLanguage(user: string, language: Language): Promise<void> {
    await this.write('save a language choice', () =>
      this.pool.query('INSERT INTO user_language (user_id, language, updated_at) VALUES ($1, $2, now()) ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at', [user, language]),
    );
  }

  async logQuestion(entry: QuestionLog): Promise<void> {
    await this.write('log a question', () =>
      this.pool.query(
        `INSERT INTO question_log (answer_id, channel, language, found, latency_ms, question, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (answer_id) DO UPDATE SET channel = excluded.channel, language = excluded.language, found = excluded.found,
           latency_ms = excluded.latency_ms, question = excluded.question, at = excluded.at`,
        [entry.answerId, entry.channel, entry.language, entry.found, entry.latencyMs, entry.question, entry.at ?? new Date()],
      ),
    );
  }

  async recordFeedback(answerId: string, helpful: boolean, user = '', comment?: string): Promise<boolean> {
    // One statement: stored only when the answer is known, a comment kept when a later verdict has none.
    const result = await this.write('record feedback', () =>
      this.pool.query(
        `INSERT INTO feedback (answer_id, user_id, helpful, comment, at)
         SELECT $1::text, $2::text, $3::boolean, $4::text, now() WHERE EXISTS (SELECT 1 FROM question_log WHERE answer_id = $1::text)
         ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, at = excluded.at, comment = coalesce(excluded.comment, feedback.comment)`,
        [answerId, user, helpful, comment ?? null],
      ),
    );
    return result.rowCount === 1;
  }

  async report(options: { maxQuestions?: number } = {}): Promise<UsageReport> {
    const [log, feedback] = await this.read('read the report', () =>
      Promise.all([
        this.pool.query<{ answer_id: string; channel: string; language: string; found: boolean; latency_ms: number; question: string | null; at: Date }>(
          'SELECT answer_id, channel, language, found, latency_ms, question, at FROM question_log ORDER BY at, answer_id',
        ),
        this.pool.query<{ helpful: boolean; comment: string | null }>('SELECT helpful, comment FROM feedback ORDER BY at, answer_id, user_id'),
      ]),
    );
    const rows = log.rows.map((r) => ({ answerId: r.answer_id, channel: r.channel, language: r.language as Language, found: r.found, latencyMs: r.latency_ms, question: r.question, at: r.at }));
    const comments = feedback.rows.filter((r) => r.comment).map((r) => ({ helpful: r.helpful, comment: r.comment! }));
    return buildReport(rows, feedback.rows.map((r) => r.helpful), options.maxQuestions ?? 20, comments);
  }

  async addTurn(conversationId: string, turn: Turn): Promise<void> {
    const since = new Date(Date.now() - CONVERSATION_TTL_MS);
    await this.write('keep a conversation turn', () =>
      this.transaction(async (client) => {
        await client.query('INSERT INTO conversation_turn (conversation, at, turn) VALUES ($1, $2, $3::jsonb)', [conversationId, turn.at, JSON.stringify(turn)]);
        // Keeps the last turns of this conversation, and no turn of any conversation past the TTL.
        await client.query(
          'DELETE FROM conversation_turn WHERE conversation = $1 AND id NOT IN (SELECT id FROM conversation_turn WHERE conversation = $1 ORDER BY at DESC, id DESC LIMIT $2)',
          [conversationId, CONVERSATION_TURNS],
        );
        await client.query('DELETE FROM conversation_turn WHERE at < $1', [since]);
      }),
    );
  }

  async recentTurns(conversationId: string): Promise<Turn[]> {
    const { rows } = await this.read('read a conversation', () =>
      this.pool.query<{ turn: Turn & { at: string } }>('SELECT turn FROM conversation_turn WHERE conversation = $1 AND at >= $2 ORDER BY at, id', [conversationId, new Date(Date.now() - CONVERSATION_TTL_MS)]),
    );
    return rows.map((r) => ({ ...r.turn, at: new Date(r.turn.at) }));
  }

  async takeToken(key: string, perMinute: number, now = Date.now()): Promise<RateDecision> {
    // The row is locked from the read to the write, so replicas taking from one bucket at once queue up.
    return this.write('count a question for the rate limit', () =>
      this.transaction(async (client) => {
        // A new bucket starts full (what refill() starts from), so there is always a row to lock.
        await client.query('INSERT INTO rate_bucket (key, tokens, at, warned) VALUES ($1, $2, $3, false) ON CONFLICT (key) DO NOTHING', [key, perMinute, new Date(now)]);
        const { rows } = await client.query<{ tokens: number; at: Date; warned: boolean }>('SELECT tokens, at, warned FROM rate_bucket WHERE key = $1 FOR UPDATE', [key]);
        const row = rows[0]!;
        const { bucket, decision } = refill({ tokens: row.tokens, at: row.at.getTime(), warned: row.warned }, perMinute, now);
        await client.query('UPDATE rate_bucket SET tokens = $2, at = $3, warned = $4 WHERE key = $1', [key, bucket.tokens, new Date(bucket.at), bucket.warned]);
        return decision;
      }),
    );
  }

  async health(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer SELECT 1 within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      return { state: 'down', kind: 'postgres', error: this.describe(error) };
    } finally {
      clearTimeout(timer);
    }
    return this.lastError ? { state: 'degraded', kind: 'postgres', error: this.lastError } : { state: 'ok', kind: 'postgres' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Runs `run` in a transaction on one connection of the pool. */
  private async transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await run(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is thrown away, not handed out again.
      client.release(broken);
    }
  }

  /** Runs a write: a failure is remembered for health() and logged, and rejects with StoreError. */
  private async write<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.lastError = null;
      return result;
    } catch (error) {
      const message = this.describe(error);
      this.lastError = `${new Date().toISOString()} ${what} failed: ${message}`;
      this.options.log?.(`store: ${what} failed: ${message}`);
      throw new StoreError(`The store could not ${what}: ${message}`);
    }
  }

  /** Runs a read: a failure rejects with StoreError (health() sees the server itself). */
  private async read<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new StoreError(`The store could not ${what}: ${this.describe(error)}`);
    }
  }

  /** An error's text without the password. */
  private describe(error: unknown): string {
    return scrub(errorText(error), this.secret);
  }
}

/** The text of an error; a connection refused on every address is an AggregateError without a message. */
export function errorText(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] } | undefined;
  return e?.message || e?.errors?.map((x) => x.message).filter(Boolean).join('; ') || e?.code || String(error);
}

function secretOf(pool: pg.Pool): string {
  const options = pool.options as { password?: unknown; connectionString?: string };
  if (typeof options.password === 'string' && options.password) return options.password;
  try {
    return options.connectionString ? decodeURIComponent(new URL(options.connectionString).password) : '';
  } catch {
    return '';
  }
}

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join('***').split(encodeURIComponent(secret)).join('***') : text;
}
