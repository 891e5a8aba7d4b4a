// Queries on organisations, programmes and their participants.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { identities, memberships, organisations, people, programmes, type Role } from '../schema';

export async function insertOrganisation(db: Executor, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error('insert into organisations returned no row');
  return row;
}

export async function findOrganisation(db: Executor, organisationId: number) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row;
}

export async function insertProgramme(db: Executor, values: typeof programmes.$inferInsert) {
  const [row] = await db.insert(programmes).values(values).returning();
  if (!row) throw new Error('insert into programmes returned no row');
  return row;
}

export async function findProgrammeWithOrganisation(db: Executor, programmeId: number) {
  const [row] = await db
    .select({ programme: programmes, organisation: organisations })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(programmes.id, programmeId));
  return row;
}

export async function selectParticipants(db: Executor, programmeId: number, role?: Role) {
  return db
    .select({
      personId: people.id,
      fullName: people.fullName,
      role: memberships.role,
      status: memberships.status,
      joinedAt: memberships.createdAt,
      platforms: sql<string[]>`coalesce(array_agg(distinct ${identities.platform}) filter (where ${identities.platform} is not null), '{}')`,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .leftJoin(identities, eq(identities.personId, people.id))
    .where(and(eq(memberships.programmeId, programmeId), role ? eq(memberships.role, role) : undefined))
    .groupBy(people.id, memberships.id)
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}
