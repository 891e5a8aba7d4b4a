// Stage 7, completion: the curator ends the programme or one pair (or the programme's term ends,
// term-end-job.ts), and the members of those pairs are asked, through the outbox, for the
// reflection and the satisfaction questionnaire; the later questionnaires are
// opened by key; mentors are nominated for an award by their mentees and by the curator.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { findResponsesOfMembership, insertResponse } from '../../db/queries/questionnaires';
import {
  awardNominations,
  memberships,
  pairGoals,
  pairMembers,
  pairs,
  people,
  programmes,
  type Membership,
  type NominatorRole,
  type Pair,
  type ResponseRow,
  type Role,
} from '../../db/schema';
import type { OutboundMessage } from '../../flows/events';
import { recordAudit } from '../audit/audit';
import type { I18n } from '../i18n';
import { queueMessagesFor, type LocalisedMessage } from '../jobs/jobs';
import type { Translate } from '../jobs/types';
import { endPair } from '../pairs/pairs';
import type { CatalogEntry, QuestionnaireCatalog } from '../questionnaires/catalog';
import { FORMED_STATUSES, satisfactionKeys, swotKey } from './summary';

/** The stage of the target model a finished programme is in. */
export const COMPLETION_STAGE = 7;

export interface ReflectionTarget {
  pairId: number;
  membershipId: number;
  personId: number;
  role: 'mentor' | 'mentee';
}

/** Members of these pairs who can still be asked (not withdrawn), one row per pair and member. */
export async function reflectionTargets(db: Executor, pairIds: number[]): Promise<ReflectionTarget[]> {
  if (pairIds.length === 0) return [];
  return db
    .select({ pairId: pairMembers.pairId, membershipId: pairMembers.membershipId, personId: memberships.personId, role: pairMembers.role })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .where(and(inArray(pairMembers.pairId, pairIds), ne(memberships.status, 'withdrawn')))
    .orderBy(asc(pairMembers.pairId), asc(pairMembers.id));
}

/** What a reflection request says: the flow layer writes it (texts and the answer button). */
export interface ReflectionRequest {
  programme: string;
  role: ReflectionTarget['role'];
  membershipId: number;
  goals: string[];
}

/**
 * Queues the reflection request of each member of the completed pairs, in the caller's transaction:
 * a programme of thousands of pairs is sent by the outbox under the messengers' limits, and a crash
 * before the commit loses nothing. A person in several of these pairs is asked once per membership;
 * the outbox key names the pair and the membership, so the same completion never asks twice.
 * Returns how many people were asked.
 */
export async function queueReflectionRequests(
  tx: Executor,
  i18n: I18n,
  input: { targets: ReflectionTarget[]; programme: string; now: Date; build: (t: Translate, request: ReflectionRequest) => OutboundMessage },
): Promise<number> {
  const goals = await goalsOfPairs(tx, [...new Set(input.targets.map((t) => t.pairId))]);
  const memberships = new Set<number>();
  const messages: LocalisedMessage[] = [];
  for (const target of input.targets) {
    if (memberships.has(target.membershipId)) continue;
    memberships.add(target.membershipId);
    const request: ReflectionRequest = { programme: input.programme, role: target.role, membershipId: target.membershipId, goals: goals.get(target.pairId) ?? [] };
    messages.push({
      personId: target.personId,
      dedupeKey: `reflection:${target.pairId}:${target.membershipId}`,
      build: (t) => input.build(t, request),
      notBefore: input.now,
    });
  }
  const queued = await queueMessagesFor(tx, i18n, messages);
  return new Set(messages.filter((m) => queued.has(m.dedupeKey)).map((m) => m.personId)).size;
}

export interface FinishResult {
  /** False when `unlessFinished` was asked and the programme was already finished: nothing changed. */
  finished: boolean;
  completed: Pair[];
  /** Proposals nobody had confirmed yet, closed with the programme. */
  closedProposals: number;
  targets: ReflectionTarget[];
}

/**
 * Ends the programme: active pairs complete, open proposals close, the programme moves to stage 7.
 * The curator's /finish and the end-of-term job both end a programme here. `actorPersonId` is null
 * when the term ended by itself; `unlessFinished` leaves a programme already at stage 7 as it is
 * (the job: a second run, or a curator who finished it meanwhile, changes nothing).
 */
