// Watching the pairs for the curator: a pair with no meeting for N weeks, a pair with no progress
// (no meeting, no check-in, no task done) for N days. Reading the activity is a query; deciding is
// a pure function that also says when to look again.
import { and, eq, gt, inArray, lte, max, min } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { checkins, meetings, planTasks } from '../../db/schema';

const DAY_MS = 86_400_000;

export interface PairActivity {
  activatedAt: Date;
  /** Latest meeting that was due (held, or scheduled and not reported missed). */
  lastMeetingAt: Date | null;
  /** Soonest scheduled meeting ahead. */
  nextMeetingAt: Date | null;
  /** Latest held meeting, check-in or task done. */
  lastProgressAt: Date | null;
}

const latest = (...dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b.getTime() > a.getTime()) ? b : a), null);

export async function pairActivity(db: Executor, pairId: number, activatedAt: Date, now: Date): Promise<PairActivity> {
  const [met] = await db
    .select({ at: max(meetings.startsAt) })
    .from(meetings)
    .where(and(eq(meetings.pairId, pairId), inArray(meetings.status, ['scheduled', 'held']), lte(meetings.startsAt, now)));
  const [held] = await db
    .select({ at: max(meetings.startsAt) })
    .from(meetings)
    .where(and(eq(meetings.pairId, pairId), eq(meetings.status, 'held'), lte(meetings.startsAt, now)));
  const [next] = await db
    .select({ at: min(meetings.startsAt) })
    .from(meetings)
    .where(and(eq(meetings.pairId, pairId), eq(meetings.status, 'scheduled'), gt(meetings.startsAt, now)));
  const [checkedIn] = await db
    .select({ at: max(checkins.createdAt) })
    .from(checkins)
    .innerJoin(meetings, eq(meetings.id, checkins.meetingId))
    .where(eq(meetings.pairId, pairId));
  const [done] = await db.select({ at: max(planTasks.doneAt) }).from(planTasks).where(eq(planTasks.pairId, pairId));
  return {
    activatedAt,
    lastMeetingAt: met?.at ?? null,
    nextMeetingAt: next?.at ?? null,
    lastProgressAt: latest(held?.at, checkedIn?.at, done?.at),
  };
}

export interface Verdict {
  flag: boolean;
  /** Whole days since the last sign of life (for the curator's message). */
  days: number;
  /** When to look at the pair again. */
  nextCheckAt: Date;
}

function verdict(since: Date, periodMs: number, now: Date): Verdict {
  const idle = now.getTime() - since.getTime();
  if (idle >= periodMs) return { flag: true, days: Math.floor(idle / DAY_MS), nextCheckAt: new Date(now.getTime() + periodMs) };
  return { flag: false, days: Math.floor(idle / DAY_MS), nextCheckAt: new Date(since.getTime() + periodMs) };
}

/** No meeting for `weeks`: a pair with a meeting scheduled ahead is not silent. */
export function silenceVerdict(activity: PairActivity, weeks: number, now: Date): Verdict {
  const periodMs = weeks * 7 * DAY_MS;
  if (activity.nextMeetingAt) {
    return { flag: false, days: 0, nextCheckAt: new Date(activity.nextMeetingAt.getTime() + periodMs) };
  }
  return verdict(latest(activity.activatedAt, activity.lastMeetingAt) ?? activity.activatedAt, periodMs, now);
}

/** No meeting held, no check-in and no task done for `days`. */
export function progressVerdict(activity: PairActivity, days: number, now: Date): Verdict {
  return verdict(latest(activity.activatedAt, activity.lastProgressAt) ?? activity.activatedAt, days * DAY_MS, now);
}
