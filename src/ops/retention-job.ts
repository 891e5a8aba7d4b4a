// Retention as a daily scheduled job: the handler cleans every due programme inside the claimed job's
// transaction and schedules the next day's run. One job per day (its key names the day), so any
// number of instances scheduling it at start, or the handler scheduling it again, make one run a day.
import type { Executor } from '../../db/client';
import { scheduleJob } from '../jobs/jobs';
import type { JobHandler, NewJob } from '../jobs/types';
import { applyRetention } from './retention';

export const RETENTION_JOB_KIND = 'ops.retention';

/** The hour (UTC) the daily run is due: 00:00 UTC is 03:00 in Moscow, a quiet hour; the work is small anyway. */
const RUN_HOUR_UTC = 0;

/** The first run after `now`: the next 00:00 UTC (03:00 in Moscow). */
export function nextRetentionRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), RUN_HOUR_UTC));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** The job of the next daily run; scheduling it twice changes nothing (same key). */
export function retentionJob(now: Date): NewJob {
  const dueAt = nextRetentionRun(now);
  return { kind: RETENTION_JOB_KIND, key: `ops:retention:${dueAt.toISOString().slice(0, 10)}`, dueAt };
}

/** At start: the next run is scheduled unless it already is (by another instance, or by the last run). */
export function scheduleRetention(db: Executor, now: Date): Promise<boolean> {
  return scheduleJob(db, retentionJob(now));
}

/** The handler for the scheduler's map: `{ [RETENTION_JOB_KIND]: createRetentionJobHandler(config.retention.days) }`. */
export function createRetentionJobHandler(days: number): JobHandler {
  return async (ctx) => {
    const result = await applyRetention(ctx.tx, { now: ctx.now, days });
    if (result.programmes.length > 0) {
      ctx.deps.logger.info({ cutoff: result.cutoff, programmes: result.programmes.map((p) => p.id) }, 'retention: personal data of finished programmes removed');
    }
    await ctx.schedule(retentionJob(ctx.now));
  };
}
