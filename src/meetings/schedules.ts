// A regular schedule instead of single meetings: weekly on a weekday at a time of the organisation's
// zone. Accepted, it creates its next occurrence as a scheduled meeting (with reminders and a
// check-in) and a job at that occurrence's start that creates the one after.
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { meetingSchedules, meetings, type Meeting, type MeetingFormatKind, type MeetingSchedule } from '../../db/schema';
import { meetingJobPrefix, scheduleJobPrefix, scheduleNextJob } from './job-keys';
import { scheduleMeetingJobs, type JobPlanner, type MeetingResult } from './meetings';
import { loadPairContext, memberOf, type PairContext, type PairMemberInfo } from './pair-access';
import { nextWeekly, timeFromText } from './time';

export interface ScheduleInPair {
  schedule: MeetingSchedule;
  pair: PairContext;
  member: PairMemberInfo;
}

async function lockForMember(db: Executor, scheduleId: number, personId: number): Promise<MeetingResult<ScheduleInPair>> {
  const [schedule] = await db.select().from(meetingSchedules).where(eq(meetingSchedules.id, scheduleId)).for('no key update');
  if (!schedule) return { ok: false, error: 'meeting-error-not-found' };
  const pair = await loadPairContext(db, schedule.pairId);
  const member = pair ? memberOf(pair, personId) : undefined;
  if (!pair || !member) return { ok: false, error: 'meeting-error-not-member' };
  if (pair.status !== 'active') return { ok: false, error: 'meeting-error-not-found' };
  return { ok: true, value: { schedule, pair, member } };
}

export async function findSchedule(db: Executor, scheduleId: number): Promise<MeetingSchedule | undefined> {
  const [row] = await db.select().from(meetingSchedules).where(eq(meetingSchedules.id, scheduleId));
  return row;
}

export async function activeSchedulesOf(db: Executor, pairIds: number[]): Promise<MeetingSchedule[]> {
  if (pairIds.length === 0) return [];
  return db
    .select()
    .from(meetingSchedules)
    .where(and(inArray(meetingSchedules.pairId, pairIds), eq(meetingSchedules.status, 'active')))
    .orderBy(meetingSchedules.id);
}

export async function proposeSchedule(
  db: Executor,
  input: { pair: PairContext; personId: number; weekday: number; time: string; format: MeetingFormatKind; topic: string | null; now: Date },
): Promise<MeetingResult<MeetingSchedule>> {
  if (!memberOf(input.pair, input.personId) || input.pair.status !== 'active') return { ok: false, error: 'meeting-error-not-member' };
  if (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7 || !timeFromText(input.time)) {
    throw new Error(`bad weekly slot ${input.weekday} ${input.time}`);
  }
  const [schedule] = await db
    .insert(meetingSchedules)
    .values({
      pairId: input.pair.pairId,
      weekday: input.weekday,
      time: input.time,
      format: input.format,
      topic: input.topic,
      active: false,
      status: 'proposed',
      proposedByPersonId: input.personId,
      createdAt: input.now,
    })
    .returning();
  if (!schedule) throw new Error('insert into meeting_schedules returned no row');
  return { ok: true, value: schedule };
}

/** The next occurrence after `after` as a scheduled meeting, its jobs, and the job that makes the one after. */
export async function createOccurrence(db: Executor, jobs: JobPlanner, schedule: MeetingSchedule, pair: PairContext, after: Date, now: Date): Promise<Meeting> {
  const time = timeFromText(schedule.time);
  if (!time) throw new Error(`schedule ${schedule.id} has a bad time ${schedule.time}`);
  const startsAt = nextWeekly(schedule.weekday, time, pair.timezone, after);
  const [existing] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.scheduleId, schedule.id), eq(meetings.startsAt, startsAt)));
  let meeting = existing;
  if (!meeting) {
    [meeting] = await db
      .insert(meetings)
      .values({
        pairId: schedule.pairId,
        scheduleId: schedule.id,
        startsAt,
        format: schedule.format,
        topic: schedule.topic,
        status: 'scheduled',
        proposedByPersonId: schedule.proposedByPersonId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!meeting) throw new Error('insert into meetings returned no row');
    await scheduleMeetingJobs(jobs, meeting, pair.settings, now);
  }
  await jobs.schedule(scheduleNextJob(schedule.id, startsAt));
  return meeting;
}

