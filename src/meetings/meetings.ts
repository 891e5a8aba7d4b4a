// Meetings of a pair: one side proposes a time (or two or three to pick from), the other accepts or
// asks for another time; a scheduled meeting can be moved or cancelled; after it each member checks
// in. Every change of a meeting moves or removes its reminders and check-ins in the same
// transaction, through the JobPlanner the caller hands in.
import { and, asc, desc, eq, gt, inArray, lte, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { checkins, meetingSlots, meetings, type Checkin, type Meeting, type MeetingFormatKind, type MeetingSlot } from '../../db/schema';
import type { NewJob } from '../jobs/types';
import { checkinJob, meetingJobPrefix, proposalNudgeJob, reminderJob } from './job-keys';
import { loadPairContext, memberOf, type PairContext, type PairMemberInfo } from './pair-access';
import type { MeetingSettings } from './settings';

/** The durable schedule as pair work uses it, bound to the caller's transaction. */
export interface JobPlanner {
  schedule(job: NewJob): Promise<void>;
  /** Removes every pending job whose key starts with the prefix. */
  cancel(keyPrefix: string): Promise<void>;
}

export type MeetingError =
  | 'meeting-error-not-found'
  | 'meeting-error-not-member'
  | 'meeting-error-not-proposed'
  | 'meeting-error-own-proposal'
  | 'meeting-error-time-passed'
  | 'meeting-error-not-scheduled'
  | 'meeting-error-slot'
  | 'checkin-error-too-early'
  | 'checkin-error-done'
  | 'checkin-error-cancelled';

export type MeetingResult<T> = { ok: true; value: T } | { ok: false; error: MeetingError };

export const TOPIC_MAX = 200;
export const MAX_SLOTS = 3;

/** A meeting with the pair it belongs to and the acting member. */
export interface MeetingInPair {
  meeting: Meeting;
  pair: PairContext;
  member: PairMemberInfo;
}

/**
 * The meeting, locked, and the pair, when the person is a member of that active pair. A forged or
 * replayed button of another pair stops here.
 */
async function lockForMember(db: Executor, meetingId: number, personId: number): Promise<MeetingResult<MeetingInPair>> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId)).for('no key update');
  if (!meeting) return { ok: false, error: 'meeting-error-not-found' };
  const pair = await loadPairContext(db, meeting.pairId);
  const member = pair ? memberOf(pair, personId) : undefined;
  if (!pair || !member) return { ok: false, error: 'meeting-error-not-member' };
  if (pair.status !== 'active') return { ok: false, error: 'meeting-error-not-found' };
  return { ok: true, value: { meeting, pair, member } };
}

export async function findMeeting(db: Executor, meetingId: number): Promise<Meeting | undefined> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  return meeting;
}

export async function findSlot(db: Executor, slotId: number): Promise<MeetingSlot | undefined> {
  const [slot] = await db.select().from(meetingSlots).where(eq(meetingSlots.id, slotId));
  return slot;
}

export async function slotsOf(db: Executor, meetingId: number): Promise<MeetingSlot[]> {
  return db.select().from(meetingSlots).where(eq(meetingSlots.meetingId, meetingId)).orderBy(asc(meetingSlots.startsAt), asc(meetingSlots.id));
}

/** Reminders before a scheduled meeting and the check-in after it (only those still ahead). */
export async function scheduleMeetingJobs(jobs: JobPlanner, meeting: Pick<Meeting, 'id' | 'startsAt'>, settings: MeetingSettings, now: Date): Promise<void> {
  for (const offset of settings.reminderOffsetsMinutes) {
    const job = reminderJob(meeting.id, meeting.startsAt, offset);
    if (job.dueAt.getTime() > now.getTime()) await jobs.schedule(job);
  }
  await jobs.schedule(checkinJob(meeting.id, new Date(meeting.startsAt.getTime() + settings.checkinAfterMinutes * 60_000)));
}

export interface ProposeInput {
  pair: PairContext;
  personId: number;
  /** One time, or two or three for the other side to pick from; all ahead of `now`. */
  times: Date[];
  format: MeetingFormatKind;
  topic: string | null;
  now: Date;
}

