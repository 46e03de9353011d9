import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { StoreError } from '../core/errors.js';
import { errorText, PostgresStore, redactUrl } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import { MemoryStore, type Store } from './store.js';

/** How often, and how patiently, a PostgreSQL that does not answer at start is tried again. */
export interface ConnectRetry {
  /** Attempts in all. Default 5. */
  attempts: number;
  /** Wait before the second attempt, doubled each time (capped at 5 s). Default 500 ms. */
  firstDelayMs: number;
}

/** PostgreSQL error codes that mean "try again shortly": starting up, too many connections. */
const TRANSIENT_CODES = new Set(['57P03', '53300']);

/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is set (with its migrations applied;
 * a server that cannot be reached is tried a few times with backoff, then reported in one line), else the
 * SQLite file DATA_DIR/assistant.sqlite. `memory` keeps state in memory whatever is configured (evaluation
 * runs must not fill the log).
 *
 * @example
 * const store = await openStore(loadConfig(process.env), { log: (m) => process.stderr.write(`${m}\n`) });
 */
export async function openStore(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: { log?: (message: string) => void; memory?: boolean; retry?: ConnectRetry } = {},
): Promise<Store> {
  if (options.memory) return new MemoryStore();
  if (!config.databaseUrl) return new SqliteStore(join(config.dataDir, 'assistant.sqlite'), { log: options.log });
  const url = config.databaseUrl;
  const { attempts, firstDelayMs } = options.retry ?? { attempts: 5, firstDelayMs: 500 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await PostgresStore.open(url, { log: options.log });
    } catch (error) {
      const password = passwordOf(url);
      const text = errorText(error).replace(/\.$/u, '');
      const reason = password ? text.split(password).join('***') : text;
      // A server that said no (wrong password, no such database, a failed migration) is not asked again.
      const refused = error instanceof pg.DatabaseError && !TRANSIENT_CODES.has(error.code ?? '');
      if (refused) throw new StoreError(`PostgreSQL at ${redactUrl(url)} refused to open the store: ${reason}. Check DATABASE_URL (user, password, database name).`);
      if (attempt >= attempts) {
        throw new StoreError(`Cannot reach PostgreSQL at ${redactUrl(url)} after ${attempts} attempts: ${reason}. Check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to keep the store in DATA_DIR/assistant.sqlite.`);
      }
      const delay = Math.min(5_000, firstDelayMs * 2 ** (attempt - 1));
      options.log?.(`store: PostgreSQL at ${redactUrl(url)} not reachable (${reason}); trying again in ${delay} ms (attempt ${attempt} of ${attempts})`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
