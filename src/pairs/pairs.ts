// Pairs and groups (stage 5): a curator proposes, every member confirms or declines, the pair
// becomes active; later it is completed or ended early. Every change is kept in pair_events and
// every curator action in the audit log. Errors a user can cause are values with a locale key.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, pairEvents, pairMembers, pairs, people, type Pair, type PairStatus } from '../../db/schema';
import { recordAudit } from '../audit/audit';

export type PairError =
  | 'pair-error-not-found'
  | 'pair-error-wrong-programme'
  | 'pair-error-wrong-role'
  | 'pair-error-mentee-taken'
  | 'pair-error-no-mentor'
  | 'pair-error-no-mentee'
  | 'pair-error-too-many-mentors'
  | 'pair-error-not-member'
  | 'pair-error-not-proposed'
  | 'pair-error-not-open';

export type PairResult<T> = { ok: true; value: T } | { ok: false; error: PairError };

/** Pairs a mentee cannot be in twice: a proposal or an active pair. */
const OPEN_STATUSES: PairStatus[] = ['proposed', 'active'];

async function changeStatus(
  db: Executor,
  pair: Pair,
  to: PairStatus,
  input: { actorPersonId: number | null; note?: string | undefined; now: Date },
): Promise<Pair> {
  const patch: Partial<typeof pairs.$inferInsert> = { status: to };
  if (to === 'active') patch.activatedAt = input.now;
  if (to === 'completed' || to === 'ended_early' || to === 'declined') {
    patch.endedAt = input.now;
    patch.endReason = input.note ?? null;
  }
  const [updated] = await db.update(pairs).set(patch).where(eq(pairs.id, pair.id)).returning();
  if (!updated) throw new Error(`pair ${pair.id} vanished`);
  await db.insert(pairEvents).values({
    pairId: pair.id,
    fromStatus: pair.status,
    toStatus: to,
    actorPersonId: input.actorPersonId,
    note: input.note ?? null,
    at: input.now,
  });
  return updated;
}

export interface ProposeInput {
  programmeId: number;
  mentorMembershipIds: number[];
  menteeMembershipIds: number[];
  form?: string | undefined;
  score?: number | undefined;
  reasons?: unknown[] | undefined;
  actorPersonId: number;
  now: Date;
}

/** A pair (one mentor, one mentee) or a group (one or two mentors, several mentees), proposed. */
export async function proposePair(db: Executor, input: ProposeInput): Promise<PairResult<Pair>> {
  if (input.mentorMembershipIds.length === 0) return { ok: false, error: 'pair-error-no-mentor' };
  if (input.mentorMembershipIds.length > 2) return { ok: false, error: 'pair-error-too-many-mentors' };
  if (input.menteeMembershipIds.length === 0) return { ok: false, error: 'pair-error-no-mentee' };
  const ids = [...new Set([...input.mentorMembershipIds, ...input.menteeMembershipIds])];
  // Lock the members: two curators pairing the same mentee at once cannot both succeed.
  const rows = await db.select().from(memberships).where(inArray(memberships.id, ids)).orderBy(memberships.id).for('update');
  if (rows.length !== ids.length) return { ok: false, error: 'pair-error-not-found' };
  if (rows.some((m) => m.programmeId !== input.programmeId)) return { ok: false, error: 'pair-error-wrong-programme' };
  const byId = new Map(rows.map((m) => [m.id, m]));
  if (input.mentorMembershipIds.some((id) => byId.get(id)?.role !== 'mentor')) return { ok: false, error: 'pair-error-wrong-role' };
  if (input.menteeMembershipIds.some((id) => byId.get(id)?.role !== 'mentee')) return { ok: false, error: 'pair-error-wrong-role' };
  if (rows.some((m) => m.status === 'withdrawn')) return { ok: false, error: 'pair-error-not-found' };

  const taken = await db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(inArray(pairMembers.membershipId, input.menteeMembershipIds), inArray(pairs.status, OPEN_STATUSES)));
  if (taken.length > 0) return { ok: false, error: 'pair-error-mentee-taken' };

  const [pair] = await db
    .insert(pairs)
    .values({
      programmeId: input.programmeId,
      form: input.form ?? null,
      score: input.score ?? null,
      reasons: input.reasons ?? null,
      createdByPersonId: input.actorPersonId,
      createdAt: input.now,
    })
    .returning();
  if (!pair) throw new Error('insert into pairs returned no row');
  await db.insert(pairMembers).values([
    ...input.mentorMembershipIds.map((membershipId) => ({ pairId: pair.id, membershipId, role: 'mentor' as const })),
    ...input.menteeMembershipIds.map((membershipId) => ({ pairId: pair.id, membershipId, role: 'mentee' as const })),
  ]);
  await db.insert(pairEvents).values({ pairId: pair.id, fromStatus: null, toStatus: 'proposed', actorPersonId: input.actorPersonId, at: input.now });
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: 'pair.propose',
    details: { pairId: pair.id, mentors: input.mentorMembershipIds, mentees: input.menteeMembershipIds },
    now: input.now,
  });
  return { ok: true, value: pair };
}

