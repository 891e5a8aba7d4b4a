// Queries on memberships and consents.
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { cachedStatement, type Executor } from '../client';
import {
  consents,
  memberships,
  organisations,
  programmes,
  type Membership,
  type MembershipStatus,
  type Role,
} from '../schema';

const selectMembership = cachedStatement((db, v: { personId: number; programmeId: number; role: Role }) =>
  db
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, v.personId), eq(memberships.programmeId, v.programmeId), eq(memberships.role, v.role))),
);

export async function findMembership(db: Executor, personId: number, programmeId: number, role: Role) {
  const [row] = await selectMembership(db, { personId, programmeId, role });
  return row;
}

const insertOrUpdateMembership = cachedStatement(
  (db, v: { personId: number; programmeId: number; role: Role; status: MembershipStatus; inviteCode: string; now: Date }) =>
    db
      .insert(memberships)
      .values({ personId: v.personId, programmeId: v.programmeId, role: v.role, status: v.status, inviteCode: v.inviteCode, createdAt: v.now, updatedAt: v.now })
      .onConflictDoUpdate({
        target: [memberships.personId, memberships.programmeId, memberships.role],
        set: { status: v.status, updatedAt: v.now },
      })
      .returning(),
);

/** Creates the membership, or returns the existing one for the same person, programme and role. */
export async function upsertMembership(
  db: Executor,
  values: { personId: number; programmeId: number; role: Role; status: MembershipStatus; inviteCode: string },
  now: Date,
): Promise<Membership> {
  const [row] = await insertOrUpdateMembership(db, { ...values, now });
  if (!row) throw new Error('upsert into memberships returned no row');
  return row;
}

export async function setMembershipStatus(db: Executor, membershipId: number, status: MembershipStatus, now: Date) {
  await db.update(memberships).set({ status, updatedAt: now }).where(eq(memberships.id, membershipId));
}

const selectMembershipsOfPerson = cachedStatement((db, v: { personId: number }) =>
  db
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
    .where(and(eq(memberships.personId, v.personId), ne(memberships.status, 'withdrawn')))
    .orderBy(asc(memberships.createdAt), asc(memberships.id)),
);

/** The person's memberships with their programme and organisation names, oldest first. */
export async function listMembershipsOfPerson(db: Executor, personId: number) {
  return selectMembershipsOfPerson(db, { personId });
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

const insertConsentRow = cachedStatement(
  (
    db,
    v: {
      personId: number;
      programmeId: number;
      kind: 'personal_data' | 'parental';
      textVersion: string;
      givenAt: Date;
      parentName: string | null;
      parentContact: string | null;
    },
  ) =>
    db.insert(consents).values({
      personId: v.personId,
      programmeId: v.programmeId,
      kind: v.kind,
      textVersion: v.textVersion,
      givenAt: v.givenAt,
      parentName: v.parentName,
      parentContact: v.parentContact,
    }),
);

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
  await insertConsentRow(db, { ...values, parentName: values.parentName ?? null, parentContact: values.parentContact ?? null });
}

export async function activeConsents(db: Executor, personId: number) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)));
}