export async function proposeMeeting(db: Executor, jobs: JobPlanner, input: ProposeInput): Promise<MeetingResult<{ meeting: Meeting; slots: MeetingSlot[] }>> {
  const member = memberOf(input.pair, input.personId);
  if (!member || input.pair.status !== 'active') return { ok: false, error: 'meeting-error-not-member' };
  const times = [...new Map(input.times.map((t) => [t.getTime(), t])).values()].sort((a, b) => a.getTime() - b.getTime());
  const first = times[0];
  if (!first || times.length > MAX_SLOTS) throw new Error(`a proposal needs 1..${MAX_SLOTS} times`);
  if (times.some((t) => t.getTime() <= input.now.getTime())) return { ok: false, error: 'meeting-error-time-passed' };
  const [meeting] = await db
    .insert(meetings)
    .values({
      pairId: input.pair.pairId,
      startsAt: first,
      format: input.format,
      topic: input.topic,
      status: 'proposed',
      proposedByPersonId: input.personId,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  if (!meeting) throw new Error('insert into meetings returned no row');
  const slots = times.length > 1 ? await db.insert(meetingSlots).values(times.map((startsAt) => ({ meetingId: meeting.id, startsAt }))).returning() : [];
  await scheduleProposalNudge(jobs, meeting, member, input.pair.settings, input.now);
  return { ok: true, value: { meeting, slots: slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) } };
}

/** A mentor's proposal the mentee leaves unanswered gets the mentee a nudge, once. */
async function scheduleProposalNudge(jobs: JobPlanner, meeting: Meeting, proposer: PairMemberInfo, settings: MeetingSettings, now: Date) {
  if (proposer.role !== 'mentor') return;
  await jobs.schedule(proposalNudgeJob(meeting.id, new Date(now.getTime() + settings.nudgeAfterHours * 3_600_000)));
}

/** The other side takes the proposed time (or one of the offered slots): the meeting is scheduled. */
export async function acceptMeeting(
  db: Executor,
  jobs: JobPlanner,
  input: { meetingId: number; slotId: number | null; personId: number; now: Date },
): Promise<MeetingResult<MeetingInPair>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting, pair } = found.value;
  if (meeting.status !== 'proposed') return { ok: false, error: 'meeting-error-not-proposed' };
  if (meeting.proposedByPersonId === input.personId) return { ok: false, error: 'meeting-error-own-proposal' };
  const slots = await slotsOf(db, meeting.id);
  let startsAt = meeting.startsAt;
  if (slots.length > 0 || input.slotId !== null) {
    const slot = slots.find((s) => s.id === input.slotId);
    if (!slot) return { ok: false, error: 'meeting-error-slot' };
    startsAt = slot.startsAt;
  }
  if (startsAt.getTime() <= input.now.getTime()) return { ok: false, error: 'meeting-error-time-passed' };
  const [updated] = await db.update(meetings).set({ status: 'scheduled', startsAt, updatedAt: input.now }).where(eq(meetings.id, meeting.id)).returning();
  if (!updated) throw new Error(`meeting ${meeting.id} vanished`);
  await jobs.cancel(meetingJobPrefix(meeting.id));
  await scheduleMeetingJobs(jobs, updated, pair.settings, input.now);
  return { ok: true, value: { ...found.value, meeting: updated } };
}

/** The other side asks for another time: the proposal is closed and the proposer asked to offer again. */
export async function declineProposal(db: Executor, jobs: JobPlanner, input: { meetingId: number; personId: number; now: Date }): Promise<MeetingResult<MeetingInPair>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting } = found.value;
  if (meeting.status !== 'proposed') return { ok: false, error: 'meeting-error-not-proposed' };
  if (meeting.proposedByPersonId === input.personId) return { ok: false, error: 'meeting-error-own-proposal' };
  const [updated] = await db.update(meetings).set({ status: 'cancelled', updatedAt: input.now }).where(eq(meetings.id, meeting.id)).returning();
  if (!updated) throw new Error(`meeting ${meeting.id} vanished`);
  await jobs.cancel(meetingJobPrefix(meeting.id));
  return { ok: true, value: { ...found.value, meeting: updated } };
}

/** Checks a member may act on a meeting that is still ahead (a reminder's "I'll be there"). */
export async function upcomingMeetingFor(db: Executor, input: { meetingId: number; personId: number; now: Date }): Promise<MeetingResult<MeetingInPair>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting } = found.value;
  if (meeting.status !== 'scheduled') return { ok: false, error: 'meeting-error-not-scheduled' };
  if (meeting.startsAt.getTime() <= input.now.getTime()) return { ok: false, error: 'meeting-error-time-passed' };
  return found;
}

/**
 * A member moves a meeting to a new time: it becomes a proposal from that member, which the other
 * side accepts or not; its reminders and check-in go until then.
 */
export async function rescheduleMeeting(
  db: Executor,
  jobs: JobPlanner,
  input: { meetingId: number; personId: number; startsAt: Date; now: Date },
): Promise<MeetingResult<MeetingInPair>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting, member, pair } = found.value;
  if (meeting.status !== 'scheduled' && meeting.status !== 'proposed') return { ok: false, error: 'meeting-error-not-scheduled' };
  if (input.startsAt.getTime() <= input.now.getTime()) return { ok: false, error: 'meeting-error-time-passed' };
  const [updated] = await db
    .update(meetings)
    .set({ status: 'proposed', startsAt: input.startsAt, proposedByPersonId: input.personId, updatedAt: input.now })
    .where(eq(meetings.id, meeting.id))
    .returning();
  if (!updated) throw new Error(`meeting ${meeting.id} vanished`);
  await db.delete(meetingSlots).where(eq(meetingSlots.meetingId, meeting.id));
  await jobs.cancel(meetingJobPrefix(meeting.id));
  await scheduleProposalNudge(jobs, updated, member, pair.settings, input.now);
  return { ok: true, value: { ...found.value, meeting: updated } };
}

