// The durable schedule and the outbox. A job is due work (a reminder, a check-in, a nudge); running
// it writes the messages it sends into the outbox in the same transaction, one row per (job,
// recipient), and the sender delivers outbox rows under each messenger's limits. Both are claimed
// with FOR UPDATE SKIP LOCKED, so any number of instances share them and none sends a row twice.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, bigserial } from 'drizzle-orm/pg-core';
import { people } from './people';

export const jobStatuses = ['pending', 'done', 'failed', 'cancelled'] as const;

export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** What the job is about, e.g. 'meeting:42:remind:24h'; unique among pending jobs, so scheduling twice is harmless. */
    key: text('key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: jobStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** After a failed run: not run again before this (the backoff); null for a job never failed. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // (due_at, id): claims take the first due jobs in this order straight from the index, without
    // sorting every job due at the same moment (a fan-out seeds thousands with one due time).
    index('jobs_due_idx').on(t.dueAt, t.id).where(sql`${t.status} = 'pending'`),
    uniqueIndex('jobs_pending_key_uq').on(t.key).where(sql`${t.status} = 'pending'`),
  ],
);

export const outboxStatuses = ['pending', 'sent', 'failed', 'unreachable'] as const;

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The job that wrote it (null for messages queued by a curator's broadcast and the like). */
    jobId: integer('job_id'),
    /** Unique per message: '<job id>:<person id>' for job messages, so a job never queues one twice. */
    dedupeKey: text('dedupe_key').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The OutboundMessage (flows/events.ts), already written in the recipient's language. */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_uq').on(t.dedupeKey),
    index('outbox_pending_idx').on(t.notBefore, t.id).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * The outbound rate shared by every instance, one row per messenger (and bot): the time the next
 * message may go. A sender reserves slots by moving it forward (a generic cell rate algorithm), so N
 * instances together stay under the messenger's limit instead of N times it.
 */
export const sendRates = pgTable('send_rates', {
  name: text('name').primaryKey(),
  nextAt: timestamp('next_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Job = typeof jobs.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
