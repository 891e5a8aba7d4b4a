// Pairs and groups (stage 5): a curator proposes, every member confirms or declines, the pair
// becomes active; later it is completed or ended early. Every change is kept in pair_events and
// every curator action in the audit log. Errors a user can cause are values with a locale key.
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  answers,
  memberships,
  pairEvents,
  pairJoins,
  pairMembers,
  pairs,
  people,
  questionnaires,
  responses,
  type Membership,
  type Pair,
  type PairJoin,
  type PairStatus,
} from '../../db/schema';
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
  | 'pair-error-not-open'
  | 'pair-error-mentor-full'
  | 'pair-error-already-member'
  | 'pair-error-join-not-pending';

export type PairResult<T> = { ok: true; value: T } | { ok: false; error: PairError };

/** Pairs a mentee cannot be in twice: a proposal or an active pair. */
export const OPEN_STATUSES: PairStatus[] = ['proposed', 'active'];

/**
 * Mentees of these memberships who are taken: in a proposed or active pair, or waiting to join an
 * active group. A mentee is never in two open pairs.
 */
export async function takenMentees(db: Executor, membershipIds: number[]): Promise<Set<number>> {
  if (membershipIds.length === 0) return new Set();
  const inPairs = await db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(inArray(pairMembers.membershipId, membershipIds), inArray(pairs.status, OPEN_STATUSES)));
  const joining = await db
    .select({ id: pairJoins.membershipId })
    .from(pairJoins)
    .where(and(inArray(pairJoins.membershipId, membershipIds), eq(pairJoins.status, 'pending')));
  return new Set([...inPairs, ...joining].map((r) => r.id));
}

/**
 * How many mentees each mentor already has: the mentees (members and pending joiners) of every open
 * pair the mentor is in or is waiting to join. A co-mentor counts the whole group.
 */
export async function mentorLoads(db: Executor, mentorIds: number[]): Promise<Map<number, number>> {
  const loads = new Map<number, number>(mentorIds.map((id) => [id, 0]));
  if (mentorIds.length === 0) return loads;
  const asMember = await db
    .select({ mentorId: pairMembers.membershipId, pairId: pairs.id })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(inArray(pairMembers.membershipId, mentorIds), eq(pairMembers.role, 'mentor'), inArray(pairs.status, OPEN_STATUSES)));
  const asJoiner = await db
    .select({ mentorId: pairJoins.membershipId, pairId: pairs.id })
    .from(pairJoins)
    .innerJoin(pairs, eq(pairs.id, pairJoins.pairId))
    .where(and(inArray(pairJoins.membershipId, mentorIds), eq(pairJoins.role, 'mentor'), eq(pairJoins.status, 'pending'), inArray(pairs.status, OPEN_STATUSES)));
  const links = [...asMember, ...asJoiner];
  const sizes = await menteesPerPair(db, [...new Set(links.map((l) => l.pairId))]);
  for (const link of links) loads.set(link.mentorId, (loads.get(link.mentorId) ?? 0) + (sizes.get(link.pairId) ?? 0));
  return loads;
}

/** Mentees of each pair, the pending joiners included. */
async function menteesPerPair(db: Executor, pairIds: number[]): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  if (pairIds.length === 0) return sizes;
  const members = await db
    .select({ pairId: pairMembers.pairId, n: sql<number>`count(*)::int` })
    .from(pairMembers)
    .where(and(inArray(pairMembers.pairId, pairIds), eq(pairMembers.role, 'mentee')))
    .groupBy(pairMembers.pairId);
  const joiners = await db
    .select({ pairId: pairJoins.pairId, n: sql<number>`count(*)::int` })
    .from(pairJoins)
    .where(and(inArray(pairJoins.pairId, pairIds), eq(pairJoins.role, 'mentee'), eq(pairJoins.status, 'pending')))
    .groupBy(pairJoins.pairId);
  for (const row of [...members, ...joiners]) sizes.set(row.pairId, (sizes.get(row.pairId) ?? 0) + row.n);
  return sizes;
}

/**
 * Answers of the submitted intake questionnaires of these memberships, by membership and question id
 * (raw values; callers validate them). Later questionnaires (reflection, satisfaction) are not mixed in.
 */
