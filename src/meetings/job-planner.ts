// The JobPlanner of pair work bound to a transaction: what it schedules or removes commits with the
// meeting change that caused it, or not at all.
import type { Executor } from '../../db/client';
import { cancelJobs, scheduleJob } from '../jobs/jobs';
import type { JobPlanner } from './meetings';

export function jobPlanner(db: Executor, now: Date): JobPlanner {
  return {
    async schedule(job) {
      // The pending key is unique: scheduling the same job again changes nothing.
      await scheduleJob(db, job);
    },
    async cancel(keyPrefix) {
      await cancelJobs(db, keyPrefix, now);
    },
  };
}
