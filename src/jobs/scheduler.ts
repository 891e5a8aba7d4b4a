// The scheduler of one instance: node-schedule only ticks (every second by default); the schedule
// itself is the jobs table. Each tick starts two loops if they are idle — due jobs into the outbox,
// the outbox out to the messengers — and a loop that hit its per-call limit goes on at once, so a
// backlog drains at full speed. Every instance runs one; the database decides who does what.
import schedule from 'node-schedule';
import { isTransientDatabaseError, type Database } from '../../db/client';
import type { FlowDeps } from '../../flows/context';
import { loggableError, type Logger } from '../logger';
import { runDueJobs, type RunDueJobsOptions } from './jobs';
import { sendDueOutbox, type OutboxSender, type SendDueOutboxOptions } from './outbox';
import type { SendLimiter } from './rate-limit';
import { createJobStats, type JobStats } from './stats';
import type { JobHandler } from './types';

export interface SchedulerOptions {
  database: Pick<Database, 'db'>;
  handlers: ReadonlyMap<string, JobHandler>;
  deps: FlowDeps;
  /** The adapters' senders (a list, or a function read on every tick for adapters started later). */
  senders: readonly OutboxSender[] | (() => readonly OutboxSender[]);
  logger: Logger;
  /** Whole seconds between ticks, 1–60 (default 1000 ms). */
  tickMs?: number | undefined;
  clock?: (() => Date) | undefined;
  limiter?: SendLimiter | undefined;
  /** Counted into (default: a fresh object, see `stats`). */
  stats?: JobStats | undefined;
  /** Names this instance in the log. */
  instanceId?: string | undefined;
  jobs?: Pick<RunDueJobsOptions, 'limit' | 'batchSize' | 'maxAttempts' | 'retryDelayMs'> | undefined;
  outbox?: Pick<SendDueOutboxOptions, 'limit' | 'batchSize' | 'leaseMs' | 'maxAttempts' | 'retryDelayMs'> | undefined;
}

export interface Scheduler {
  readonly stats: JobStats;
  /** Starts both loops now unless they are running (tests; the timer calls it every tick). */
  tick(): void;
  /** Resolves once both loops are idle (tests). */
  idle(): Promise<void>;
  /**
   * Stops ticking and claiming: running handlers finish and commit, messages waiting for their rate
   * slot go back to the outbox for another instance; resolves when nothing is in flight.
   */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const tickMs = options.tickMs ?? 1000;
  const seconds = Math.round(tickMs / 1000);
  if (seconds < 1 || seconds > 60 || seconds * 1000 !== tickMs) throw new Error(`scheduler tick must be whole seconds from 1 to 60, got ${tickMs} ms`);
  const clock = options.clock ?? (() => new Date());
  const stats = options.stats ?? createJobStats();
  const log = options.logger.child({ scheduler: options.instanceId ?? 'scheduler' });
  const stopping = new AbortController();
  const senders = (): readonly OutboxSender[] => (typeof options.senders === 'function' ? options.senders() : options.senders);

  // A database that is away is worth one warning when it goes and one line when it is back, not a
  // warning per loop and tick while it is away; anything else is a bug, logged every time.
  let outage: { since: number; failedPasses: number } | undefined;
  const report = (what: string, error: unknown): void => {
    if (!isTransientDatabaseError(error)) {
      log.error({ err: loggableError(error) }, `${what} failed`);
      return;
    }
    if (outage === undefined) {
      outage = { since: Date.now(), failedPasses: 0 };
      log.warn({ err: loggableError(error) }, `${what}: database unavailable; every tick tries again, and it is logged once it is back`);
    }
    outage.failedPasses += 1;
  };
  const succeeded = (): void => {
    if (outage === undefined) return;
    log.info({ seconds: Math.round((Date.now() - outage.since) / 1000), failedPasses: outage.failedPasses }, 'database available again: scheduled work resumed');
    outage = undefined;
  };

  const loop = (name: string, pass: () => Promise<boolean>) => {
    let running: Promise<void> | undefined;
    return {
      start(): void {
        if (running !== undefined || stopping.signal.aborted) return;
        running = (async () => {
          try {
            // Again at once while a pass stopped at its limit (a backlog), until stopped.
            for (;;) {
              const more = await pass();
              succeeded();
              if (!more || stopping.signal.aborted) break;
              // Let the other loop and the adapters' work in between passes.
              await new Promise((resolve) => setImmediate(resolve));
            }
          } catch (error) {
            report(name, error);
          } finally {
            running = undefined;
          }
        })();
      },
      idle: (): Promise<void> => running ?? Promise.resolve(),
    };
  };

  const jobLimit = options.jobs?.limit ?? 1000;
  const outboxLimit = options.outbox?.limit ?? 1000;
  const outbox = loop('outbox', async () => {
    const result = await sendDueOutbox(options.database, senders(), {
      ...options.outbox,
      now: clock(),
      i18n: options.deps.i18n,
      logger: options.logger,
      limiter: options.limiter,
      stats,
      instanceId: options.instanceId,
      signal: stopping.signal,
    });
    return result.sent + result.deferred + result.failed + result.unreachable >= outboxLimit;
  });
  const jobs = loop('jobs', async () => {
    const result = await runDueJobs(options.database, {
      ...options.jobs,
      now: clock(),
      handlers: options.handlers,
      deps: options.deps,
      stats,
      instanceId: options.instanceId,
      shouldStop: () => stopping.signal.aborted,
    });
    // What the jobs queued goes out without waiting for the next tick.
    if (result.ran > 0) outbox.start();
    return result.ran + result.retried + result.failed >= jobLimit;
  });

  const tick = (): void => {
    jobs.start();
    outbox.start();
  };
  const rule = new schedule.RecurrenceRule();
  rule.second = seconds === 60 ? 0 : new schedule.Range(0, 59, seconds);
  const timer = schedule.scheduleJob(rule, tick);
  log.info({ tickMs, senders: senders().map((s) => s.platform) }, 'scheduler started');

  return {
    stats,
    tick,
    async idle() {
      await Promise.all([jobs.idle(), outbox.idle()]);
    },
    async stop() {
      timer?.cancel();
      stopping.abort();
      await Promise.all([jobs.idle(), outbox.idle()]);
      log.info('scheduler stopped');
    },
  };
}