export async function finishProgramme(
  db: Executor,
  input: { programmeId: number; actorPersonId: number | null; now: Date; reason: string; unlessFinished?: boolean },
): Promise<FinishResult> {
  // The programme row is locked so two curators (or a curator and the job) finishing at once complete each pair once.
  const [locked] = await db.select({ stage: programmes.stage }).from(programmes).where(eq(programmes.id, input.programmeId)).for('no key update');
  if (!locked || (input.unlessFinished === true && locked.stage >= COMPLETION_STAGE)) return { finished: false, completed: [], closedProposals: 0, targets: [] };
  const open = await db
    .select({ id: pairs.id, status: pairs.status })
    .from(pairs)
    .where(and(eq(pairs.programmeId, input.programmeId), inArray(pairs.status, ['proposed', 'active'])))
    .orderBy(asc(pairs.id));
  const completed: Pair[] = [];
  let closedProposals = 0;
  for (const pair of open) {
    const how = pair.status === 'active' ? 'completed' : 'ended_early';
    const result = await endPair(db, { pairId: pair.id, programmeId: input.programmeId, how, reason: input.reason, actorPersonId: input.actorPersonId, now: input.now });
    if (!result.ok) continue;
    if (how === 'completed') completed.push(result.value);
    else closedProposals++;
  }
  await db.update(programmes).set({ stage: COMPLETION_STAGE }).where(eq(programmes.id, input.programmeId));
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: input.actorPersonId === null ? 'programme.term_end' : 'programme.finish',
    details: { completedPairs: completed.map((p) => p.id), closedProposals },
    now: input.now,
  });
  return { finished: true, completed, closedProposals, targets: await reflectionTargets(db, completed.map((p) => p.id)) };
}

/** Completes one active pair at the end of its term. */
export async function completePair(
  db: Executor,
  input: { pairId: number; programmeId: number; actorPersonId: number; now: Date; reason: string },
): Promise<{ ok: true; pair: Pair; targets: ReflectionTarget[] } | { ok: false; error: string }> {
  const [pair] = await db.select({ status: pairs.status }).from(pairs).where(and(eq(pairs.id, input.pairId), eq(pairs.programmeId, input.programmeId)));
  if (!pair) return { ok: false, error: 'pair-error-not-found' };
  if (pair.status !== 'active') return { ok: false, error: 'reports-pair-not-active' };
  const result = await endPair(db, { ...input, how: 'completed' });
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, pair: result.value, targets: await reflectionTargets(db, [input.pairId]) };
}

/** The active pairs of a programme with their members' names, for the curator to pick one. */
export async function activePairs(db: Executor, programmeId: number) {
  const rows = await db
    .select({ pairId: pairs.id, role: pairMembers.role, fullName: people.fullName, activatedAt: pairs.activatedAt })
    .from(pairs)
    .innerJoin(pairMembers, eq(pairMembers.pairId, pairs.id))
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(pairs.programmeId, programmeId), eq(pairs.status, 'active')))
    .orderBy(asc(pairs.id), sql`${pairMembers.role} desc`, asc(pairMembers.id));
  const byPair = new Map<number, { pairId: number; mentors: (string | null)[]; mentees: (string | null)[] }>();
  for (const row of rows) {
    const entry = byPair.get(row.pairId) ?? { pairId: row.pairId, mentors: [], mentees: [] };
    (row.role === 'mentor' ? entry.mentors : entry.mentees).push(row.fullName);
    byPair.set(row.pairId, entry);
  }
  return [...byPair.values()];
}

/** The goals of each of these pairs (one query, however many pairs a programme completes). */
export async function goalsOfPairs(db: Executor, pairIds: number[]): Promise<Map<number, string[]>> {
  const byPair = new Map<number, string[]>();
  if (pairIds.length === 0) return byPair;
  const rows = await db
    .select({ pairId: pairGoals.pairId, text: pairGoals.text })
    .from(pairGoals)
    .where(inArray(pairGoals.pairId, pairIds))
    .orderBy(asc(pairGoals.pairId), asc(pairGoals.id));
  for (const row of rows) byPair.set(row.pairId, [...(byPair.get(row.pairId) ?? []), row.text]);
  return byPair;
}

