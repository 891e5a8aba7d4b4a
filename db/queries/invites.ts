// Queries on invite codes.
import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { invites, organisations, programmes } from '../schema';

/** Inserts an invite; undefined when the code is taken (the caller draws another). */
export async function insertInvite(db: Executor, values: typeof invites.$inferInsert) {
  const rows = await db.insert(invites).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function findInviteWithProgramme(db: Executor, code: string) {
  const [row] = await db
    .select({ invite: invites, programme: programmes, organisation: organisations })
    .from(invites)
    .innerJoin(programmes, eq(programmes.id, invites.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(invites.code, code));
  return row;
}

/** Counts one use if the invite is still valid; one statement, so concurrent redeems never overshoot. */
export async function incrementInviteUse(db: Executor, code: string, now: Date) {
  const rows = await db
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(
      and(
        eq(invites.code, code),
        isNull(invites.revokedAt),
        or(isNull(invites.expiresAt), gt(invites.expiresAt, now)),
        or(isNull(invites.maxUses), lt(invites.uses, invites.maxUses)),
      ),
    )
    .returning();
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
