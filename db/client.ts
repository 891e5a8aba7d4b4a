// Opens the database: PostgreSQL through postgres.js when a URL is given, embedded PGlite otherwise.
// Both are Drizzle PgDatabases, so one schema and one set of queries serve both.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Query } from 'drizzle-orm';
import { PgDatabase, PgDialect, PgSession, type PgQueryResultHKT, type PreparedQueryConfig, type SelectedFieldsOrdered } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/**
 * No relational schema is given to drizzle(): nothing uses db.query, and with one every transaction
 * builds a relational query builder per table (a measurable share of an update's CPU).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle; every query function accepts either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Key of the advisory lock that serialises migrations across instances starting together. */
const MIGRATION_LOCK_KEY = 4_711_2019;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; safe when several instances start at once. */
  migrate(): Promise<void>;
  /** True when the database answers and every migration is applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /**
   * Called with every statement sent to PostgreSQL, its values and the number of the connection
   * sending it (benchmarks count round trips and record transactions with it).
   */
  onQuery?: QueryObserver | undefined;
}

export type QueryObserver = (query: string, parameters: readonly unknown[], connection: number) => void;

export function createDatabase(options: DatabaseOptions): Database {
  return options.url ? createPostgres(options.url, options.poolSize ?? 10, options.onQuery) : createPglite(options.dataDir);
}

/**
 * Where postgres.js connects for a URL. A `host` parameter naming a folder is libpq's way of writing
 * a Unix socket (`postgres://user@localhost/db?host=/var/run/postgresql`, as pg_dump reads it too):
 * postgres.js is given the socket's path, and not the parameter, which it would pass on to the
 * server as a setting. On one machine a socket spares the loopback's TCP work (see Benchmarks).
 */
export function postgresTarget(url: string): { url: string; socket: { path?: string } } {
  const parsed = new URL(url);
  const folder = parsed.searchParams.get('host');
  if (folder === null || !folder.startsWith('/')) return { url, socket: {} };
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), socket: { path: `${folder.replace(/\/+$/, '')}/.s.PGSQL.${parsed.port || '5432'}` } };
}

function createPostgres(url: string, poolSize: number, onQuery: QueryObserver | undefined): Database {
  const target = postgresTarget(url);
  const client = postgres(target.url, {
    ...target.socket,
    max: poolSize,
    onnotice: () => undefined,
    connect_timeout: 10,
    idle_timeout: 60,
    backoff: reconnectBackoff,
    ...(onQuery === undefined ? {} : { debug: (connection: number, query: string, parameters: unknown[]) => onQuery(query, parameters, connection) }),
  });
  const db = drizzlePostgres(preparedStatements(client)) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // A dedicated connection holds the session-level advisory lock for the whole migration.
      const lockClient = postgres(target.url, { ...target.socket, max: 1, onnotice: () => undefined });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(lockClient), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await lockClient.end();
      }
    },
    ready: () => migrationsApplied(db),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Seconds before the pool opens a connection again after one failed. postgres.js's default grows as
 * 3^n/100 s with the failures counted over the whole pool, so a few seconds of outage (retried
 * updates fail fast and often) push the next attempt some 7–20 s out, and the bot stays down long
 * after PostgreSQL is back. Here it doubles from 50 ms up to one second, with jitter.
 */
export function reconnectBackoff(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);
}

/**
 * drizzle's postgres.js driver runs every query as an unnamed statement (drizzle-orm#6096), and
 * postgres.js then sends a parameterised one in two round trips (parse and describe, then bind and
 * execute), parsing it again every time. Named statements, prepared once per connection and cached
 * by postgres.js, take one round trip: this hands drizzle a client whose unsafe() (what drizzle calls)
 * prepares, inside transactions and savepoints too. Statements without parameters (begin, commit) keep
 * the simple protocol. Connections are recycled (idle_timeout, postgres.js's max_lifetime), which
 * bounds the per-connection statement cache.
 *
 * BEGIN travels with a transaction's first statements: postgres.js's begin() is patched
 * (patches/postgres+3.4.9.patch) to run the callback once BEGIN is handed to a connection rather
 * than once it has completed. (Done with reserve()/release() instead, a connection that closed
 * meanwhile went back among the open ones, and after a database restart transactions failed until
 * the pool was replaced; begin() keeps the pool right.)
 */
