import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';

const run = promisify(execFile);

/**
 * A PostgreSQL server for the test file that calls it (started in beforeAll, removed in afterAll). When none
 * can be had, every test of the file fails with the reason and how to install one (a failed beforeAll alone
 * would only count them as skipped). `ready()` says whether there is a server, for the file's own setup hooks.
 *
 * @example
 * const postgres = usePostgres();
 * it('works', async () => { const store = await PostgresStore.open(postgres.server().url); … });
 */
export function usePostgres(): { server: () => TestPostgres; ready: () => boolean } {
  let server: TestPostgres | undefined;
  let unavailable: Error | undefined;
  beforeAll(async () => {
    try {
      server = await startPostgres();
    } catch (error) {
      unavailable = error as Error;
    }
  });
  beforeEach(() => {
    if (unavailable) throw unavailable;
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    server: () => {
      if (!server) throw unavailable ?? new Error('usePostgres: the server is started in beforeAll; use it inside hooks and tests');
      return server;
    },
    ready: () => server !== undefined,
  };
}

/** A PostgreSQL server for one test file: its database, more databases on demand, and an outage to order. */
export interface TestPostgres {
  /** The URL of this test file's database. */
  url: string;
  /** Creates another empty database on the server; returns its URL. */
  createDatabase(): Promise<string>;
  /** Makes the server unreachable: connections are cut, new ones refused. */
  stop(): Promise<void>;
  /** Brings the server back on the same address. */
  start(): Promise<void>;
  /** Drops what the file created and stops the server it started (call it in afterAll). */
  close(): Promise<void>;
}

const INSTALL_HINT =
  'The PostgreSQL tests need a PostgreSQL server: install postgresql (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql) so that initdb and pg_ctl are on PATH or in /usr/lib/postgresql/<version>/bin, or set TEST_DATABASE_URL=postgres://user:password@host:5432/postgres to a server the tests may create and drop databases on.';

/**
 * Starts a real PostgreSQL for a test file: a throwaway cluster (initdb into a temp folder, run as the
 * `postgres` or `nobody` user when we are root) on a free port of 127.0.0.1, with one database for the file.
 * With TEST_DATABASE_URL set, that server is used instead (databases created and dropped on it; the outage is
 * a TCP proxy in front of it that cuts its connections). Throws, never skips, when no server can be had.
 *
 * @example
 * let db: TestPostgres;
 * beforeAll(async () => { db = await startPostgres(); });
 * afterAll(() => db.close());
 */
export async function startPostgres(): Promise<TestPostgres> {
  try {
    return process.env.TEST_DATABASE_URL ? await externalServer(process.env.TEST_DATABASE_URL) : await localServer();
  } catch (error) {
    throw new Error(`${INSTALL_HINT}\nCause: ${(error as Error).message}`);
  }
}

/** A throwaway cluster this process starts and removes. */
async function localServer(): Promise<TestPostgres> {
  const bin = findBinaries();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = async (file: string, args: string[]) => {
    const [cmd, argv] = owner ? ['runuser', ['-u', owner.name, '--', file, ...args]] : [file, args];
    try {
      return await run(cmd, argv, { cwd: dir, timeout: 120_000 });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`${file} ${args[0] ?? ''} failed: ${(e.stderr || e.message).trim()}${existsSync(join(dir, 'server.log')) ? `\n${readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000)}` : ''}`);
    }
  };
  let started = false;
  const remove = () => {
    if (started) {
      try {
        execFileSync(owner ? 'runuser' : bin.pgCtl, owner ? ['-u', owner.name, '--', bin.pgCtl, '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
      } catch {
        // Already stopped.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that ends without afterAll (a crash, an interrupt) still leaves no server behind.
  process.once('exit', remove);
  try {
    await as(bin.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=16MB', '-c max_connections=60'].join(' ');
    const start = async () => {
      await as(bin.pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      started = true;
    };
    await start();
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const databases = createDatabases(admin);
    return {
      url: await databases.create(),
      createDatabase: databases.create,
      stop: async () => {
        await as(bin.pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
        started = false;
      },
      start,
      close: async () => {
        process.removeListener('exit', remove);
        remove();
      },
    };
  } catch (error) {
    process.removeListener('exit', remove);
    remove();
    throw error;
  }
}

/** A server someone else runs (TEST_DATABASE_URL), reached through a proxy the outage test can cut. */
async function externalServer(url: string): Promise<TestPostgres> {
  const target = new URL(url);
  const proxy = cuttableProxy(target.hostname, Number(target.port || 5432));
  const port = await proxy.listen();
  const admin = Object.assign(new URL(url), { host: `127.0.0.1:${port}` }).toString();
  const databases = createDatabases(admin);
  return {
    url: await databases.create(),
    createDatabase: databases.create,
    stop: proxy.cut,
    start: async () => {
      await proxy.listen(port);
    },
    close: async () => {
      if (!proxy.listening()) await proxy.listen(port);
      await databases.dropAll();
      await proxy.cut();
    },
  };
}

function createDatabases(admin: string): { create: () => Promise<string>; dropAll: () => Promise<void> } {
  const created: string[] = [];
  const withAdmin = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    create: async () => {
      const name = `assistant_test_${randomBytes(6).toString('hex')}`;
      await withAdmin(`CREATE DATABASE ${name}`);
      created.push(name);
      const u = new URL(admin);
      u.pathname = `/${name}`;
      return u.toString();
    },
    dropAll: async () => {
      for (const name of created.splice(0)) await withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function findBinaries(): { initdb: string; pgCtl: string } {
  const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).map((d) => join(d, name)).find((p) => existsSync(p));
  const fromPath = onPath('pg_ctl') && onPath('initdb');
  const dirs = fromPath ? [dirname(realpathSync(onPath('pg_ctl')!))] : [];
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  const dir = dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')) && existsSync(join(d, 'postgres')));
  if (!dir) throw new Error('no initdb, pg_ctl and postgres found on PATH or in /usr/lib/postgresql/*/bin');
  return { initdb: join(dir, 'initdb'), pgCtl: join(dir, 'pg_ctl') };
}

/** PostgreSQL refuses to run as root: then the cluster belongs to `postgres` (or `nobody`). */
function clusterOwner(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run the server as');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP proxy to host:port on 127.0.0.1 whose connections can be cut (and new ones refused) at will. */
function cuttableProxy(host: string, port: number) {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    listening: () => server !== null,
    listen: async (at = 0): Promise<number> => {
      const s = createServer((client) => {
        const upstream = connect(port, host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve, reject) => s.once('error', reject).listen(at, '127.0.0.1', resolve));
      server = s;
      return (s.address() as { port: number }).port;
    },
    cut: async () => {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
