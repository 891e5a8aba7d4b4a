// Regional coordinators: named by the operator (directly, or by a one-time code the person sends to
// the bot) for a region and, optionally, one municipality. Every coordinator command reads the
// scope here on every call; a coordinator sees nothing outside it.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { coordinatorInvites, coordinators, people, type Coordinator, type CoordinatorInvite } from '../../db/schema';
import { generateInviteCode } from '../invites/invites';

export interface CoordinatorScope {
  coordinatorId: number;
  region: string;
  /** Null: the whole region. */
  municipality: string | null;
}

/** The person's coordinator scope (the newest one not revoked), or undefined for anyone else. */
export async function coordinatorScope(db: Executor, personId: number): Promise<CoordinatorScope | undefined> {
  const [row] = await db
    .select({ coordinatorId: coordinators.id, region: coordinators.region, municipality: coordinators.municipality })
    .from(coordinators)
    .where(and(eq(coordinators.personId, personId), isNull(coordinators.revokedAt)))
    .orderBy(desc(coordinators.createdAt), desc(coordinators.id))
    .limit(1);
  return row;
}

export interface CoordinatorInput {
  region: string;
  municipality?: string | undefined;
}

/** Names an existing person coordinator (the same scope twice is one row). */
export async function grantCoordinator(db: Executor, personId: number, input: CoordinatorInput, now: Date): Promise<Coordinator | undefined> {
  const [person] = await db.select({ id: people.id, erasedAt: people.erasedAt }).from(people).where(eq(people.id, personId));
  if (!person || person.erasedAt) return undefined;
  const municipality = input.municipality ?? null;
  const [existing] = await db
    .select()
    .from(coordinators)
    .where(
      and(
        eq(coordinators.personId, personId),
        eq(coordinators.region, input.region),
        municipality === null ? isNull(coordinators.municipality) : eq(coordinators.municipality, municipality),
        isNull(coordinators.revokedAt),
      ),
    );
  if (existing) return existing;
  const [row] = await db.insert(coordinators).values({ personId, region: input.region, municipality, createdAt: now }).returning();
  return row;
}

export async function createCoordinatorInvite(
  db: Executor,
  input: CoordinatorInput & { expiresAt?: Date | undefined },
  now: Date,
): Promise<CoordinatorInvite> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await db
      .insert(coordinatorInvites)
      .values({ code: generateInviteCode(), region: input.region, municipality: input.municipality ?? null, expiresAt: input.expiresAt ?? null, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
  }
  throw new Error('could not find a free coordinator invite code');
}

export type RedeemError = 'coordinator-invite-unknown' | 'coordinator-invite-used' | 'coordinator-invite-expired';

/** The person sends the code: it is used once, and they become coordinator of its scope. */
export async function redeemCoordinatorInvite(
  db: Executor,
  code: string,
  personId: number,
  now: Date,
): Promise<{ ok: true; scope: CoordinatorScope } | { ok: false; error: RedeemError }> {
  const [invite] = await db.select().from(coordinatorInvites).where(eq(coordinatorInvites.code, code)).for('no key update');
  if (!invite) return { ok: false, error: 'coordinator-invite-unknown' };
  if (invite.usedAt) return { ok: false, error: invite.usedByPersonId === personId ? 'coordinator-invite-used' : 'coordinator-invite-unknown' };
  if (invite.expiresAt && invite.expiresAt <= now) return { ok: false, error: 'coordinator-invite-expired' };
  const granted = await grantCoordinator(db, personId, { region: invite.region, municipality: invite.municipality ?? undefined }, now);
  if (!granted) return { ok: false, error: 'coordinator-invite-unknown' };
  await db.update(coordinatorInvites).set({ usedAt: now, usedByPersonId: personId }).where(eq(coordinatorInvites.code, code));
  return { ok: true, scope: { coordinatorId: granted.id, region: granted.region, municipality: granted.municipality } };
}
