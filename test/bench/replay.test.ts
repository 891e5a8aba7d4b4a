// The benchmark's replay of recorded SQL: a transaction recorded through the app's own database
// client, written out as a pgbench script and run by pgbench, does again what it did: the same
// values reach the same rows (quotes, backslashes, colons that pgbench could take for its variables,
// JSON, times, NULL), and the record of an update id gets a fresh id each time.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { markUpdateProcessed } from '../../db/queries/people';
import { processedUpdates } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { answerSteps, createTransactionRecorder, pgbenchScript } from './replay';
import { runPgbenchScripts } from './support';

let target: TestDatabase;
let recorded: Database;
const recorder = createTransactionRecorder();

beforeAll(async () => {
  target = await createTestDatabase();
  recorded = createDatabase({ url: target.url, poolSize: 2, onQuery: (query, parameters, connection) => recorder.record(connection, query, parameters) });
  await target.db.execute(sql`create table notes (id int primary key, body text, data jsonb, at timestamptz)`);
});

afterAll(async () => {
  await recorded?.close();
  await target?.drop();
});

const tricky = `O'Brien \\ says: ":false" at 10:18 — ${'ы'.repeat(3)}`;
const at = new Date('2026-11-23T10:18:00.123Z');

async function notes() {
  return target.db.execute<{ id: number; body: string | null; data: unknown; at: Date | null }>(sql`select id, body, data, at from notes order by id`);
}

it('replays a recorded transaction: the same values reach the same rows, with a fresh update id each time', async () => {
  await recorded.db.transaction(async (tx) => {
    expect(await markUpdateProcessed(tx, 'telegram', 'original-update')).toBe(true);
    const upsert = (id: number, body: string | null, data: unknown, time: Date | null) =>
      tx.execute(sql`insert into notes (id, body, data, at) values (${id}, ${body}, ${data === null ? null : JSON.stringify(data)}::jsonb, ${time?.toISOString() ?? null})
        on conflict (id) do update set body = excluded.body, data = excluded.data, at = excluded.at`);
    await upsert(1, tricky, { a: false, 'b:c': 'x:y', quote: "it's" }, at);
    await upsert(2, null, null, null);
  });
  const before = await notes();
  expect(recorder.transactions).toHaveLength(1);
  const script = pgbenchScript(recorder.transactions[0] ?? []);

  // Changed meanwhile, so only the replay can put the values back.
  await target.db.execute(sql`update notes set body = 'changed', data = '{}', at = now()`);
  const replay = await runPgbenchScripts(target, [script], { clients: 1, threads: 1, transactions: 3 });

  expect(replay.transactions).toBe(3);
  expect(await notes()).toEqual(before);
  const ids = (await target.db.select({ updateId: processedUpdates.updateId }).from(processedUpdates)).map((row) => row.updateId);
  expect(ids).toHaveLength(4);
  expect(ids).toContain('original-update');
  expect(new Set(ids.filter((id) => id.startsWith('replayed-'))).size).toBe(3);
});

it('picks the transactions that saved an answer, one per response', () => {
  const answer = (response: number) => ({
    sql: 'insert into "answers" ("response_id", "question_id", "value") values ($1, $2, $3)',
    parameters: [response, 'q', '"a"'],
  });
  const other = { sql: 'select 1', parameters: [] };
  const picked = answerSteps([[other], [other, answer(1)], [answer(1)], [answer(2), other], [answer(3)]], 2);
  expect(picked).toEqual([[other, answer(1)], [answer(2), other]]);
});
