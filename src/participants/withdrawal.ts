// Withdrawal of consent: the person's answers and name are deleted, consents marked withdrawn,
// memberships closed, open pairs ended early, the texts of their check-ins and feedback and the
// free texts of their pairs (reasons, notes, questions) cleared;
// what remains is an anonymous row (and ratings) that keeps counts in reports right.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { checkins, consents, memberships, pairEvents, pairFeedback, pairJoins, pairMembers, pairQuestions, pairs, people, responses, type Role } from '../../db/schema';
import { endPair } from '../pairs/pairs';

export interface WithdrawalResult {
  programmes: number[];
  memberships: { id: number; programmeId: number; role: Role }[];
  /** Proposed or active pairs the person was in, now ended early. */
  endedPairs: { pairId: number; programmeId: number }[];
}

export async function withdrawConsent(
  db: Executor,
  personId: number,
  now: Date,
  options: { pairEndReason?: string } = {},
): Promise<WithdrawalResult> {
  const rows = await db
    .update(memberships)
    .set({ status: 'withdrawn', updatedAt: now })
    .where(eq(memberships.personId, personId))
    .returning({ id: memberships.id, programmeId: memberships.programmeId, role: memberships.role });
  const ids = rows.map((r) => r.id);
  const endedPairs: WithdrawalResult['endedPairs'] = [];
  if (ids.length > 0) {
    await db.delete(responses).where(inArray(responses.membershipId, ids));
    // The free texts of every pair they were in (decline and end reasons, the history's notes, the
    // questions before confirming) speak about them; the states and dates stay for the counts. Cleared before
    // their open pairs are ended, so the reason written then stays.
    const theirPairs = db.select({ id: pairMembers.pairId }).from(pairMembers).where(inArray(pairMembers.membershipId, ids));
    await db.update(pairs).set({ endReason: null }).where(inArray(pairs.id, theirPairs));
    await db.update(pairMembers).set({ declineReason: null }).where(inArray(pairMembers.pairId, theirPairs));
    await db.update(pairEvents).set({ note: null }).where(inArray(pairEvents.pairId, theirPairs));
    await db.update(pairJoins).set({ declineReason: null }).where(or(inArray(pairJoins.pairId, theirPairs), inArray(pairJoins.membershipId, ids)));
    // A group they were about to join no longer waits for them.
    await db.update(pairJoins).set({ status: 'cancelled', decidedAt: now }).where(and(inArray(pairJoins.membershipId, ids), eq(pairJoins.status, 'pending')));
    await db.delete(pairQuestions).where(or(inArray(pairQuestions.fromMembershipId, ids), inArray(pairQuestions.toMembershipId, ids)));
    const open = await db
      .selectDistinct({ pairId: pairs.id, programmeId: pairs.programmeId })
      .from(pairMembers)
      .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
      .where(and(inArray(pairMembers.membershipId, ids), inArray(pairs.status, ['proposed', 'active'])));
    for (const pair of open) {
      const ended = await endPair(db, { ...pair, how: 'ended_early', reason: options.pairEndReason ?? 'consent withdrawn', actorPersonId: personId, now });
      if (ended.ok) endedPairs.push(pair);
    }
    // What they wrote about meetings goes; whether a meeting happened and its rating stay, anonymous.
    await db.update(checkins).set({ summary: null, nextStep: null }).where(inArray(checkins.membershipId, ids));
    await db.update(pairFeedback).set({ note: null }).where(inArray(pairFeedback.membershipId, ids));
  }
  await db
    .update(consents)
    .set({ withdrawnAt: now, parentName: null, parentContact: null })
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)));
  await db.update(people).set({ fullName: null, erasedAt: now }).where(eq(people.id, personId));
  return { programmes: [...new Set(rows.map((r) => r.programmeId))], memberships: rows, endedPairs };
}
