// The bot's own SQL, replayed without the bot: the statements of real questionnaire steps, recorded
// as the inbound benchmark's warm-up sends them, become pgbench scripts. pgbench (C, no Node) then
// runs exactly that database work, so the run shows how much of the gap to pgbench -N is the
// step's SQL itself and how much is everything around it (grammY, the engine, Drizzle, the driver).

/** A statement as the driver sent it: its text with $n placeholders and their values. */
export interface RecordedStatement {
  sql: string;
  parameters: readonly unknown[];
}

export interface TransactionRecorder {
  /** postgres.js's debug hook: every statement, in the order each connection sends them. */
  record(connection: number, sql: string, parameters: readonly unknown[]): void;
  /** Transactions seen from BEGIN to COMMIT, each its statements in order. */
  readonly transactions: RecordedStatement[][];
}

/**
 * Groups statements into transactions by connection: a connection runs one transaction at a time
 * and its statements arrive in order, so everything between its BEGIN and COMMIT is one.
 */
export function createTransactionRecorder(): TransactionRecorder {
  const open = new Map<number, RecordedStatement[]>();
  const transactions: RecordedStatement[][] = [];
  return {
    transactions,
    record(connection, sql, parameters) {
      const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase();
      if (verb === 'begin') {
        open.set(connection, []);
        return;
      }
      const current = open.get(connection);
      if (current === undefined) return; // outside a transaction
      if (verb === 'commit' || verb === 'rollback') {
        open.delete(connection);
        if (verb === 'commit') transactions.push(current);
        return;
      }
      current.push({ sql, parameters: [...parameters] });
    },
  };
}

/** pgbench's variable holding a fresh update id per transaction (see pgbenchScript). */
const UPDATE_ID_VARIABLE = 'update_id';

/**
 * A pgbench script running `transaction` again: BEGIN, its statements with their values written in
 * as literals, COMMIT. Replayed, every statement does the work it did the first time (updates and
 * upserts of rows that exist, reads behind the same lock) but one: the record of the update id would
 * only meet its own row, so each replay records a fresh id, as a new update would.
 */
export function pgbenchScript(transaction: readonly RecordedStatement[]): string {
  const lines = [`\\set ${UPDATE_ID_VARIABLE} random(1, 1000000000000)`, 'BEGIN;'];
  for (const { sql, parameters } of transaction) {
    const fresh = freshUpdateIdParameter(sql);
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n) - 1;
      if (index === fresh) return `('replayed-' || :${UPDATE_ID_VARIABLE})`;
      return literal(parameters[index]);
    });
    lines.push(`${text.replace(/\s*\n\s*/g, ' ')};`);
  }
  lines.push('COMMIT;');
  return `${lines.join('\n')}\n`;
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
