// The benchmark's replay of recorded SQL: a transaction recorded through the app's own database
// client, run again by pgbench (from a script) or by postgres.js alone, does again what it did: the same
// values reach the same rows (quotes, backslashes, colons that pgbench could take for its variables,
// JSON, times, NULL), and the record of an update id gets a fresh id each time.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { markUpdateProcessed } from '../../db/queries/people';
import { processedUpdates } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { answerSteps, createTransactionRecorder, driverAsTheAppHasIt, driverReplay, pgbenchScript, replayThroughDriver, roundTrips } from './replay';
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
  const write = (updateId: string) =>
    recorded.db.transaction(async (tx) => {
      expect(await markUpdateProcessed(tx, 'telegram', updateId)).toBe(true);
      const upsert = (id: number, body: string | null, data: unknown, time: Date | null) =>
        tx.execute(sql`insert into notes (id, body, data, at) values (${id}, ${body}, ${data === null ? null : JSON.stringify(data)}::jsonb, ${time?.toISOString() ?? null})
          on conflict (id) do update set body = excluded.body, data = excluded.data, at = excluded.at`);
      await Promise.all([upsert(1, tricky, { a: false, 'b:c': 'x:y', quote: "it's" }, at), upsert(2, null, null, null)]);
    });
  // The first time, the driver asks the server to describe each new statement before sending it,
  // one at a time; the second time they are prepared, and pipelined as in the benchmark's steady state.
  await write('first-update');
  await write('original-update');
  const before = await notes();
  const transaction = recorder.transactions[1];
  // BEGIN with the first statement (the patched driver), the two upserts together, then COMMIT.
  expect(transaction?.map((s) => s.sql.split(' ')[0]?.toLowerCase())).toEqual(['begin', 'insert', 'insert', 'insert', 'commit']);
  expect(roundTrips(transaction ?? [])).toBe(3);

  for (const pipelined of [false, true]) {
    // Changed meanwhile, so only the replay can put the values back.
    await target.db.execute(sql`update notes set body = 'changed', data = '{}', at = now()`);
    const replay = await runPgbenchScripts(target, [pgbenchScript(transaction ?? [], { pipelined })], { clients: 1, threads: 1, transactions: 3 });
    expect(replay.transactions).toBe(3);
    expect(await notes()).toEqual(before);
  }
  // And through postgres.js alone, the COMMIT travelling with the last round trip's writes.
  await target.db.execute(sql`update notes set body = 'changed', data = '{}', at = now()`);
  const client = driverAsTheAppHasIt(target.url, 1);
  try {
    await replayThroughDriver(client, driverReplay(transaction ?? []));
  } finally {
    await client.end();
  }
  expect(await notes()).toEqual(before);
  const ids = (await target.db.select({ updateId: processedUpdates.updateId }).from(processedUpdates)).map((row) => row.updateId);
  expect(ids).toHaveLength(9);
  expect(ids).toContain('original-update');
  expect(new Set(ids.filter((id) => id.startsWith('replayed-'))).size).toBe(7);
});

it('writes each round trip of the recording as one pipeline', () => {
  const statement = (text: string, batch: number) => ({ sql: text, parameters: [], batch });
  const script = pgbenchScript([statement('begin', 0), statement('select 1', 0), statement('select 2', 1), statement('commit', 1)], { pipelined: true });
  expect(script.split('\n').slice(1, -1)).toEqual(['\\startpipeline', 'begin;', 'select 1;', '\\endpipeline', '\\startpipeline', 'select 2;', 'commit;', '\\endpipeline']);
});

it('picks the transactions that saved an answer, one per response', () => {
  const answer = (response: number) => ({
    sql: 'insert into "answers" ("response_id", "question_id", "value") values ($1, $2, $3)',
    parameters: [response, 'q', '"a"'],
    batch: 0,
  });
  const other = { sql: 'select 1', parameters: [], batch: 0 };
  const picked = answerSteps([[other], [other, answer(1)], [answer(1)], [answer(2), other], [answer(3)]], 2);
  expect(picked).toEqual([[other, answer(1)], [answer(2), other]]);
});
