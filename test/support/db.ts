// Per-test-file databases: a clone of the migrated template on real PostgreSQL, or an in-memory
// PGlite for the embedded path.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { testDatabasePrefix, testDatabaseUrl, urlFor } from './global-setup';

export interface TestDatabase extends Database {
  name: string;
  url: string;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

export function uniqueDatabaseName(): string {
  return `${testDatabasePrefix}${Date.now()}_${randomBytes(4).toString('hex')}`;
}

/**
 * A fresh database with every migration applied (a clone of the run's template), isolated from every
 * other test file; `empty: true` gives one with no schema at all, for migration tests.
 */
export async function createTestDatabase(options: { poolSize?: number; empty?: boolean } = {}): Promise<TestDatabase> {
  const name = uniqueDatabaseName();
  const template = inject('templateDatabase');
  await admin((sql) => sql.unsafe(options.empty ? `create database "${name}"` : `create database "${name}" template "${template}"`));
  const url = urlFor(name);
  const database = createDatabase({ url, poolSize: options.poolSize ?? 5 });
  return {
    ...database,
    name,
    url,
    async drop() {
      await database.close();
      await admin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The embedded database, migrated: in memory, or in `dataDir` when given. */
export async function createPgliteTestDatabase(dataDir?: string): Promise<Database> {
  const database = createDatabase({ dataDir });
  await database.migrate();
  return database;
}
