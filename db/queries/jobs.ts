// Queries on the durable schedule (jobs) and the outbox. Claims use FOR UPDATE SKIP LOCKED, so any
// number of instances share both tables and never take the same row at once.
import { and, asc, desc, eq, inArray, isNull, like, lte, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { identities, jobs, memberships, outbox, people, programmes, type Identity, type Job, type OutboxRow } from '../schema';

/**
 * A list of ids as one array parameter (`= any(…)`): the statement's text is the same for any number
 * of ids, so it is prepared once per connection instead of parsed again for every list length.
 */
function anyOf(ids: readonly number[]) {
  return sql`any(${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::bigint[])`;
}

export interface JobInsert {
  kind: string;
  key: string;
  dueAt: Date;
  payload?: Record<string, unknown> | undefined;
}

/** Inserts a pending job; false when a pending job with this key exists already (nothing changes). */
export async function insertJob(db: Executor, job: JobInsert): Promise<boolean> {
  const rows = await db
    .insert(jobs)
    .values({ kind: job.kind, key: job.key, dueAt: job.dueAt, payload: job.payload ?? {} })
    .onConflictDoNothing({ target: jobs.key, where: sql`${jobs.status} = 'pending'` })
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** `key LIKE prefix%` with the prefix's own wildcards taken literally. */
function keyStartsWith(prefix: string) {
  const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
  return like(jobs.key, `${escaped}%`);
}

/** Pending jobs whose key starts with the prefix become cancelled; returns how many. */
export async function cancelPendingJobs(db: Executor, keyPrefix: string, now: Date): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ status: 'cancelled', finishedAt: now })
    .where(and(eq(jobs.status, 'pending'), keyStartsWith(keyPrefix)))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Moves the pending job with this exact key to a new time; false when there is none. */
export async function movePendingJob(db: Executor, key: string, dueAt: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ dueAt, nextAttemptAt: null })
    .where(and(eq(jobs.status, 'pending'), eq(jobs.key, key)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Pending jobs whose key starts with the prefix, soonest first. */
export async function pendingJobsWithPrefix(db: Executor, keyPrefix: string): Promise<Job[]> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), keyStartsWith(keyPrefix)))
    .orderBy(asc(jobs.dueAt), asc(jobs.id));
}

/**
 * Locks up to `limit` due pending jobs for the rest of the transaction, skipping rows another
 * transaction holds. A job that failed before waits for its next attempt time.
 */
export async function claimDueJobs(db: Executor, now: Date, limit: number): Promise<Job[]> {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), lte(jobs.dueAt, now), or(isNull(jobs.nextAttemptAt), lte(jobs.nextAttemptAt, now))))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Locks these jobs if they are still pending and free (a single job retried on its own). */
export async function claimJobsById(db: Executor, ids: number[]): Promise<Job[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'pending'), sql`${jobs.id} = ${anyOf(ids)}`))
    .orderBy(asc(jobs.dueAt), asc(jobs.id))
    .for('update', { skipLocked: true });
}

export async function markJobsDone(db: Executor, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(jobs).set({ status: 'done', finishedAt: now }).where(sql`${jobs.id} = ${anyOf(ids)}`);
}

/** Records a failed run: retried at `retryAt`, or failed for good when `retryAt` is undefined. */
export async function recordJobFailure(db: Executor, id: number, error: string, now: Date, retryAt: Date | undefined): Promise<Job | undefined> {
  const [row] = await db
    .update(jobs)
    .set(
      retryAt === undefined
        ? { attempts: sql`${jobs.attempts} + 1`, lastError: error, status: 'failed', finishedAt: now }
        : { attempts: sql`${jobs.attempts} + 1`, lastError: error, nextAttemptAt: retryAt },
    )
    .where(and(eq(jobs.id, id), eq(jobs.status, 'pending')))
    .returning();
  return row;
}

export interface OutboxInsert {
  dedupeKey: string;
  personId: number;
  message: Record<string, unknown>;
  jobId?: number | undefined;
  notBefore: Date;
}

