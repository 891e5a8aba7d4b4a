// The mentee and mentor bases as a curator sees them: filtered by status, paged, and one card.
import { and, asc, count, eq, inArray, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, people, type MentorReadiness, type Role } from '../../db/schema';
import { recordAudit } from '../audit/audit';
import { pairedMembershipIds } from '../pairs/pairs';

export const PAGE_SIZE = 8;

/**
 * Filters of a base: everyone; joined (the questionnaire not done yet); questionnaire done; ready
 * mentors; paired (in a proposed or active pair, joining a group, or in a pair completed at the end of
 * its term); unpaired (questionnaire done and none of that: a mentee stays listed here until a pair is
 * found, and comes back after a decline or an early end).
 */
export const baseFilters = ['all', 'joined', 'done', 'ready', 'paired', 'unpaired'] as const;
export type BaseFilter = (typeof baseFilters)[number];

function filterCondition(db: Executor, programmeId: number, filter: BaseFilter): SQL | undefined {
  switch (filter) {
    case 'all':
      return undefined;
    case 'joined':
      return inArray(memberships.status, ['joined', 'consented']);
    case 'done':
      return eq(memberships.status, 'questionnaire_done');
    case 'ready':
      return and(eq(memberships.status, 'questionnaire_done'), eq(memberships.readiness, 'ready'));
    case 'paired':
      return and(ne(memberships.status, 'withdrawn'), inArray(memberships.id, pairedMembershipIds(db, programmeId)));
    case 'unpaired':
      return and(eq(memberships.status, 'questionnaire_done'), notInArray(memberships.id, pairedMembershipIds(db, programmeId)));
  }
}

export async function participantPage(db: Executor, input: { programmeId: number; role: Role; page: number; filter?: BaseFilter | undefined }) {
  const where = and(
    eq(memberships.programmeId, input.programmeId),
    eq(memberships.role, input.role),
    filterCondition(db, input.programmeId, input.filter ?? 'all'),
  );
  const [total] = await db.select({ n: count() }).from(memberships).where(where);
  const rows = await db
    .select({
      membershipId: memberships.id,
      fullName: people.fullName,
      status: memberships.status,
      readiness: memberships.readiness,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(where)
    .orderBy(asc(memberships.createdAt), asc(memberships.id))
    .limit(PAGE_SIZE)
    .offset(input.page * PAGE_SIZE);
  return { rows, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE)) };
}

export async function participantCard(db: Executor, membershipId: number) {
  const [row] = await db
    .select({ membership: memberships, fullName: people.fullName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(eq(memberships.id, membershipId));
  return row;
}

/** Stage 4: a mentor is interviewed, trained, then ready; only ready mentors are matched. */
export async function setMentorReadiness(
  db: Executor,
  input: { membershipId: number; readiness: MentorReadiness; actorPersonId: number; programmeId: number; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(memberships)
    .set({ readiness: input.readiness, updatedAt: input.now })
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.role, 'mentor'), eq(memberships.programmeId, input.programmeId)))
    .returning({ id: memberships.id });
  if (rows.length === 0) return false;
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: 'mentor.readiness',
    details: { membershipId: input.membershipId, readiness: input.readiness },
    now: input.now,
  });
  return true;
}

export async function programmeCounts(db: Executor, programmeId: number) {
  return db
    .select({ role: memberships.role, status: memberships.status, n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.programmeId, programmeId))
    .groupBy(memberships.role, memberships.status);
}
