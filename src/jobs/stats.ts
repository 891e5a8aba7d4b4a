// Counters of the scheduler's work in this instance, as plain numbers: src/metrics.ts (or a test)
// reads them; nothing here knows about Prometheus. Every instance counts its own work.
import type { Platform } from '../../db/schema';

export interface JobStats {
  /** Jobs claimed and run to the end (their messages queued, the job marked done). */
  jobsRun: number;
  /** Handler failures that will be retried later. */
  jobsRetried: number;
  /** Jobs given up after their last attempt. */
  jobsFailed: number;
  /** Jobs claimed with no handler for their kind (a deploy mismatch; retried, then failed). */
  jobsWithoutHandler: number;
  /** Outbox messages handed to a messenger, by messenger. */
  sent: Record<Platform, number>;
  /** 429 / flood-control answers seen by the outbox sender, by messenger. */
  rateLimited: Record<Platform, number>;
  /** Sends that failed for another reason and will be retried. */
  sendRetried: number;
  /** Outbox messages given up after their last attempt. */
  sendFailed: number;
  /** Outbox messages for a person who blocked the bot or has no messenger left. */
  unreachable: number;
  /** Milliseconds the sender waited for its rate slots, summed. */
  rateWaitMs: number;
}

export function createJobStats(): JobStats {
  return {
    jobsRun: 0,
    jobsRetried: 0,
    jobsFailed: 0,
    jobsWithoutHandler: 0,
    sent: { telegram: 0, vk: 0, terminal: 0 },
    rateLimited: { telegram: 0, vk: 0, terminal: 0 },
    sendRetried: 0,
    sendFailed: 0,
    unreachable: 0,
    rateWaitMs: 0,
  };
}

/** A copy to read at leisure (the live object keeps counting). */
export function snapshotJobStats(stats: JobStats): JobStats {
  return { ...stats, sent: { ...stats.sent }, rateLimited: { ...stats.rateLimited } };
}