/** The other side agrees: the schedule runs (replacing an earlier one) and its first meeting is set. */
export async function acceptSchedule(
  db: Executor,
  jobs: JobPlanner,
  input: { scheduleId: number; personId: number; now: Date },
): Promise<MeetingResult<ScheduleInPair & { first: Meeting }>> {
  const found = await lockForMember(db, input.scheduleId, input.personId);
  if (!found.ok) return found;
  const { schedule, pair } = found.value;
  if (schedule.status !== 'proposed') return { ok: false, error: 'meeting-error-not-proposed' };
  if (schedule.proposedByPersonId === input.personId) return { ok: false, error: 'meeting-error-own-proposal' };
  for (const earlier of await activeSchedulesOf(db, [pair.pairId])) await endSchedule(db, jobs, earlier, 'stopped', input.now);
  const [updated] = await db.update(meetingSchedules).set({ status: 'active', active: true }).where(eq(meetingSchedules.id, schedule.id)).returning();
  if (!updated) throw new Error(`schedule ${schedule.id} vanished`);
  const first = await createOccurrence(db, jobs, updated, pair, input.now, input.now);
  return { ok: true, value: { ...found.value, schedule: updated, first } };
}

export async function declineSchedule(db: Executor, input: { scheduleId: number; personId: number; now: Date }): Promise<MeetingResult<ScheduleInPair>> {
  const found = await lockForMember(db, input.scheduleId, input.personId);
  if (!found.ok) return found;
  const { schedule } = found.value;
  if (schedule.status !== 'proposed') return { ok: false, error: 'meeting-error-not-proposed' };
  if (schedule.proposedByPersonId === input.personId) return { ok: false, error: 'meeting-error-own-proposal' };
  const [updated] = await db.update(meetingSchedules).set({ status: 'declined', active: false }).where(eq(meetingSchedules.id, schedule.id)).returning();
  if (!updated) throw new Error(`schedule ${schedule.id} vanished`);
  return { ok: true, value: { ...found.value, schedule: updated } };
}

/** Stops the schedule: no further occurrences, and those already set ahead are cancelled with their jobs. */
async function endSchedule(db: Executor, jobs: JobPlanner, schedule: MeetingSchedule, status: 'stopped', now: Date): Promise<MeetingSchedule> {
  const [updated] = await db.update(meetingSchedules).set({ status, active: false }).where(eq(meetingSchedules.id, schedule.id)).returning();
  if (!updated) throw new Error(`schedule ${schedule.id} vanished`);
  await jobs.cancel(scheduleJobPrefix(schedule.id));
  const ahead = await db
    .update(meetings)
    .set({ status: 'cancelled', updatedAt: now })
    .where(and(eq(meetings.scheduleId, schedule.id), inArray(meetings.status, ['scheduled', 'proposed']), gt(meetings.startsAt, now)))
    .returning({ id: meetings.id });
  for (const { id } of ahead) await jobs.cancel(meetingJobPrefix(id));
  return updated;
}

export async function stopSchedule(db: Executor, jobs: JobPlanner, input: { scheduleId: number; personId: number; now: Date }): Promise<MeetingResult<ScheduleInPair>> {
  const found = await lockForMember(db, input.scheduleId, input.personId);
  if (!found.ok) return found;
  if (found.value.schedule.status !== 'active') return { ok: false, error: 'meeting-error-not-scheduled' };
  const schedule = await endSchedule(db, jobs, found.value.schedule, 'stopped', input.now);
  return { ok: true, value: { ...found.value, schedule } };
}
