// Withdrawal of consent: the person's answers and name are deleted, consents marked withdrawn,
// memberships closed, open pairs ended early, every free text of their pairs (clearPairTexts) and
// whatever else they wrote cleared;
// what remains is an anonymous row (and ratings) that keeps counts in reports right.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { checkins, consents, memberships, pairFeedback, pairJoins, pairMembers, pairQuestions, pairs, people, responses, type Role } from '../../db/schema';
import { endPair } from '../pairs/pairs';
import { clearPairTexts } from '../pairs/texts';

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
    // The free texts of every pair they were in speak about them, whoever wrote them (see clearPairTexts);
    // the states, dates and ratings stay for the counts. Cleared before their open pairs are ended, so
    // the reason written then stays.
    const theirPairs = await db.selectDistinct({ id: pairMembers.pairId }).from(pairMembers).where(inArray(pairMembers.membershipId, ids));
    await clearPairTexts(db, theirPairs.map((p) => p.id));
    // A group they were asked to join is not one of their pairs: only their join's reason goes.
    await db.update(pairJoins).set({ declineReason: null }).where(inArray(pairJoins.membershipId, ids));
    // A group they were about to join no longer waits for them.
    await db.update(pairJoins).set({ status: 'cancelled', decidedAt: now }).where(and(inArray(pairJoins.membershipId, ids), eq(pairJoins.status, 'pending')));
    // What they wrote, by their membership rather than their pairs: the same rows today (nobody is
    // taken out of a pair), and still theirs should that ever change.
    await db.delete(pairQuestions).where(or(inArray(pairQuestions.fromMembershipId, ids), inArray(pairQuestions.toMembershipId, ids)));
    await db.update(checkins).set({ summary: null, nextStep: null }).where(inArray(checkins.membershipId, ids));
    await db.update(pairFeedback).set({ note: null }).where(inArray(pairFeedback.membershipId, ids));
    const open = await db
      .selectDistinct({ pairId: pairs.id, programmeId: pairs.programmeId })
      .from(pairMembers)
      .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
      .where(and(inArray(pairMembers.membershipId, ids), inArray(pairs.status, ['proposed', 'active'])));
    for (const pair of open) {
      const ended = await endPair(db, { ...pair, how: 'ended_early', reason: options.pairEndReason ?? 'consent withdrawn', actorPersonId: personId, now });
      if (ended.ok) endedPairs.push(pair);
    }
  }
  await db
    .update(consents)
    .set({ withdrawnAt: now, parentName: null, parentContact: null })
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)));
  await db.update(people).set({ fullName: null, erasedAt: now }).where(eq(people.id, personId));
  return { programmes: [...new Set(rows.map((r) => r.programmeId))], memberships: rows, endedPairs };
}
