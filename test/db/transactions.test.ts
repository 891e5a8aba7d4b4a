// Transactions through the patched postgres.js (patches/postgres+3.4.9.patch): BEGIN travels with the
// first statements and a transaction's last writes with its COMMIT, yet a transaction is still all or
// nothing, its statements stay on its own connection, and a statement that comes too late is refused.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionEndingWith, type Database, type Executor } from '../../db/client';
import { touchKnownIdentity } from '../../db/queries/people';
import { identities, people } from '../../db/schema';
import { createPgliteTestDatabase, createTestDatabase, type TestDatabase } from '../support/db';

let postgresDb: TestDatabase;
let pglite: Database;

const createNotes = sql`create table notes (id int primary key, body text not null check (body <> 'forbidden'))`;

beforeAll(async () => {
  // Two connections for many transactions at once: every one of them waits for a connection.
  postgresDb = await createTestDatabase({ poolSize: 2 });
  pglite = await createPgliteTestDatabase();
  for (const database of [postgresDb, pglite]) await database.db.execute(createNotes);
});

afterAll(async () => {
  await postgresDb?.drop();
  await pglite?.close();
});

function addNote(db: Executor, id: number, body: string) {
  return db.execute(sql`insert into notes (id, body) values (${id}, ${body})`);
}

async function noteIds(database: Database, from: number, to: number): Promise<number[]> {
  const rows = await database.db.execute<{ id: number }>(sql`select id from notes where id between ${from} and ${to} order by id`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: number }[] }).rows;
  return list.map((row) => row.id);
}

describe.each([
  ['PostgreSQL', () => postgresDb as Database],
  ['PGlite', () => pglite],
])('a transaction ending with writes sent with its COMMIT, on %s', (_name, database) => {
  it('saves what it wrote first and the writes it ended with', async () => {
    const result = await transactionEndingWith(database(), async (tx) => {
      await addNote(tx, 101, 'first');
      return { result: 'done', writes: Promise.all([addNote(tx, 102, 'last'), addNote(tx, 103, 'last too')]) };
    });

    expect(result).toBe('done');
    expect(await noteIds(database(), 101, 103)).toEqual([101, 102, 103]);
  });

  it('saves nothing when one of the last writes fails, and throws that write’s error', async () => {
    const ending = transactionEndingWith(database(), async (tx) => {
      await addNote(tx, 201, 'first');
      return { result: 'done', writes: Promise.all([addNote(tx, 202, 'last'), addNote(tx, 203, 'forbidden')]) };
    });

    await expect(ending).rejects.toMatchObject({ cause: expect.objectContaining({ message: expect.stringContaining('notes_body_check') }) });
    expect(await noteIds(database(), 201, 203)).toEqual([]);
  });
});

describe('transactions on PostgreSQL, BEGIN and COMMIT pipelined', () => {
  it('runs the first statement inside the transaction: a failure later rolls it back', async () => {
    const failing = postgresDb.db.transaction(async (tx) => {
      await addNote(tx, 301, 'first');
      throw new Error('the flow failed');
    });

    await expect(failing).rejects.toThrow('the flow failed');
    expect(await noteIds(postgresDb, 301, 301)).toEqual([]);
  });

  it('keeps each of many transactions on its own connection when they queue for two', async () => {
    const seen = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        transactionEndingWith(postgresDb, async (tx) => {
          await tx.execute(sql`select set_config('nastavnik.test', ${String(i)}, true)`);
          const rows = await tx.execute(sql`select current_setting('nastavnik.test') as value`);
          return { result: (rows as unknown as { value: string }[])[0]?.value, writes: Promise.all([addNote(tx, 1000 + i, `note ${i}`)]) };
        }),
      ),
    );

    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => String(i)));
    expect(await noteIds(postgresDb, 1000, 1059)).toHaveLength(60);
  });

  it('refuses a statement sent through a transaction after its COMMIT, and the connection’s next transaction is unharmed', async () => {
    let late: Promise<unknown> | undefined;
    await postgresDb.db.transaction(async (tx) => {
      await addNote(tx, 401, 'inside');
      late = new Promise((resolve) => setTimeout(resolve, 20)).then(() => addNote(tx, 402, 'too late'));
    });

    await expect(late).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'TRANSACTION_ENDED' }) });
    const next = postgresDb.db.transaction(async (tx) => {
      await addNote(tx, 403, 'next');
      throw new Error('rolled back');
    });
    await expect(next).rejects.toThrow('rolled back');
    expect(await noteIds(postgresDb, 401, 403)).toEqual([401]);
  });
});

describe('the person lock', () => {
  it('serialises updates of one person without blocking a write that only refers to them (a job’s outbox row, a second identity)', async () => {
    const [person] = await postgresDb.db.insert(people).values({ locale: 'ru' }).returning();
    if (!person) throw new Error('person expected');
    await postgresDb.db.insert(identities).values({ personId: person.id, platform: 'telegram', externalId: '777001', chatId: '777001' });
    const seen = { platform: 'telegram' as const, externalId: '777001', chatId: '777001' };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const update = postgresDb.db.transaction(async (tx) => {
      await touchKnownIdentity(tx, seen, new Date(), async () => undefined);
      locked();
      await held;
    });
    await isLocked;

    // Another transaction refers to the locked person (a foreign-key check): it must not wait.
    const referring = postgresDb.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '2s'`);
      await tx.insert(identities).values({ personId: person.id, platform: 'vk', externalId: '777001', chatId: '777001' });
    });
    await expect(referring).resolves.toBeUndefined();
    // A second update of the same person waits for the first.
    const second = postgresDb.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '300ms'`);
      await touchKnownIdentity(tx, seen, new Date(), async () => undefined);
    });
    await expect(second).rejects.toMatchObject({ cause: expect.objectContaining({ code: '55P03' }) });
    release();
    await update;
  });
});