export async function intakeAnswerRows(db: Executor, membershipIds: number[]) {
  if (membershipIds.length === 0) return [];
  return db
    .select({ membershipId: responses.membershipId, questionId: answers.questionId, value: answers.value })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(and(inArray(responses.membershipId, membershipIds), eq(responses.status, 'submitted'), sql`${questionnaires.definition}->>'purpose' = 'intake'`));
}

/** Each mentor's stated number of mentees (the intake's "capacity"); a mentor who stated none has no limit here. */
export async function mentorCapacities(db: Executor, mentorIds: number[]): Promise<Map<number, number>> {
  const rows = (await intakeAnswerRows(db, mentorIds)).filter((r) => r.questionId === 'capacity');
  const capacities = new Map<number, number>();
  for (const row of rows) {
    const value = row.value as { kind?: unknown; value?: unknown } | null;
    if (value?.kind === 'integer' && typeof value.value === 'number') capacities.set(row.membershipId, value.value);
  }
  return capacities;
}

/** The first mentor who would take more mentees than stated, with `extra` more each. */
async function overCapacity(db: Executor, extra: Map<number, number>): Promise<boolean> {
  const ids = [...extra.keys()];
  const [capacities, loads] = await Promise.all([mentorCapacities(db, ids), mentorLoads(db, ids)]);
  return ids.some((id) => {
    const capacity = capacities.get(id);
    return capacity !== undefined && (loads.get(id) ?? 0) + (extra.get(id) ?? 0) > capacity;
  });
}

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
  const rows = await db.select().from(memberships).where(inArray(memberships.id, ids)).orderBy(memberships.id).for('no key update');
  if (rows.length !== ids.length) return { ok: false, error: 'pair-error-not-found' };
  if (rows.some((m) => m.programmeId !== input.programmeId)) return { ok: false, error: 'pair-error-wrong-programme' };
  const byId = new Map(rows.map((m) => [m.id, m]));
  if (input.mentorMembershipIds.some((id) => byId.get(id)?.role !== 'mentor')) return { ok: false, error: 'pair-error-wrong-role' };
  if (input.menteeMembershipIds.some((id) => byId.get(id)?.role !== 'mentee')) return { ok: false, error: 'pair-error-wrong-role' };
  if (rows.some((m) => m.status === 'withdrawn')) return { ok: false, error: 'pair-error-not-found' };

  if ((await takenMentees(db, input.menteeMembershipIds)).size > 0) return { ok: false, error: 'pair-error-mentee-taken' };
  // The mentors' rows are locked above, so two proposals to one mentor are counted one after the other.
  const extra = new Map(input.mentorMembershipIds.map((id) => [id, input.menteeMembershipIds.length]));
  if (await overCapacity(db, extra)) return { ok: false, error: 'pair-error-mentor-full' };

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
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, input.pairId)).for('no key update');
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
  input: { pairId: number; programmeId: number; how: 'completed' | 'ended_early'; reason: string; actorPersonId: number | null; now: Date },
): Promise<PairResult<Pair>> {
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, input.pairId)).for('no key update');
  if (!pair) return { ok: false, error: 'pair-error-not-found' };
  if (pair.programmeId !== input.programmeId) return { ok: false, error: 'pair-error-wrong-programme' };
  if (!OPEN_STATUSES.includes(pair.status)) return { ok: false, error: 'pair-error-not-open' };
  const updated = await changeStatus(db, pair, input.how, { actorPersonId: input.actorPersonId, note: input.reason, now: input.now });
  // Whoever was waiting to join the pair is not joining an ended one.
  await db
    .update(pairJoins)
    .set({ status: 'cancelled', decidedAt: input.now })
    .where(and(eq(pairJoins.pairId, pair.id), eq(pairJoins.status, 'pending')));
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

/**
 * Memberships of the programme that have a pair (a subquery): in a proposed or active pair, waiting to
 * join one, or in a pair completed at the end of its term (completing is not cancelling: such a
 * mentee is not back among those waiting for a pair, unlike after a decline or an early end).
 */
export function pairedMembershipIds(db: Executor, programmeId: number) {
  const inPairs = db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, [...OPEN_STATUSES, 'completed'])));
  const joining = db
    .select({ id: pairJoins.membershipId })
    .from(pairJoins)
    .innerJoin(pairs, eq(pairs.id, pairJoins.pairId))
    .where(and(eq(pairs.programmeId, programmeId), eq(pairJoins.status, 'pending')));
  return inPairs.union(joining);
}

