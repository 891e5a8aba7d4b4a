// The durable schedule: jobs are scheduled, moved or cancelled inside the caller's transaction, and
// run by runDueJobs, which claims due jobs with FOR UPDATE SKIP LOCKED and runs each handler inside
// the claiming transaction. What a handler queues (outbox rows, one per job and recipient) and
// schedules commits together with the job being marked done, or not at all: a crash mid-run leaves
// the job pending for any instance to run again, and the unique outbox key keeps it from being
// queued twice.
import { isTransientDatabaseError, type Database, type Db, type Executor, type Tx } from '../../db/client';
import {
  cancelPendingJobs,
  claimDueJobs,
  claimJobsById,
  insertJob,
  insertOutbox,
  insertOutboxRows,
  markJobsDone,
  movePendingJob,
  pendingJobsWithPrefix,
  personLocales,
  recordJobFailure,
  type OutboxInsert,
} from '../../db/queries/jobs';
import type { Job } from '../../db/schema';
import type { FlowDeps } from '../../flows/context';
import type { OutboundMessage } from '../../flows/events';
import { defaultLocale, isLocale, type I18n } from '../i18n';
import { loggableError } from '../logger';
import { encodeMessage } from './messages';
import type { JobStats } from './stats';
import type { ClaimedJob, JobContext, JobHandler, NewJob, Translate } from './types';

/** Schedules a job in the caller's transaction; false when a pending job with its key exists (nothing changes). */
export function scheduleJob(tx: Executor, job: NewJob): Promise<boolean> {
  return insertJob(tx, job);
}

/** Cancels every pending job whose key starts with `keyPrefix` (e.g. 'meeting:42:'); returns how many. */
export function cancelJobs(tx: Executor, keyPrefix: string, now: Date = new Date()): Promise<number> {
  return cancelPendingJobs(tx, keyPrefix, now);
}

/** Moves the pending job with exactly this key to `dueAt`; false when there is none. */
export function rescheduleJob(tx: Executor, key: string, dueAt: Date): Promise<boolean> {
  return movePendingJob(tx, key, dueAt);
}

/** Pending jobs whose key starts with `keyPrefix`, soonest first (what a meeting has on the schedule). */
export function pendingJobs(tx: Executor, keyPrefix: string): Promise<Job[]> {
  return pendingJobsWithPrefix(tx, keyPrefix);
}

export interface QueuedMessage {
  personId: number;
  /** Unique per message: a second message with the same key is not queued (e.g. 'broadcast:7:42'). */
  dedupeKey: string;
  /** Already in the recipient's language; see queueMessageFor to write it in it. */
  message: OutboundMessage;
  /** Not sent before this time (default: at once). */
  notBefore?: Date | undefined;
}

/** Queues a message in the caller's transaction; false when its dedupe key was used before. */
export function queueMessage(tx: Executor, input: QueuedMessage): Promise<boolean> {
  return insertOutbox(tx, {
    dedupeKey: input.dedupeKey,
    personId: input.personId,
    message: encodeMessage(input.message),
    notBefore: input.notBefore ?? new Date(),
  });
}

/** Rows per multi-row outbox insert (one JSON parameter each). */
const OUTBOX_INSERT_CHUNK = 1000;

export interface LocalisedMessage {
  personId: number;
  dedupeKey: string;
  build: (t: Translate) => OutboundMessage;
  notBefore?: Date | undefined;
}

/**
 * Queues a message written in the recipient's language; false when the person no longer exists or
 * the dedupe key was used before.
 */
export async function queueMessageFor(tx: Executor, i18n: I18n, input: LocalisedMessage): Promise<boolean> {
  return (await queueMessagesFor(tx, i18n, [input])).size > 0;
}

/**
 * Queues many messages, each in its recipient's language, in a few statements whatever their number
 * (the languages in one query, the rows 1,000 to an insert). People who no longer exist are skipped;
 * returns the dedupe keys actually queued (a key used before is not queued again).
 */
export async function queueMessagesFor(tx: Executor, i18n: I18n, inputs: readonly LocalisedMessage[]): Promise<Set<string>> {
  const queued = new Set<string>();
  if (inputs.length === 0) return queued;
  const locales = await personLocales(tx, [...new Set(inputs.map((m) => m.personId))]);
  const rows: OutboxInsert[] = [];
  for (const input of inputs) {
    const locale = locales.get(input.personId);
    if (locale === undefined) continue;
    const lang = isLocale(locale) ? locale : defaultLocale;
    const message = input.build((key, args) => i18n.t(lang, key, args));
    rows.push({ dedupeKey: input.dedupeKey, personId: input.personId, message: encodeMessage(message), notBefore: input.notBefore ?? new Date() });
  }
  for (let i = 0; i < rows.length; i += OUTBOX_INSERT_CHUNK) {
    for (const key of await insertOutboxRows(tx, rows.slice(i, i + OUTBOX_INSERT_CHUNK))) queued.add(key);
  }
  return queued;
}

