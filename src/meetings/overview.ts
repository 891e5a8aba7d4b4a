// What the curator sees of pair work: per pair, the meetings ahead, held, missed and not reported,
// the check-in answers, the fit and pulse answers and how far the plan has got.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { meetings, planTasks, type Checkin, type Meeting, type PairFeedback } from '../../db/schema';
import { feedbackOf } from './feedback';
import { checkinsOf } from './meetings';
import { activePairsOfProgramme, type PairContext } from './pair-access';

export type MeetingBucket = 'upcoming' | 'held' | 'missed' | 'unreported';

/** Where a meeting stands for the curator: ahead, held, missed, or due and nobody checked in. */
export function bucketOf(meeting: Meeting, now: Date): MeetingBucket | undefined {
  if (meeting.status === 'held') return 'held';
  if (meeting.status === 'missed') return 'missed';
  if (meeting.status === 'cancelled') return undefined;
  if (meeting.startsAt.getTime() > now.getTime()) return 'upcoming';
  return meeting.status === 'scheduled' ? 'unreported' : undefined;
}

export interface PairSummary {
  pair: PairContext;
  counts: Record<MeetingBucket, number>;
  lastMeetingAt: Date | null;
  tasks: { total: number; done: number };
}

async function taskCounts(db: Executor, pairIds: number[]): Promise<Map<number, { total: number; done: number }>> {
  if (pairIds.length === 0) return new Map();
  const rows = await db
    .select({
      pairId: planTasks.pairId,
      total: sql<number>`count(*)::int`,
      done: sql<number>`count(${planTasks.doneAt})::int`,
    })
    .from(planTasks)
    .where(inArray(planTasks.pairId, pairIds))
    .groupBy(planTasks.pairId);
  return new Map(rows.map((r) => [r.pairId, { total: r.total, done: r.done }]));
}

export async function programmePairSummaries(db: Executor, programmeId: number, now: Date): Promise<PairSummary[]> {
  const pairs = await activePairsOfProgramme(db, programmeId);
  const ids = pairs.map((p) => p.pairId);
  const all = ids.length === 0 ? [] : await db.select().from(meetings).where(inArray(meetings.pairId, ids));
  const tasks = await taskCounts(db, ids);
  return pairs.map((pair) => {
    const counts: Record<MeetingBucket, number> = { upcoming: 0, held: 0, missed: 0, unreported: 0 };
    let lastMeetingAt: Date | null = null;
    for (const meeting of all.filter((m) => m.pairId === pair.pairId)) {
      const bucket = bucketOf(meeting, now);
      if (!bucket) continue;
      counts[bucket] += 1;
      if (bucket === 'held' && (!lastMeetingAt || meeting.startsAt > lastMeetingAt)) lastMeetingAt = meeting.startsAt;
    }
    return { pair, counts, lastMeetingAt, tasks: tasks.get(pair.pairId) ?? { total: 0, done: 0 } };
  });
}

export interface PairReport {
  pair: PairContext;
  meetings: { meeting: Meeting; bucket: MeetingBucket; checkins: Checkin[] }[];
  feedback: PairFeedback[];
  tasks: { total: number; done: number };
}

export async function pairReport(db: Executor, pair: PairContext, now: Date): Promise<PairReport> {
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.pairId, pair.pairId), isNotNull(meetings.startsAt)))
    .orderBy(meetings.startsAt, meetings.id);
  const answers = await checkinsOf(db, rows.map((m) => m.id));
  const report: PairReport['meetings'] = [];
  for (const meeting of rows) {
    const bucket = bucketOf(meeting, now);
    if (bucket) report.push({ meeting, bucket, checkins: answers.filter((c) => c.meetingId === meeting.id) });
  }
  const tasks = (await taskCounts(db, [pair.pairId])).get(pair.pairId) ?? { total: 0, done: 0 };
  return { pair, meetings: report, feedback: await feedbackOf(db, [pair.pairId]), tasks };
}