/** Mentees of these memberships whose pair was completed at the end of its term. */
export async function completedMentees(db: Executor, membershipIds: number[]): Promise<Set<number>> {
  if (membershipIds.length === 0) return new Set();
  const rows = await db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(inArray(pairMembers.membershipId, membershipIds), eq(pairMembers.role, 'mentee'), eq(pairs.status, 'completed')));
  return new Set(rows.map((r) => r.id));
}

/** Mentees of the programme who finished the intake and have no pair (none open, none joining, none completed). */
export async function unpairedMentees(db: Executor, programmeId: number) {
  const open = pairedMembershipIds(db, programmeId);
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

export type AddMemberOutcome =
  /** A proposed pair: the newcomer is a member now and everyone confirms the new group afresh. */
  | { kind: 'added'; pair: Pair }
  /** An active pair: the newcomer waits until they and every member confirm. */
  | { kind: 'joining'; pair: Pair; join: PairJoin };

/** The note of a pair event that records a member added: "+mentee:12". */
export function memberAddedNote(role: 'mentor' | 'mentee', membershipId: number): string {
  return `+${role}:${membershipId}`;
}

export function parseMemberAddedNote(note: string | null): { role: 'mentor' | 'mentee'; membershipId: number } | undefined {
  const match = /^\+(mentor|mentee):(\d+)$/.exec(note ?? '');
  return match ? { role: match[1] as 'mentor' | 'mentee', membershipId: Number(match[2]) } : undefined;
}

/**
 * A group grows: another mentee, or a second mentor, is added to a proposed or active pair. Mentor
 * capacities hold and a mentee is never in two open pairs; the pair row and then the people's rows
 * are locked, so two curators adding at once are counted one after the other.
 */
export async function addMember(
  db: Executor,
  input: { pairId: number; programmeId: number; membershipId: number; role: 'mentor' | 'mentee'; actorPersonId: number; now: Date },
): Promise<PairResult<AddMemberOutcome>> {
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, input.pairId)).for('no key update');
  if (!pair) return { ok: false, error: 'pair-error-not-found' };
  if (pair.programmeId !== input.programmeId) return { ok: false, error: 'pair-error-wrong-programme' };
  if (!OPEN_STATUSES.includes(pair.status)) return { ok: false, error: 'pair-error-not-open' };
  const members = await db.select().from(pairMembers).where(eq(pairMembers.pairId, pair.id));
  const joining = await db.select().from(pairJoins).where(and(eq(pairJoins.pairId, pair.id), eq(pairJoins.status, 'pending')));
  if ([...members, ...joining].some((m) => m.membershipId === input.membershipId)) return { ok: false, error: 'pair-error-already-member' };
  const mentorIds = [...members, ...joining].filter((m) => m.role === 'mentor').map((m) => m.membershipId);
  if (input.role === 'mentor' && mentorIds.length >= 2) return { ok: false, error: 'pair-error-too-many-mentors' };

  const ids = [...new Set([input.membershipId, ...mentorIds])].sort((a, b) => a - b);
  const rows: Membership[] = await db.select().from(memberships).where(inArray(memberships.id, ids)).orderBy(memberships.id).for('no key update');
  const newcomer = rows.find((m) => m.id === input.membershipId);
  if (!newcomer || newcomer.status === 'withdrawn') return { ok: false, error: 'pair-error-not-found' };
  if (newcomer.programmeId !== pair.programmeId) return { ok: false, error: 'pair-error-wrong-programme' };
  if (newcomer.role !== input.role) return { ok: false, error: 'pair-error-wrong-role' };
  if (input.role === 'mentee' && (await takenMentees(db, [newcomer.id])).size > 0) return { ok: false, error: 'pair-error-mentee-taken' };
  const extra =
    input.role === 'mentee'
      ? new Map(mentorIds.map((id) => [id, 1]))
      : new Map([[newcomer.id, (await menteesPerPair(db, [pair.id])).get(pair.id) ?? 0]]);
  if (await overCapacity(db, extra)) return { ok: false, error: 'pair-error-mentor-full' };

  const audit = { pairId: pair.id, membershipId: newcomer.id, role: input.role };
  if (pair.status === 'proposed') {
    await db.insert(pairMembers).values({ pairId: pair.id, membershipId: newcomer.id, role: input.role });
    // The group changed: the consent given to the old one does not cover it, everyone confirms again.
    await db.update(pairMembers).set({ decision: 'pending', decidedAt: null }).where(eq(pairMembers.pairId, pair.id));
    await db.insert(pairEvents).values({
      pairId: pair.id,
      fromStatus: pair.status,
      toStatus: pair.status,
      actorPersonId: input.actorPersonId,
      note: memberAddedNote(input.role, newcomer.id),
      at: input.now,
    });
    await recordAudit(db, { programmeId: pair.programmeId, actorPersonId: input.actorPersonId, action: 'pair.add-member', details: audit, now: input.now });
    return { ok: true, value: { kind: 'added', pair } };
  }
  const [join] = await db
    .insert(pairJoins)
    .values({ pairId: pair.id, membershipId: newcomer.id, role: input.role, createdByPersonId: input.actorPersonId, createdAt: input.now })
    .returning();
  if (!join) throw new Error('insert into pair_joins returned no row');
  await recordAudit(db, { programmeId: pair.programmeId, actorPersonId: input.actorPersonId, action: 'pair.add-member', details: { ...audit, joinId: join.id }, now: input.now });
  return { ok: true, value: { kind: 'joining', pair, join } };
}