/** The outbox key of a job's message to a person: at most one per (job, person, tag). */
export function jobMessageKey(jobId: number, personId: number, tag?: string): string {
  return tag === undefined || tag === '' ? `${jobId}:${personId}` : `${jobId}:${personId}:${tag}`;
}

export interface RunDueJobsOptions {
  now: Date;
  handlers: ReadonlyMap<string, JobHandler>;
  deps: FlowDeps;
  /** At most this many jobs per call (default 1000); the next tick takes the rest. */
  limit?: number | undefined;
  /** Jobs claimed and run in one transaction (default 50); a failing handler's batch is rerun job by job. */
  batchSize?: number | undefined;
  /** A job whose handler failed this many times is marked failed (default 5). */
  maxAttempts?: number | undefined;
  /** Pause before the next attempt after `attempts` failures (default 30 s doubling, at most 1 h). */
  retryDelayMs?: ((attempts: number) => number) | undefined;
  /** Names this instance in the log. */
  instanceId?: string | undefined;
  stats?: JobStats | undefined;
  /** Asked between batches: true stops claiming (graceful shutdown). */
  shouldStop?: (() => boolean) | undefined;
}

export interface RunDueJobsResult {
  /** Jobs run and marked done. */
  ran: number;
  /** Handler failures to be retried later. */
  retried: number;
  /** Jobs given up after their last attempt. */
  failed: number;
}

export const defaultRetryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);

/** A handler (or the writing of its messages) threw: the job it was about. */
class JobRunError extends Error {
  constructor(
    readonly job: Job,
    override readonly cause: unknown,
  ) {
    super(`job ${job.id} (${job.kind}) failed`);
    this.name = 'JobRunError';
  }
}

function dbOf(database: Pick<Database, 'db'> | Db): Db {
  return 'transaction' in database ? database : database.db;
}

/**
 * Runs the jobs due at `now`, batch by batch, each batch in one transaction: claimed with FOR UPDATE
 * SKIP LOCKED (another instance takes other jobs), handlers run in order, their messages written to
 * the outbox, the jobs marked done, committed. A handler that throws rolls its batch back; the batch
 * is then run job by job, so only the failing job counts an attempt (retried after a pause, failed
 * and logged after the last one) and the others complete.
 */
export async function runDueJobs(database: Pick<Database, 'db'> | Db, options: RunDueJobsOptions): Promise<RunDueJobsResult> {
  const db = dbOf(database);
  const limit = options.limit ?? 1000;
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const result: RunDueJobsResult = { ran: 0, retried: 0, failed: 0 };
  const run = createRunner(db, options, result);
  while (result.ran + result.retried + result.failed < limit && options.shouldStop?.() !== true) {
    const size = Math.min(batchSize, limit - (result.ran + result.retried + result.failed));
    let claimed: Job[] = [];
    try {
      const count = await db.transaction(async (tx) => {
        claimed = await claimDueJobs(tx, options.now, size);
        await run.batch(tx, claimed);
        return claimed.length;
      });
      if (count === 0) break;
      result.ran += count;
      if (options.stats) options.stats.jobsRun += count;
    } catch (error) {
      if (!(error instanceof JobRunError)) throw error;
      // The database is failing, not the job: no attempt is counted; the next tick tries again.
      if (isTransientDatabaseError(error.cause)) throw error.cause;
      if (claimed.length === 1) await run.recordFailure(error);
      else for (const job of claimed) await run.single(job.id);
    }
  }
  return result;
}

