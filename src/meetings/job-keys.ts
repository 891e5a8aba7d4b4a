// The jobs pair work puts on the durable schedule: their kinds, their keys (what each is about, so
// scheduling twice is harmless and a meeting's jobs can be removed together) and their payloads.
import { z } from 'zod';
import type { NewJob } from '../jobs/types';

export const jobKinds = {
  remind: 'meeting.remind',
  checkin: 'meeting.checkin',
  checkinAgain: 'meeting.checkin-again',
  proposalNudge: 'meeting.nudge',
  scheduleNext: 'schedule.next',
  silence: 'pair.silence',
  progress: 'pair.progress',
  pulse: 'pair.pulse',
  contactNudge: 'pair.nudge',
} as const;

/** Every job of one meeting starts with this. */
export const meetingJobPrefix = (meetingId: number) => `meeting:${meetingId}:`;
export const scheduleJobPrefix = (scheduleId: number) => `schedule:${scheduleId}:`;
export const pairJobPrefix = (pairId: number) => `pair:${pairId}:`;

export const meetingPayload = z.object({ meetingId: z.number().int() });
export const reminderPayload = meetingPayload.extend({ offsetMinutes: z.number().int(), startsAt: z.string() });
export const schedulePayload = z.object({ scheduleId: z.number().int() });
export const pairPayload = z.object({ pairId: z.number().int() });

export function reminderJob(meetingId: number, startsAt: Date, offsetMinutes: number): NewJob {
  return {
    kind: jobKinds.remind,
    key: `${meetingJobPrefix(meetingId)}remind:${offsetMinutes}`,
    dueAt: new Date(startsAt.getTime() - offsetMinutes * 60_000),
    // The meeting's time travels with the reminder: a reminder of a time since moved says nothing.
    payload: { meetingId, offsetMinutes, startsAt: startsAt.toISOString() },
  };
}

export function checkinJob(meetingId: number, dueAt: Date): NewJob {
  return { kind: jobKinds.checkin, key: `${meetingJobPrefix(meetingId)}checkin`, dueAt, payload: { meetingId } };
}

export function checkinAgainJob(meetingId: number, dueAt: Date): NewJob {
  return { kind: jobKinds.checkinAgain, key: `${meetingJobPrefix(meetingId)}checkin-again`, dueAt, payload: { meetingId } };
}

export function proposalNudgeJob(meetingId: number, dueAt: Date): NewJob {
  return { kind: jobKinds.proposalNudge, key: `${meetingJobPrefix(meetingId)}nudge`, dueAt, payload: { meetingId } };
}

/**
 * Recurring jobs carry their due time in the key: the running job schedules its successor while it
 * is itself still pending, and the two must not share the pending-unique key.
 */
export function scheduleNextJob(scheduleId: number, dueAt: Date): NewJob {
  return { kind: jobKinds.scheduleNext, key: `${scheduleJobPrefix(scheduleId)}next:${dueAt.getTime()}`, dueAt, payload: { scheduleId } };
}

export function pairJob(kind: 'silence' | 'progress' | 'pulse' | 'contactNudge', pairId: number, dueAt: Date): NewJob {
  const name = kind === 'contactNudge' ? 'nudge' : kind;
  return { kind: jobKinds[kind], key: `${pairJobPrefix(pairId)}${name}:${dueAt.getTime()}`, dueAt, payload: { pairId } };
}