export type DecisionOutcome = { pair: Pair; outcome: 'waiting' | 'active' | 'declined' };

/** A member confirms (the consent to the pairing) or declines with a reason. */
export async function decideOnPair(
  db: Executor,
  input: { pairId: number; membershipId: number; decision: 'confirmed' | 'declined'; reason?: string | undefined; actorPersonId: number; now: Date },
): Promise<PairResult<DecisionOutcome>> {
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, input.pairId)).for('update');
  if (!pair) return { ok: false, error: 'pair-error-not-found' };
  const [member] = await db
    .select()
    .from(pairMembers)
    .where(and(eq(pairMembers.pairId, pair.id), eq(pairMembers.membershipId, input.membershipId)));
  if (!member) return { ok: false, error: 'pair-error-not-member' };
  if (pair.status !== 'proposed') return { ok: false, error: 'pair-error-not-proposed' };
  await db
    .update(pairMembers)
    .set({ decision: input.decision, declineReason: input.reason ?? null, decidedAt: input.now })
    .where(eq(pairMembers.id, member.id));
  if (input.decision === 'declined') {
    const updated = await changeStatus(db, pair, 'declined', { actorPersonId: input.actorPersonId, note: input.reason, now: input.now });
    return { ok: true, value: { pair: updated, outcome: 'declined' } };
  }
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pairMembers)
    .where(and(eq(pairMembers.pairId, pair.id), inArray(pairMembers.decision, ['pending', 'declined'])));
  if ((pending?.n ?? 0) > 0) return { ok: true, value: { pair, outcome: 'waiting' } };
  const updated = await changeStatus(db, pair, 'active', { actorPersonId: input.actorPersonId, now: input.now });
  return { ok: true, value: { pair: updated, outcome: 'active' } };
}

/** Completing is not cancelling: a finished term is 'completed', a pair stopped before is 'ended_early'. */
export async function endPair(
  db: Executor,
  input: { pairId: number; programmeId: number; how: 'completed' | 'ended_early'; reason: string; actorPersonId: number; now: Date },
): Promise<PairResult<Pair>> {
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, input.pairId)).for('update');
  if (!pair) return { ok: false, error: 'pair-error-not-found' };
  if (pair.programmeId !== input.programmeId) return { ok: false, error: 'pair-error-wrong-programme' };
  if (!OPEN_STATUSES.includes(pair.status)) return { ok: false, error: 'pair-error-not-open' };
  const updated = await changeStatus(db, pair, input.how, { actorPersonId: input.actorPersonId, note: input.reason, now: input.now });
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: `pair.${input.how}`,
    details: { pairId: pair.id, reason: input.reason },
    now: input.now,
  });
  return { ok: true, value: updated };
}

export async function pairHistory(db: Executor, pairId: number) {
  return db.select().from(pairEvents).where(eq(pairEvents.pairId, pairId)).orderBy(pairEvents.at, pairEvents.id);
}

/** Mentees of the programme who finished the intake and are in no proposed or active pair. */
export async function unpairedMentees(db: Executor, programmeId: number) {
  const open = db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, OPEN_STATUSES)));
  return db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.programmeId, programmeId),
        eq(memberships.role, 'mentee'),
        eq(memberships.status, 'questionnaire_done'),
        sql`${memberships.id} not in ${open}`,
      ),
    )
    .orderBy(memberships.createdAt, memberships.id);
}

/** The pair's members with their people, for messages about the pair. */
export async function pairParticipants(db: Executor, pairId: number) {
  return db
    .select({
      memberId: pairMembers.id,
      membershipId: pairMembers.membershipId,
      role: pairMembers.role,
      decision: pairMembers.decision,
      personId: memberships.personId,
      fullName: people.fullName,
    })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(pairMembers.pairId, pairId))
    .orderBy(pairMembers.role, pairMembers.id);
}

export async function getPair(db: Executor, pairId: number): Promise<Pair | undefined> {
  const [row] = await db.select().from(pairs).where(eq(pairs.id, pairId));
  return row;
}

/** Ready mentors of the programme who finished the intake (candidates for pairing by hand). */
export async function readyMentors(db: Executor, programmeId: number) {
  return db
    .select({ membershipId: memberships.id, fullName: people.fullName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(
      and(
        eq(memberships.programmeId, programmeId),
        eq(memberships.role, 'mentor'),
        eq(memberships.status, 'questionnaire_done'),
        eq(memberships.readiness, 'ready'),
      ),
    )
    .orderBy(memberships.createdAt, memberships.id);
}
