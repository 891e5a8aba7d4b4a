// Queries on memberships and consents.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../client';
import {
  consents,
  memberships,
  organisations,
  programmes,
  type Membership,
  type MembershipStatus,
  type Role,
} from '../schema';

export async function findMembership(db: Executor, personId: number, programmeId: number, role: Role) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.programmeId, programmeId), eq(memberships.role, role)));
  return row;
}

/** Creates the membership, or returns the existing one for the same person, programme and role. */
export async function upsertMembership(
  db: Executor,
  values: { personId: number; programmeId: number; role: Role; status: MembershipStatus; inviteCode: string },
  now: Date,
): Promise<Membership> {
  const [row] = await db
    .insert(memberships)
    .values({ ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [memberships.personId, memberships.programmeId, memberships.role],
      set: { status: values.status, updatedAt: now },
    })
    .returning();
  if (!row) throw new Error('upsert into memberships returned no row');
  return row;
}

export async function setMembershipStatus(db: Executor, membershipId: number, status: MembershipStatus, now: Date) {
  await db.update(memberships).set({ status, updatedAt: now }).where(eq(memberships.id, membershipId));
}

/** The person's memberships with their programme and organisation names, oldest first. */
export async function listMembershipsOfPerson(db: Executor, personId: number) {
  return db
    .select({
      membership: memberships,
      programmeName: programmes.name,
      programmeTopics: programmes.topics,
      organisationName: organisations.name,
      timezone: organisations.timezone,
    })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(and(eq(memberships.personId, personId), ne(memberships.status, 'withdrawn')))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

export async function getMembershipContext(db: Executor, membershipId: number) {
  const [row] = await db
    .select({
      membership: memberships,
      programmeName: programmes.name,
      programmeTopics: programmes.topics,
      organisationName: organisations.name,
      timezone: organisations.timezone,
    })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(memberships.id, membershipId));
  return row;
}

export async function insertConsent(
  db: Executor,
  values: {
    personId: number;
    programmeId: number;
    kind: 'personal_data' | 'parental';
    textVersion: string;
    givenAt: Date;
    parentName?: string | undefined;
    parentContact?: string | undefined;
  },
): Promise<void> {
  await db.insert(consents).values(values);
}

export async function activeConsents(db: Executor, personId: number) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)));
}