/** Queues a message; false when one with this dedupe key was queued before (nothing changes). */
export async function insertOutbox(db: Executor, row: OutboxInsert): Promise<boolean> {
  const rows = await db
    .insert(outbox)
    .values({ dedupeKey: row.dedupeKey, personId: row.personId, message: row.message, jobId: row.jobId ?? null, notBefore: row.notBefore })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/**
 * Queues many messages in one statement of fixed text (the rows travel as one JSON parameter);
 * rows whose dedupe key was used before are skipped. Returns the keys of the rows inserted.
 */
export async function insertOutboxRows(db: Executor, rows: readonly OutboxInsert[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const json = JSON.stringify(
    rows.map((r) => ({ dedupe_key: r.dedupeKey, person_id: r.personId, message: r.message, not_before: r.notBefore.toISOString(), job_id: r.jobId ?? null })),
  );
  const inserted = await db.execute<{ dedupe_key: string }>(sql`
    insert into outbox (dedupe_key, person_id, message, not_before, job_id)
    select dedupe_key, person_id, message, not_before, job_id
    from jsonb_to_recordset(${json}::jsonb) as x(dedupe_key text, person_id integer, message jsonb, not_before timestamptz, job_id integer)
    on conflict (dedupe_key) do nothing
    returning dedupe_key`);
  return new Set(Array.from(inserted as Iterable<{ dedupe_key: string }>, (r) => r.dedupe_key));
}

/**
 * Leases up to `limit` due pending outbox rows: their not_before moves to `leaseUntil` (no other
 * sender takes them before that) and their attempts count up, in one statement. A sender that dies
 * holding a lease leaves the rows to be sent again once it runs out.
 */
export async function leaseDueOutbox(db: Executor, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)))
    .orderBy(asc(outbox.notBefore), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  // `= any(array(…))`: the ids first, then each row by its key; `in (…)` is planned as a join that
  // reads the whole table.
  const rows = await db
    .update(outbox)
    .set({ notBefore: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
    .where(sql`${outbox.id} = any(array(${due}))`)
    .returning();
  return rows.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.id - b.id);
}

/** Marks leased rows sent; only rows still pending (a lease never taken over) are touched. */
export async function markOutboxSent(db: Executor, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now })
    .where(and(sql`${outbox.id} = ${anyOf(ids)}`, eq(outbox.status, 'pending')));
}

/**
 * A leased row back to pending at `notBefore`; `countAttempt: false` gives back the attempt the lease
 * took (a rate limit is not the message's fault).
 */
export async function releaseOutbox(db: Executor, ids: number[], notBefore: Date, error: string | null, countAttempt: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ notBefore, lastError: error, ...(countAttempt ? {} : { attempts: sql`greatest(${outbox.attempts} - 1, 0)` }) })
    .where(and(sql`${outbox.id} = ${anyOf(ids)}`, eq(outbox.status, 'pending')));
}

export async function finishOutbox(db: Executor, ids: number[], status: 'failed' | 'unreachable', error: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ status, lastError: error })
    .where(and(sql`${outbox.id} = ${anyOf(ids)}`, eq(outbox.status, 'pending')));
}

/** Each person's reachable identity they wrote from last (one statement for a batch). */
export async function preferredIdentities(db: Executor, personIds: number[]): Promise<Map<number, Identity>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([identities.personId])
    .from(identities)
    .where(and(sql`${identities.personId} = ${anyOf([...new Set(personIds)])}`, isNull(identities.unreachableAt)))
    .orderBy(identities.personId, desc(identities.lastSeenAt), desc(identities.id));
  return new Map(rows.map((r) => [r.personId, r]));
}

/** People's stored languages (one statement for a batch). */
export async function personLocales(db: Executor, personIds: number[]): Promise<Map<number, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, locale: people.locale })
    .from(people)
    .where(sql`${people.id} = ${anyOf([...new Set(personIds)])}`);
  return new Map(rows.map((r) => [r.id, r.locale]));
}

export interface CuratorOfPerson {
  curatorPersonId: number;
  programmeName: string;
}

/** The curators of every programme the person takes part in (not withdrawn), the person excepted. */
export async function curatorsOfPerson(db: Executor, personId: number): Promise<CuratorOfPerson[]> {
  const participant = db
    .select({ programmeId: memberships.programmeId })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), ne(memberships.status, 'withdrawn'), ne(memberships.role, 'curator')));
  const rows = await db
    .selectDistinct({ curatorPersonId: memberships.personId, programmeName: programmes.name })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .where(
      and(
        inArray(memberships.programmeId, participant),
        eq(memberships.role, 'curator'),
        ne(memberships.status, 'withdrawn'),
        ne(memberships.personId, personId),
      ),
    )
    .orderBy(memberships.personId, programmes.name);
  return rows;
}

export async function personName(db: Executor, personId: number): Promise<string | null | undefined> {
  const [row] = await db.select({ fullName: people.fullName }).from(people).where(eq(people.id, personId));
  return row === undefined ? undefined : row.fullName;
}
