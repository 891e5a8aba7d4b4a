// Queries on invite codes.
import { and, asc, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { cachedStatement, type Executor } from '../client';
import { invites, organisations, programmes } from '../schema';

/** Inserts an invite; undefined when the code is taken (the caller draws another). */
export async function insertInvite(db: Executor, values: typeof invites.$inferInsert) {
  const rows = await db.insert(invites).values(values).onConflictDoNothing().returning();
  return rows[0];
}

const selectInviteWithProgramme = cachedStatement((db, v: { code: string }) =>
  db
    .select({ invite: invites, programme: programmes, organisation: organisations })
    .from(invites)
    .innerJoin(programmes, eq(programmes.id, invites.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(invites.code, v.code)),
);

export async function findInviteWithProgramme(db: Executor, code: string) {
  const [row] = await selectInviteWithProgramme(db, { code });
  return row;
}

const updateInviteUse = cachedStatement((db, v: { code: string; now: string }) =>
  db
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.code, v.code),
        isNull(invites.revokedAt),
        or(isNull(invites.expiresAt), sql`${invites.expiresAt} > ${v.now}::timestamptz`),
        or(isNull(invites.maxUses), lt(invites.uses, invites.maxUses)),
      ),
    )
    .returning(),
);

/** Counts one use if the invite is still valid; one statement, so concurrent redeems never overshoot. */
export async function incrementInviteUse(db: Executor, code: string, now: Date) {
  const rows = await updateInviteUse(db, { code, now: now.toISOString() });
  return rows[0];
}

/** Revokes an invite that is not revoked yet; undefined when there is none. */
export async function setInviteRevoked(db: Executor, code: string, now: Date) {
  const rows = await db.update(invites).set({ revokedAt: now }).where(and(eq(invites.code, code), isNull(invites.revokedAt))).returning();
  return rows[0];
}

export async function selectInvites(db: Executor, programmeId: number) {
  return db.select().from(invites).where(eq(invites.programmeId, programmeId)).orderBy(desc(invites.createdAt), asc(invites.code));
}