function createRunner(db: Db, options: RunDueJobsOptions, result: RunDueJobsResult) {
  const { deps, handlers, now, stats } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const log = deps.logger.child({ scheduler: options.instanceId ?? 'jobs' });

  async function batch(tx: Tx, claimed: Job[]): Promise<void> {
    if (claimed.length === 0) return;
    const writer = createOutboxWriter(tx, deps.i18n, now);
    for (const job of claimed) {
      const handler = handlers.get(job.kind);
      try {
        if (handler === undefined) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(jobContext(tx, job, deps, now, writer));
      } catch (error) {
        throw new JobRunError(job, error);
      }
    }
    // The batch's messages in one go; a message that cannot be written fails its own job.
    await writer.flush((jobId, error) => new JobRunError(claimed.find((j) => j.id === jobId) ?? (claimed.at(-1) as Job), error));
    await markJobsDone(
      tx,
      claimed.map((j) => j.id),
      now,
    );
  }

  async function single(id: number): Promise<void> {
    try {
      const count = await db.transaction(async (tx) => {
        const claimed = await claimJobsById(tx, [id]);
        await batch(tx, claimed);
        return claimed.length;
      });
      result.ran += count;
      if (stats) stats.jobsRun += count;
    } catch (error) {
      if (!(error instanceof JobRunError)) throw error;
      if (isTransientDatabaseError(error.cause)) throw error.cause;
      await recordFailure(error);
    }
  }

  async function recordFailure(error: JobRunError): Promise<void> {
    const { job } = error;
    const attempts = job.attempts + 1;
    const giveUp = attempts >= maxAttempts;
    const missingHandler = !handlers.has(job.kind);
    const described = describe(error.cause);
    const updated = await recordJobFailure(db, job.id, described, now, giveUp ? undefined : new Date(now.getTime() + retryDelayMs(attempts)));
    if (updated === undefined) return; // cancelled or taken meanwhile
    if (missingHandler && stats) stats.jobsWithoutHandler += 1;
    const entry = { jobId: job.id, kind: job.kind, key: job.key, attempts, err: loggableError(error.cause) };
    if (giveUp) {
      result.failed += 1;
      if (stats) stats.jobsFailed += 1;
      log.error(entry, 'scheduled job failed for good after its last attempt');
    } else {
      result.retried += 1;
      if (stats) stats.jobsRetried += 1;
      log.warn({ ...entry, nextAttemptAt: updated.nextAttemptAt }, 'scheduled job failed; it will be retried');
    }
  }

  return { batch, single, recordFailure };
}

function describe(error: unknown): string {
  // Only the message: database errors' details may carry query parameters (people's answers).
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 500);
}

function toClaimed(job: Job): ClaimedJob {
  return { id: job.id, kind: job.kind, key: job.key, payload: job.payload, dueAt: job.dueAt, attempts: job.attempts };
}

function jobContext(tx: Tx, job: Job, deps: FlowDeps, now: Date, writer: OutboxWriter): JobContext {
  return {
    tx,
    now,
    job: toClaimed(job),
    deps,
    notify: (personId, build, tag) => writer.add(job.id, personId, build, tag),
    async schedule(next) {
      await insertJob(tx, next);
    },
  };
}

interface OutboxWriter {
  add(jobId: number, personId: number, build: (t: Translate) => OutboundMessage, tag?: string): Promise<void>;
  /**
   * Builds the messages added so far in their recipients' languages (one query for all) and writes
   * them (one statement); called before the jobs are marked done, in their transaction.
   */
  flush(failure: (jobId: number, error: unknown) => Error): Promise<void>;
}

interface PendingMessage {
  jobId: number;
  personId: number;
  dedupeKey: string;
  build: (t: Translate) => OutboundMessage;
}

/**
 * The messages of one transaction's jobs. A message is built when the batch is written, still inside
 * the job's transaction: `build` should read only what does not change after notify() (it always
 * does in practice: a closure over the handler's constants).
 */
function createOutboxWriter(tx: Tx, i18n: I18n, now: Date): OutboxWriter {
  const pending = new Map<string, PendingMessage>();
  return {
    async add(jobId, personId, build, tag) {
      const dedupeKey = jobMessageKey(jobId, personId, tag);
      if (!pending.has(dedupeKey)) pending.set(dedupeKey, { jobId, personId, dedupeKey, build });
    },
    async flush(failure) {
      if (pending.size === 0) return;
      const messages = [...pending.values()];
      pending.clear();
      const locales = await personLocales(
        tx,
        messages.map((m) => m.personId),
      );
      const values: OutboxInsert[] = [];
      for (const m of messages) {
        const locale = locales.get(m.personId);
        if (locale === undefined) continue; // the person is gone (removed their data): nobody to tell
        const lang = isLocale(locale) ? locale : defaultLocale;
        try {
          const message = m.build((key, args) => i18n.t(lang, key, args));
          values.push({ dedupeKey: m.dedupeKey, jobId: m.jobId, personId: m.personId, message: encodeMessage(message), notBefore: now });
        } catch (error) {
          throw failure(m.jobId, error);
        }
      }
      for (let i = 0; i < values.length; i += OUTBOX_INSERT_CHUNK) {
        const chunk = values.slice(i, i + OUTBOX_INSERT_CHUNK);
        try {
          await insertOutboxRows(tx, chunk);
        } catch (error) {
          // Run job by job after this, the failing job is found and only it counts an attempt.
          throw failure(chunk[0]?.jobId ?? 0, error);
        }
      }
    },
  };
}