export type JoinOutcome = { pair: Pair; join: PairJoin; outcome: 'waiting' | 'accepted' | 'declined' };

/** The newcomer and each member of the active pair confirm the newcomer joining, or decline with a reason. */
export async function decideOnJoin(
  db: Executor,
  input: { joinId: number; membershipId: number; decision: 'confirmed' | 'declined'; reason?: string | undefined; actorPersonId: number; now: Date },
): Promise<PairResult<JoinOutcome>> {
  const [found] = await db.select({ pairId: pairJoins.pairId }).from(pairJoins).where(eq(pairJoins.id, input.joinId));
  if (!found) return { ok: false, error: 'pair-error-not-found' };
  const [pair] = await db.select().from(pairs).where(eq(pairs.id, found.pairId)).for('no key update');
  const [join] = await db.select().from(pairJoins).where(eq(pairJoins.id, input.joinId)).for('no key update');
  if (!pair || !join) return { ok: false, error: 'pair-error-not-found' };
  const members = await db.select().from(pairMembers).where(eq(pairMembers.pairId, pair.id));
  const deciders = [join.membershipId, ...members.map((m) => m.membershipId)];
  if (!deciders.includes(input.membershipId)) return { ok: false, error: 'pair-error-not-member' };
  if (join.status !== 'pending' || pair.status !== 'active') return { ok: false, error: 'pair-error-join-not-pending' };
  if (input.decision === 'declined') {
    const [declined] = await db
      .update(pairJoins)
      .set({ status: 'declined', declinedByMembershipId: input.membershipId, declineReason: input.reason ?? null, decidedAt: input.now })
      .where(eq(pairJoins.id, join.id))
      .returning();
    return { ok: true, value: { pair, join: declined ?? join, outcome: 'declined' } };
  }
  const confirmedBy = [...new Set([...join.confirmedBy, input.membershipId])];
  if (!deciders.every((id) => confirmedBy.includes(id))) {
    const [waiting] = await db.update(pairJoins).set({ confirmedBy }).where(eq(pairJoins.id, join.id)).returning();
    return { ok: true, value: { pair, join: waiting ?? join, outcome: 'waiting' } };
  }
  const [newcomer] = await db.select().from(memberships).where(eq(memberships.id, join.membershipId)).for('no key update');
  if (!newcomer || newcomer.status === 'withdrawn') {
    await db.update(pairJoins).set({ status: 'cancelled', decidedAt: input.now }).where(eq(pairJoins.id, join.id));
    return { ok: false, error: 'pair-error-join-not-pending' };
  }
  await db.insert(pairMembers).values({ pairId: pair.id, membershipId: join.membershipId, role: join.role, decision: 'confirmed', decidedAt: input.now });
  const [accepted] = await db.update(pairJoins).set({ confirmedBy, status: 'accepted', decidedAt: input.now }).where(eq(pairJoins.id, join.id)).returning();
  await db.insert(pairEvents).values({
    pairId: pair.id,
    fromStatus: pair.status,
    toStatus: pair.status,
    actorPersonId: input.actorPersonId,
    note: memberAddedNote(join.role, join.membershipId),
    at: input.now,
  });
  return { ok: true, value: { pair, join: accepted ?? join, outcome: 'accepted' } };
}

