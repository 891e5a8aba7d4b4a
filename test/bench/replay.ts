// The bot's own SQL, replayed without the bot: the statements of real questionnaire steps, recorded
// as the inbound benchmark's warm-up sends them, are run again by pgbench (C, no Node) and by
// postgres.js alone. The runs split the gap to pgbench -N into the step's SQL itself, the Node
// driver, and everything else around it (grammY, the engine, Drizzle, the flows).
import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { connect } from './support';

/** A statement as the driver sent it: its text with $n placeholders and their values. */
export interface RecordedStatement {
  sql: string;
  parameters: readonly unknown[];
  /**
   * Statements of one batch were handed to the driver in the same turn of the event loop, which
   * postgres.js writes out together: one round trip.
   */
  batch: number;
}

export interface TransactionRecorder {
  /** postgres.js's debug hook: every statement, in the order each connection sends them. */
  record(connection: number, sql: string, parameters: readonly unknown[]): void;
  /** Transactions seen from BEGIN to COMMIT, each its statements (BEGIN and COMMIT too) in order. */
  readonly transactions: RecordedStatement[][];
  /** Every statement seen, inside a transaction or not, counted by its first word (begin, insert, select…). */
  readonly statements: Map<string, number>;
}

/** A statement's first word, lower-cased: begin, select, insert, commit… */
export function verbOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
}

/**
 * Groups statements into transactions by connection: a connection runs one transaction at a time
 * and its statements arrive in order, so everything from its BEGIN to its COMMIT is one.
 */
export function createTransactionRecorder(): TransactionRecorder {
  const open = new Map<number, RecordedStatement[]>();
  const transactions: RecordedStatement[][] = [];
  const statements = new Map<string, number>();
  // A new batch begins with each turn of the event loop that sends something (postgres.js sends
  // what a turn gave it from a setImmediate, which runs before this one's).
  let batch = 0;
  let turnEnding = false;
  const currentBatch = (): number => {
    if (!turnEnding) {
      turnEnding = true;
      setImmediate(() => {
        batch += 1;
        turnEnding = false;
      });
    }
    return batch;
  };
  return {
    transactions,
    statements,
    record(connection, sql, parameters) {
      const verb = verbOf(sql);
      statements.set(verb, (statements.get(verb) ?? 0) + 1);
      const statement = { sql, parameters: [...parameters], batch: currentBatch() };
      if (verb === 'begin') {
        open.set(connection, [statement]);
        return;
      }
      const current = open.get(connection);
      if (current === undefined) return; // outside a transaction
      current.push(statement);
      if (verb === 'commit' || verb === 'rollback') {
        open.delete(connection);
        if (verb === 'commit') transactions.push(current);
      }
    },
  };
}

/** Round trips a recorded transaction took: its batches. */
export function roundTrips(transaction: readonly RecordedStatement[]): number {
  return new Set(transaction.map((statement) => statement.batch)).size;
}

/** pgbench's variable holding a fresh update id per transaction (see pgbenchScript). */
const UPDATE_ID_VARIABLE = 'update_id';

/**
 * A pgbench script running `transaction` again, its values written in as literals. Replayed, every
 * statement does the work it did the first time (updates and upserts of rows that exist, reads
 * behind the same lock) but one: the record of the update id would only meet its own row, so each
 * replay records a fresh id, as a new update would.
 *
 * Sent one statement at a time and each awaited, as pgbench -N sends its own; `pipelined`, each
 * batch of the recording as one pipeline (pgbench's \startpipeline: one round trip, one Sync).
 */
export function pgbenchScript(transaction: readonly RecordedStatement[], options: { pipelined?: boolean } = {}): string {
  const lines = [`\\set ${UPDATE_ID_VARIABLE} random(1, 1000000000000)`];
  let batch: number | undefined;
  for (const { sql, parameters, batch: next } of transaction) {
    if (options.pipelined === true && next !== batch) {
      if (batch !== undefined) lines.push('\\endpipeline');
      lines.push('\\startpipeline');
      batch = next;
    }
    const fresh = freshUpdateIdParameter(sql);
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n) - 1;
      if (index === fresh) return `('replayed-' || :${UPDATE_ID_VARIABLE})`;
      return literal(parameters[index]);
    });
    lines.push(`${text.replace(/\s*\n\s*/g, ' ')};`);
  }
  if (batch !== undefined) lines.push('\\endpipeline');
  return `${lines.join('\n')}\n`;
}

/**
 * A postgres.js client that encodes values as the app's does: Drizzle, wrapped around it, makes it
 * pass JSON and times through as Drizzle has already encoded them, and the values recorded are those.
 */