/** A member cancels a proposed or scheduled meeting; its reminders and check-in go with it. */
export async function cancelMeeting(db: Executor, jobs: JobPlanner, input: { meetingId: number; personId: number; now: Date }): Promise<MeetingResult<MeetingInPair>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting } = found.value;
  if (meeting.status !== 'scheduled' && meeting.status !== 'proposed') return { ok: false, error: 'meeting-error-not-scheduled' };
  const [updated] = await db.update(meetings).set({ status: 'cancelled', updatedAt: input.now }).where(eq(meetings.id, meeting.id)).returning();
  if (!updated) throw new Error(`meeting ${meeting.id} vanished`);
  await jobs.cancel(meetingJobPrefix(meeting.id));
  return { ok: true, value: { ...found.value, meeting: updated } };
}

/** Meetings with status in `statuses`, ordered by time. */
export async function meetingsOfPair(db: Executor, pairId: number, statuses?: Meeting['status'][]): Promise<Meeting[]> {
  return db
    .select()
    .from(meetings)
    .where(statuses ? and(eq(meetings.pairId, pairId), inArray(meetings.status, statuses)) : eq(meetings.pairId, pairId))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
}

/** Proposed and scheduled meetings still ahead, soonest first. */
export async function upcomingMeetings(db: Executor, pairIds: number[], now: Date): Promise<Meeting[]> {
  if (pairIds.length === 0) return [];
  return db
    .select()
    .from(meetings)
    .where(and(inArray(meetings.pairId, pairIds), inArray(meetings.status, ['proposed', 'scheduled']), gt(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
}

/** The latest meetings that already took place or were due, newest first. */
export async function recentMeetings(db: Executor, pairIds: number[], now: Date, limit: number): Promise<Meeting[]> {
  if (pairIds.length === 0) return [];
  return db
    .select()
    .from(meetings)
    .where(and(inArray(meetings.pairId, pairIds), inArray(meetings.status, ['scheduled', 'held', 'missed']), lte(meetings.startsAt, now)))
    .orderBy(desc(meetings.startsAt), desc(meetings.id))
    .limit(limit);
}

export async function checkinsOf(db: Executor, meetingIds: number[]): Promise<Checkin[]> {
  if (meetingIds.length === 0) return [];
  return db.select().from(checkins).where(inArray(checkins.meetingId, meetingIds)).orderBy(asc(checkins.id));
}

export interface CheckinStart extends MeetingInPair {
  /** The meeting just became held for the first time. */
  becameHeld: boolean;
  /** ...and it is the pair's first held meeting: time to ask whether the pair fits. */
  firstHeld: boolean;
}

/**
 * A member says whether the meeting happened. The first "yes" makes it held (whatever anyone said
 * before); a "no" with no "yes" makes it missed. One check-in per member per meeting.
 */
export async function startCheckin(
  db: Executor,
  input: { meetingId: number; personId: number; happened: boolean; now: Date },
): Promise<MeetingResult<CheckinStart>> {
  const found = await lockForMember(db, input.meetingId, input.personId);
  if (!found.ok) return found;
  const { meeting, member } = found.value;
  if (meeting.status === 'cancelled' || meeting.status === 'proposed') return { ok: false, error: 'checkin-error-cancelled' };
  if (meeting.startsAt.getTime() > input.now.getTime()) return { ok: false, error: 'checkin-error-too-early' };
  const inserted = await db
    .insert(checkins)
    .values({ meetingId: meeting.id, membershipId: member.membershipId, happened: input.happened, createdAt: input.now })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) return { ok: false, error: 'checkin-error-done' };
  let status = meeting.status;
  if (input.happened && status !== 'held') status = 'held';
  else if (!input.happened && status === 'scheduled') status = 'missed';
  const becameHeld = status === 'held' && meeting.status !== 'held';
  let firstHeld = false;
  if (status !== meeting.status) {
    await db.update(meetings).set({ status, updatedAt: input.now }).where(eq(meetings.id, meeting.id));
    if (becameHeld) {
      const others = await db
        .select({ id: meetings.id })
        .from(meetings)
        .where(and(eq(meetings.pairId, meeting.pairId), eq(meetings.status, 'held'), ne(meetings.id, meeting.id)))
        .limit(1);
      firstHeld = others.length === 0;
    }
  }
  return { ok: true, value: { ...found.value, meeting: { ...meeting, status }, becameHeld, firstHeld } };
}

/** Adds the rating, what was done or the next step to a member's check-in. */
export async function updateCheckin(
  db: Executor,
  input: { meetingId: number; membershipId: number; patch: Partial<Pick<Checkin, 'rating' | 'summary' | 'nextStep'>> },
): Promise<Checkin | undefined> {
  const [row] = await db
    .update(checkins)
    .set(input.patch)
    .where(and(eq(checkins.meetingId, input.meetingId), eq(checkins.membershipId, input.membershipId)))
    .returning();
  return row;
}

/** Members of the pair who have not checked in on the meeting yet. */
export async function membersWithoutCheckin(db: Executor, meeting: Meeting, pair: PairContext): Promise<PairMemberInfo[]> {
  const done = new Set((await checkinsOf(db, [meeting.id])).map((c) => c.membershipId));
  return pair.members.filter((m) => !done.has(m.membershipId));
}
