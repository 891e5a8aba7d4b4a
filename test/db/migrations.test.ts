// Migrations on real PostgreSQL (empty database, instances starting together) and on embedded PGlite.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDatabase, migrationsFolder, type Database, type Db } from '../../db/client';
import { organisations } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../support/db';

const migrations = readMigrationFiles({ migrationsFolder });

async function appliedMigrations(db: Db): Promise<{ hash: string; n: number }[]> {
  const rows = await db.execute<{ hash: string; n: number }>(
    sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash order by hash`,
  );
  return Array.isArray(rows) ? rows : (rows as unknown as { rows: { hash: string; n: number }[] }).rows;
}

describe('migrations on PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const extra: Database[] = [];
  afterAll(async () => {
    await Promise.all(extra.map((d) => d.close()));
    await Promise.all(databases.map((d) => d.drop()));
  });
  const emptyDatabase = async () => {
    const database = await createTestDatabase({ empty: true, poolSize: 2 });
    databases.push(database);
    return database;
  };

  it('an empty database is not ready, and is ready once the migrations are applied', async () => {
    const database = await emptyDatabase();
    expect(await database.ready()).toBe(false);
    await database.migrate();
    expect(await database.ready()).toBe(true);
    const [org] = await database.db.insert(organisations).values({ name: 'Школа № 1' }).returning();
    expect(org?.timezone).toBe('Europe/Moscow');
  });

  it('applying the migrations again changes nothing', async () => {
    const database = await emptyDatabase();
    await database.migrate();
    await database.migrate();
    expect(await appliedMigrations(database.db)).toHaveLength(migrations.length);
    expect(await database.ready()).toBe(true);
  });

  it('two instances migrating one empty database at the same time both succeed, each migration recorded once', async () => {
    const database = await emptyDatabase();
    const second = createDatabase({ url: database.url, poolSize: 2 });
    extra.push(second);
    await expect(Promise.all([database.migrate(), second.migrate()])).resolves.toBeDefined();
    const applied = await appliedMigrations(database.db);
    expect(applied).toHaveLength(migrations.length);
    expect(applied.every((m) => m.n === 1)).toBe(true);
    expect(applied.map((m) => m.hash).sort()).toEqual(migrations.map((m) => m.hash).sort());
    expect(await second.ready()).toBe(true);
  });

  it('a database that does not answer is not ready', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:5432/nastavnik_no_such_database', poolSize: 1 });
    try {
      expect(await database.ready()).toBe(false);
    } finally {
      await database.close();
    }
  });
});

describe('migrations on embedded PGlite', () => {
  const dirs: string[] = [];
  const open: Database[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('an in-memory database is ready after migrating', async () => {
    const database = createDatabase({});
    open.push(database);
    expect(await database.ready()).toBe(false);
    await database.migrate();
    expect(await database.ready()).toBe(true);
  });

  it('migrates a data folder, and the data survive closing and reopening it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nastavnik-pglite-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'pglite');

    const first = createDatabase({ dataDir });
    await first.migrate();
    const [org] = await first.db.insert(organisations).values({ name: 'Гимназия № 3', timezone: 'Asia/Omsk' }).returning();
    await first.close();

    const reopened = createDatabase({ dataDir });
    open.push(reopened);
    expect(await reopened.ready()).toBe(true);
    await reopened.migrate();
    const rows = await reopened.db.select().from(organisations).where(eq(organisations.id, org?.id ?? -1));
    expect(rows.map((r) => [r.name, r.timezone])).toEqual([['Гимназия № 3', 'Asia/Omsk']]);
    expect(await appliedMigrations(reopened.db)).toHaveLength(migrations.length);
  });
});