function preparedStatements(sql: postgres.Sql): postgres.Sql {
  const wrapScope =
    (run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      const fn = args.at(-1);
      if (typeof fn !== 'function') return run(...args);
      return run(...args.slice(0, -1), (scoped: postgres.Sql) => (fn as (s: postgres.Sql) => unknown)(preparedStatements(scoped)));
    };
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (query: string, args?: postgres.ParameterOrJSON<never>[] | postgres.UnsafeQueryOptions, options?: postgres.UnsafeQueryOptions) => {
          const params = Array.isArray(args) ? args : [];
          const given = Array.isArray(args) ? options : args;
          return target.unsafe(query, params, { ...given, prepare: params.length > 0 });
        };
      }
      if (key === 'begin' || key === 'savepoint') {
        const original = Reflect.get(target, key, receiver) as (...args: unknown[]) => unknown;
        return wrapScope((...args) => original.apply(target, args));
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * The embedded database. Its code is imported on first use (migrate() or ready(), which every caller
 * runs before touching db): loaded, PGlite takes some 45 MB of resident memory, which an instance on
 * PostgreSQL should not carry.
 */
function createPglite(dataDir: string | undefined): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let opened: Promise<{ client: PGlite; db: Db }> | undefined;
  let current: { client: PGlite; db: Db } | undefined;
  const open = () =>
    (opened ??= (async () => {
      const [{ PGlite: Embedded }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
      const client = dataDir ? new Embedded(dataDir) : new Embedded();
      current = { client, db: drizzle(client) as unknown as Db };
      return current;
    })());
  const db = new Proxy({} as Db, {
    get(_target, key) {
      if (current === undefined) throw new Error('the embedded database is opened by migrate() or ready(); call one of them first');
      const value: unknown = Reflect.get(current.db, key);
      return typeof value === 'function' ? value.bind(current.db) : value;
    },
  });
  return {
    db,
    kind: 'pglite',
    async migrate() {
      const { client } = await open();
      const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')]);
      await migrate(drizzle(client), { migrationsFolder });
    },
    ready: async () => migrationsApplied((await open()).db),
    close: async () => {
      if (opened !== undefined) await (await opened).client.close();
    },
  };
}

async function migrationsApplied(db: Db): Promise<boolean> {
  try {
    const { readMigrationFiles } = await import('drizzle-orm/migrator');
    const expected = readMigrationFiles({ migrationsFolder });
    const rows = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const list = Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows;
    return (list[0]?.n ?? 0) >= expected.length;
  } catch {
    return false;
  }
}

/**
 * A hot statement whose SQL is built once. Drizzle turns a query builder into SQL text on every call,
 * and for a short statement that costs node more CPU than PostgreSQL spends running it. `build` runs
 * once, on first use, against a stand-in database, and `values` there holds a placeholder
 * (sql.placeholder) under each name; each call then binds the values and runs the recorded text
 * through the given executor's own prepared-query path (the pool or the caller's transaction,
 * postgres.js or PGlite), so the rows are mapped by their columns exactly as the builder maps them.
 * Values given to `.values()` and `.set()` are encoded by their column (a Date, a JSON object); values
 * in a `where` reach the driver as they are, so only numbers and strings belong there.
 * Each call queues its statement at once, so statements started one after another and then awaited
 * together run in that order on the connection, in one round trip.
 */
export function cachedStatement<TResult, TValues extends Record<string, unknown> = Record<string, never>>(
  build: (db: Db, values: TValues) => { prepare(name: string): unknown; execute(): Promise<TResult> },
): (db: Executor, values: TValues) => Promise<TResult> {
  let recorded: RecordedStatement | undefined;
  return (db, values) => {
    recorded ??= recordStatement((stand) => build(stand, placeholders() as TValues));
    const prepared = db._.session.prepareQuery<PreparedQueryConfig & { execute: TResult }>(
      recorded.query,
      recorded.fields,
      undefined,
      recorded.arrayMode,
      recorded.customResultMapper as ((rows: unknown[][]) => TResult) | undefined,
    );
    // Set by the select and update builders (null-ing the columns of an outer-joined table that matched no row).
    Object.assign(prepared, { joinsNotNullableMap: recorded.joinsNotNullableMap });
    return prepared.execute(values);
  };
}

/** An object whose every property is the placeholder of that name. */
function placeholders(): Record<string, unknown> {
  return new Proxy({}, { get: (_target, name) => (typeof name === 'string' ? sql.placeholder(name) : undefined) });
}

interface RecordedStatement {
  query: Query;
  fields: SelectedFieldsOrdered | undefined;
  arrayMode: boolean;
  customResultMapper: ((rows: unknown[][]) => unknown) | undefined;
  joinsNotNullableMap?: Record<string, boolean>;
  setToken(): RecordedStatement;
}

/** What a builder's prepare() hands its session: the SQL with placeholders and how to map the rows. */
function recordStatement(build: (db: Db) => { prepare(name: string): unknown }): RecordedStatement {
  let recorded: RecordedStatement | undefined;
  class RecordingSession extends PgSession {
    prepareQuery(
      query: Query,
      fields: SelectedFieldsOrdered | undefined,
      _name: string | undefined,
      arrayMode: boolean,
      customResultMapper?: (rows: unknown[][]) => unknown,
    ): never {
      recorded = { query, fields, arrayMode, customResultMapper, setToken: () => recorded as RecordedStatement };
      return recorded as never;
    }
    transaction(): never {
      throw new Error('a cached statement is one statement, not a transaction');
    }
  }
  // Both drivers build SQL with a default PgDialect, so the text recorded here is theirs.
  const dialect = new PgDialect();
  build(new PgDatabase(dialect, new RecordingSession(dialect), undefined) as unknown as Db).prepare('cached');
  if (recorded === undefined) throw new Error('a cached statement must be built from a query builder');
  return recorded;
}

/** What a transaction's work gives back: its result, and the writes it ends with (if any), started and not awaited. */
export interface EndingWrites<T> {
  result: T;
  writes?: Promise<unknown> | undefined;
}

/**
 * A transaction whose last writes travel to PostgreSQL with its COMMIT, in one round trip: `work`
 * starts them (each statement handed to the driver at once, as a cachedStatement is; postgres.js,
 * patched, refuses a statement that reaches a transaction after its COMMIT) and returns without
 * awaiting them. A failed write aborts the transaction, PostgreSQL answers the COMMIT with a
 * rollback, and the write's error is thrown here: nothing of the transaction is saved, as if the
 * writes had been awaited inside. PGlite runs a transaction's statements one at a time and refuses
 * any after it ended, so there they are awaited inside. (A write that fails before it reaches the
 * driver, a value that cannot be encoded, is a bug that does not stop the COMMIT: it is thrown here
 * all the same.)
 */
export async function transactionEndingWith<T>(database: Pick<Database, 'db' | 'kind'>, work: (tx: Tx) => Promise<EndingWrites<T>>): Promise<T> {
  let ending: Promise<unknown> | undefined;
  const result = await database.db.transaction(async (tx) => {
    const { result, writes } = await work(tx);
    if (database.kind === 'pglite') {
      await writes;
    } else {
      writes?.catch(() => undefined); // awaited below, once the transaction has ended
      ending = writes;
    }
    return result;
  });
  await ending;
  return result;
}

/** Database errors that pass by themselves: the update must be retried, not answered. */
export function isTransientDatabaseError(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((e) => {
    if (!e || typeof e !== 'object') return false;
    const code = String((e as { code?: unknown }).code ?? '');
    return (
      code.startsWith('08') || // connection exceptions
      ['57P01', '57P02', '57P03', '40001', '40P01', '53300'].includes(code) ||
      ['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
    );
  });
}