export async function getJoin(db: Executor, joinId: number): Promise<PairJoin | undefined> {
  const [row] = await db.select().from(pairJoins).where(eq(pairJoins.id, joinId));
  return row;
}

/** Joins of a pair still waiting for confirmations, with the newcomers' names. */
export async function pendingJoins(db: Executor, pairId: number) {
  return db
    .select({ join: pairJoins, personId: memberships.personId, fullName: people.fullName })
    .from(pairJoins)
    .innerJoin(memberships, eq(memberships.id, pairJoins.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(pairJoins.pairId, pairId), eq(pairJoins.status, 'pending')))
    .orderBy(pairJoins.id);
}

export const PAIRS_PAGE_SIZE = 8;

export interface PairListRow {
  pair: Pair;
  mentors: (string | null)[];
  mentees: (string | null)[];
}

/** The programme's pairs and groups, newest first, optionally in one state, a page at a time. */
export async function listPairs(
  db: Executor,
  input: { programmeId: number; status?: PairStatus | undefined; page: number },
): Promise<{ rows: PairListRow[]; total: number; pages: number }> {
  const where = and(eq(pairs.programmeId, input.programmeId), input.status ? eq(pairs.status, input.status) : undefined);
  const [total] = await db.select({ n: count() }).from(pairs).where(where);
  const page = await db
    .select()
    .from(pairs)
    .where(where)
    .orderBy(desc(pairs.createdAt), desc(pairs.id))
    .limit(PAIRS_PAGE_SIZE)
    .offset(input.page * PAIRS_PAGE_SIZE);
  const members = page.length === 0 ? [] : await db
    .select({ pairId: pairMembers.pairId, role: pairMembers.role, fullName: people.fullName })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(pairMembers.pairId, page.map((p) => p.id)))
    .orderBy(pairMembers.id);
  const rows = page.map((pair) => {
    const own = members.filter((m) => m.pairId === pair.id);
    return { pair, mentors: own.filter((m) => m.role === 'mentor').map((m) => m.fullName), mentees: own.filter((m) => m.role === 'mentee').map((m) => m.fullName) };
  });
  const n = total?.n ?? 0;
  return { rows, total: n, pages: Math.max(1, Math.ceil(n / PAIRS_PAGE_SIZE)) };
}

/** How many pairs of the programme are in each state. */
export async function pairCounts(db: Executor, programmeId: number): Promise<Map<PairStatus, number>> {
  const rows = await db
    .select({ status: pairs.status, n: sql<number>`count(*)::int` })
    .from(pairs)
    .where(eq(pairs.programmeId, programmeId))
    .groupBy(pairs.status);
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** Every membership id of the person (a pair's buttons name memberships; the presser must hold one). */
export async function membershipIdsOfPerson(db: Executor, personId: number): Promise<number[]> {
  const rows = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.personId, personId));
  return rows.map((r) => r.id);
}

/** A pair member row with the person behind it. */
export async function pairMemberRow(db: Executor, pairMemberId: number) {
  const [row] = await db
    .select({ member: pairMembers, personId: memberships.personId, fullName: people.fullName })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(pairMembers.id, pairMemberId));
  return row;
}

/** A membership with the person's name (the newcomer of a join, the author of a question). */
export async function membershipWithName(db: Executor, membershipId: number) {
  const [row] = await db
    .select({ membershipId: memberships.id, role: memberships.role, personId: memberships.personId, fullName: people.fullName, programmeId: memberships.programmeId })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.id, membershipId));
  return row;
}

/** The pairs a membership is in, newest first. */
export async function pairsOfMembership(db: Executor, membershipId: number, limit = 5) {
  return db
    .select({ id: pairs.id, status: pairs.status, programmeId: pairs.programmeId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(eq(pairMembers.membershipId, membershipId))
    .orderBy(desc(pairs.createdAt), desc(pairs.id))
    .limit(limit);
}

/** The person's mentee and mentor memberships (not withdrawn), newest first. */
export async function participantMembershipsOf(db: Executor, personId: number) {
  return db
    .select({ id: memberships.id, programmeId: memberships.programmeId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), inArray(memberships.role, ['mentee', 'mentor']), sql`${memberships.status} <> 'withdrawn'`))
    .orderBy(desc(memberships.createdAt), desc(memberships.id));
}