export function driverAsTheAppHasIt(url: string, poolSize: number): postgres.Sql {
  const sql = connect(url, { max: poolSize });
  drizzle(sql);
  return sql;
}

/** A recorded transaction made ready to send again: its statements between BEGIN and COMMIT, by round trip. */
export interface DriverReplay {
  batches: { statements: { sql: string; parameters: readonly unknown[]; freshUpdateId: number | undefined }[]; withCommit: boolean }[];
}

/** Prepares `transaction` for replayThroughDriver once, so that the replays measure the driver's work only. */
export function driverReplay(transaction: readonly RecordedStatement[]): DriverReplay {
  const commitBatch = transaction.at(-1)?.batch;
  const batches = new Map<number, DriverReplay['batches'][number]>();
  for (const { sql, parameters, batch } of transaction) {
    if (verbOf(sql) === 'begin' || verbOf(sql) === 'commit') continue; // sql.begin() sends its own
    const entry = batches.get(batch) ?? { statements: [], withCommit: batch === commitBatch };
    entry.statements.push({ sql, parameters, freshUpdateId: freshUpdateIdParameter(sql) });
    batches.set(batch, entry);
  }
  return { batches: [...batches.values()] };
}

/**
 * Sends a prepared transaction again through postgres.js (`sql`, from driverAsTheAppHasIt) in its
 * recorded round trips: each batch at once and awaited, the batch that went with the COMMIT started
 * and left to travel with it, as the engine's last writes do. The driver alone, without grammY,
 * Drizzle or a flow; the update id recorded is fresh each time, as in pgbenchScript.
 */
export async function replayThroughDriver(sql: postgres.Sql, replay: DriverReplay): Promise<void> {
  const send = (tx: postgres.TransactionSql, { sql: text, parameters, freshUpdateId }: DriverReplay['batches'][number]['statements'][number]) => {
    const values = freshUpdateId === undefined ? parameters : parameters.map((value, i) => (i === freshUpdateId ? `replayed-${randomUUID()}` : value));
    return tx.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true });
  };
  let ending: Promise<unknown> | undefined;
  await sql.begin(async (tx) => {
    for (const { statements, withCommit } of replay.batches) {
      const sent = Promise.all(statements.map((statement) => send(tx, statement)));
      if (withCommit) {
        sent.catch(() => undefined); // awaited below, once the COMMIT has answered
        ending = sent;
      } else {
        await sent;
      }
    }
  });
  await ending;
}

/** The index of the update_id value in the engine's insert into processed_updates, if `sql` is it. */
function freshUpdateIdParameter(sql: string): number | undefined {
  return insertedParameter(sql, 'processed_updates', 'update_id');
}

/** The index of the $n placeholder inserted into `column` when `sql` is an insert into `table`. */
export function insertedParameter(sql: string, table: string, column: string): number | undefined {
  const insert = new RegExp(`^insert into "${table}" \\(([^)]*)\\) values \\(([^)]*)\\)`).exec(sql);
  if (insert === null) return undefined;
  const columns = (insert[1] ?? '').split(',').map((c) => c.trim());
  const values = (insert[2] ?? '').split(',').map((v) => v.trim());
  const placeholder = /^\$(\d+)$/.exec(values[columns.indexOf(`"${column}"`)] ?? '');
  return placeholder === null ? undefined : Number(placeholder[1]) - 1;
}

/**
 * The transactions that saved an answer to a questionnaire (the step most of the intake is made
 * of), one per response, at most `limit`: distinct people, so replays of them rarely wait for each
 * other's locks.
 */
export function answerSteps(transactions: readonly (readonly RecordedStatement[])[], limit: number): RecordedStatement[][] {
  const byResponse = new Map<string, RecordedStatement[]>();
  for (const transaction of transactions) {
    for (const { sql, parameters } of transaction) {
      const index = insertedParameter(sql, 'answers', 'response_id');
      if (index === undefined) continue;
      const response = String(parameters[index]);
      if (!byResponse.has(response)) byResponse.set(response, [...transaction]);
      break;
    }
    if (byResponse.size >= limit) break;
  }
  return [...byResponse.values()];
}

/**
 * A value as an SQL literal of unknown type, which PostgreSQL types from where it stands, as it typed
 * the parameter. An escape string whose colons are written \\x3a: pgbench would read ":false" in
 * '{"a":false}' or ":18" in a time as one of its variables.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean | bigint);
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''").replaceAll(':', '\\x3a')}'`;
}