/** The people to tell that a programme's term ended: its curators (not withdrawn). */
export async function curatorsOfProgramme(db: Executor, programmeId: number): Promise<number[]> {
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.programmeId, programmeId), eq(memberships.role, 'curator'), ne(memberships.status, 'withdrawn')))
    .orderBy(asc(memberships.id));
  return [...new Set(rows.map((r) => r.personId))];
}

/**
 * The membership's response to the questionnaire `key` (any version it already started), or a new
 * one on the latest version. Undefined when no such questionnaire is shipped.
 */
export async function openQuestionnaire(
  db: Executor,
  catalog: QuestionnaireCatalog,
  membership: Membership,
  key: string,
  now: Date,
): Promise<{ response: ResponseRow; entry: CatalogEntry } | undefined> {
  const latest = catalog.latest(key);
  if (!latest) return undefined;
  const existing = (await findResponsesOfMembership(db, membership.id)).find((r) => r.key === key);
  if (existing) {
    const entry = catalog.byId(existing.response.questionnaireId);
    if (entry) return { response: existing.response, entry };
  }
  return { response: await insertResponse(db, membership.id, latest.id, now), entry: latest };
}

/** Whether the membership has submitted (any version of) the questionnaire. */
export async function hasSubmitted(db: Executor, membershipId: number, key: string): Promise<boolean> {
  return (await findResponsesOfMembership(db, membershipId)).some((r) => r.key === key && r.response.status === 'submitted');
}

/** What the member answers next at the end: the reflection first, then the satisfaction questionnaire. */
export async function nextCompletionKey(db: Executor, membership: Membership): Promise<string | undefined> {
  if (membership.role === 'curator') return (await hasSubmitted(db, membership.id, swotKey)) ? undefined : swotKey;
  const keys = satisfactionKeys[membership.role];
  for (const key of [keys.reflection, keys.after]) if (!(await hasSubmitted(db, membership.id, key))) return key;
  return undefined;
}

export async function findMembership(db: Executor, membershipId: number): Promise<Membership | undefined> {
  const [row] = await db.select().from(memberships).where(eq(memberships.id, membershipId));
  return row;
}

/** The person's (not withdrawn) membership with this role in the programme. */
export async function roleMembership(db: Executor, personId: number, programmeId: number, role: Role): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.programmeId, programmeId), eq(memberships.role, role), ne(memberships.status, 'withdrawn')));
  return row;
}

/** The mentors of the mentee's formed pairs (for the mentee's award nomination). */
export async function mentorsOfMentee(db: Executor, menteeMembershipId: number) {
  const own = db
    .select({ pairId: pairMembers.pairId })
    .from(pairMembers)
    .where(and(eq(pairMembers.membershipId, menteeMembershipId), eq(pairMembers.role, 'mentee')));
  return db
    .selectDistinct({ membershipId: pairMembers.membershipId, fullName: people.fullName })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(inArray(pairMembers.pairId, own), eq(pairMembers.role, 'mentor'), inArray(pairs.status, FORMED_STATUSES), ne(memberships.status, 'withdrawn')));
}

/** Mentors of the programme who have been in a formed pair (the curator's nomination list). */
export async function nominableMentors(db: Executor, programmeId: number) {
  return db
    .selectDistinct({ membershipId: pairMembers.membershipId, fullName: people.fullName })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(pairs.programmeId, programmeId), eq(pairMembers.role, 'mentor'), inArray(pairs.status, FORMED_STATUSES), ne(memberships.status, 'withdrawn')));
}

/** Records a nomination once per nominating person and mentor; false when it was already there. */
export async function nominateMentor(
  db: Executor,
  input: { programmeId: number; mentorMembershipId: number; byPersonId: number; byRole: NominatorRole; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(awardNominations)
    .values({
      programmeId: input.programmeId,
      mentorMembershipId: input.mentorMembershipId,
      nominatedByPersonId: input.byPersonId,
      byRole: input.byRole,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: awardNominations.id });
  if (inserted.length > 0) {
    await recordAudit(db, {
      programmeId: input.programmeId,
      actorPersonId: input.byPersonId,
      action: 'award.nominate',
      details: { mentorMembershipId: input.mentorMembershipId, byRole: input.byRole },
      now: input.now,
    });
  }
  return inserted.length > 0;
}
