// A PostgreSQL backend terminated in the middle of a transaction (a failover, an administrator's
// pg_terminate_backend, idle_in_transaction_session_timeout). postgres.js 3.4.9 then wrote to the
// closed socket from a timer and the TypeError took the whole process down (porsager/postgres#1208);
// patches/postgres+3.4.9.patch settles the waiting statements with CONNECTION_CLOSED instead. Here
// the transaction fails as a transient error (the adapters retry the update), and the pool goes on.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, isTransientDatabaseError, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';

let test: TestDatabase;
let database: Database;
let admin: postgres.Sql;

beforeAll(async () => {
  test = await createTestDatabase({ poolSize: 1 });
  database = createDatabase({ url: test.url, poolSize: 2 });
  admin = postgres(test.url, { max: 1, onnotice: () => undefined });
});

afterAll(async () => {
  await database?.close();
  await admin?.end();
  await test?.drop();
});

describe('a backend terminated in the middle of a transaction', () => {
  it('fails that transaction with a transient error, never the process, and the next transactions work', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const outcome = await database.db
        .transaction(async (tx) => {
          const [own] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
          await admin`select pg_terminate_backend(${own?.pid ?? 0}::int)`;
          // The flow goes on: statements sent together, as the engine sends them.
          await Promise.all([tx.execute(sql`select ${round}::int`), tx.execute(sql`select 2`)]);
        })
        .then(
          () => 'committed',
          (error: unknown) => (isTransientDatabaseError(error) ? 'transient' : `other: ${String(error)}`),
        );
      outcomes.push(outcome);
    }
    // Each round's statements may have reached the backend before it went; none failed otherwise.
    expect(outcomes.filter((o) => o !== 'transient' && o !== 'committed')).toEqual([]);
    expect(outcomes).toContain('transient');
    // The pool goes on. A connection whose backend's goodbye has not been read yet can fail one more
    // transaction, transiently, as the adapters retry it; the next one works.
    const afterwards: string[] = [];
    for (let attempt = 0; attempt < 3 && !afterwards.includes('42'); attempt++) {
      afterwards.push(
        await database.db
          .transaction(async (tx) => (await tx.execute(sql`select 42 as x`)) as unknown as { x: number }[])
          .then(
            (rows) => String(rows[0]?.x),
            (error: unknown) => (isTransientDatabaseError(error) ? 'transient' : `other: ${String(error)}`),
          ),
      );
    }
    expect(afterwards.at(-1)).toBe('42');
    expect(afterwards.filter((a) => a === 'transient').length).toBeLessThanOrEqual(1);
  });
});
