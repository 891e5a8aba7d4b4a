// The free texts that hang off a pair, in one place: what people wrote about a pair (reasons, notes,
// questions and answers, goals and plan, meeting topics, check-ins, feedback) and the matching reasons
// drawn from their answers. Withdrawal of consent and data retention both clear them with this, so a
// column added here is erased by both; the states, dates, meetings and ratings stay for the counts.
import { and, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  auditLog,
  checkins,
  meetingSchedules,
  meetings,
  pairEvents,
  pairFeedback,
  pairGoals,
  pairJoins,
  pairMembers,
  pairQuestions,
  pairs,
  planTasks,
} from '../../db/schema';

/** Keys of an audit entry's details that may hold a person's words (a reason, a note). */
export const AUDIT_TEXT_KEYS = ['reason', 'note', 'text'] as const;
const auditKeys = sql.raw(`'{${AUDIT_TEXT_KEYS.join(',')}}'::text[]`);

/** The audit details without the keys that may hold free text. */
export const auditDetailsWithoutTexts: SQL = sql`${auditLog.details} - ${auditKeys}`;
/** True for an audit entry that still holds one of those keys. */
export const auditDetailsHaveTexts: SQL = sql`${auditLog.details} ?| ${auditKeys}`;

/**
 * The note of a pair event that records who was added ("+mentee:12", see memberAddedNote) is data,
 * not a text, and keeps a group's history readable; every other note is cleared.
 */
const MEMBER_ADDED_NOTE = '^\\+(mentor|mentee):[0-9]+$';

/**
 * Clears every free text of these pairs, whoever wrote it: a text about a pair speaks about all its
 * members. Rows stay where reports count them (pairs, members, events, joins, meetings, check-ins
 * and their ratings, feedback values); rows that are nothing but text (questions, goals, plan tasks)
 * go. Idempotent.
 */
export async function clearPairTexts(db: Executor, pairIds: readonly number[]): Promise<void> {
  if (pairIds.length === 0) return;
  const ids = [...pairIds];
  await db.update(pairs).set({ endReason: null, reasons: null }).where(inArray(pairs.id, ids));
  await db.update(pairMembers).set({ declineReason: null }).where(inArray(pairMembers.pairId, ids));
  await db
    .update(pairEvents)
    .set({ note: null })
    .where(and(inArray(pairEvents.pairId, ids), sql`${pairEvents.note} is not null and ${pairEvents.note} !~ ${MEMBER_ADDED_NOTE}`));
  await db.update(pairJoins).set({ declineReason: null }).where(inArray(pairJoins.pairId, ids));
  await db.delete(pairQuestions).where(inArray(pairQuestions.pairId, ids));
  await db.delete(planTasks).where(inArray(planTasks.pairId, ids));
  await db.delete(pairGoals).where(inArray(pairGoals.pairId, ids));
  await db.update(meetingSchedules).set({ topic: null }).where(inArray(meetingSchedules.pairId, ids));
  await db.update(meetings).set({ topic: null }).where(inArray(meetings.pairId, ids));
  const pairMeetings = db.select({ id: meetings.id }).from(meetings).where(inArray(meetings.pairId, ids));
  await db
    .update(checkins)
    .set({ summary: null, nextStep: null })
    .where(and(inArray(checkins.meetingId, pairMeetings), or(sql`${checkins.summary} is not null`, sql`${checkins.nextStep} is not null`)));
  await db.update(pairFeedback).set({ note: null }).where(inArray(pairFeedback.pairId, ids));
  // The curator's entries about these pairs (an early end's reason) repeat the same words.
  const pairProgrammes = db.selectDistinct({ id: pairs.programmeId }).from(pairs).where(inArray(pairs.id, ids));
  await db
    .update(auditLog)
    .set({ details: auditDetailsWithoutTexts })
    .where(
      and(
        inArray(auditLog.programmeId, pairProgrammes),
        inArray(sql`${auditLog.details} ->> 'pairId'`, ids.map(String)),
        auditDetailsHaveTexts,
      ),
    );
}
