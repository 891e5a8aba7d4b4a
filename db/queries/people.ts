// Queries on people, their messenger identities and the updates already processed.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { identities, people, processedUpdates, type Identity, type Person, type Platform } from '../schema';

/** Records an update id; false when it was recorded before (the update is a duplicate). */
export async function markUpdateProcessed(db: Executor, platform: Platform, updateId: string): Promise<boolean> {
  const rows = await db
    .insert(processedUpdates)
    .values({ platform, updateId })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId });
  return rows.length > 0;
}

export interface IdentityInput {
  platform: Platform;
  externalId: string;
  chatId: string;
  locale: string;
}

/** Marks a known identity as seen now from this chat; undefined when the identity does not exist yet. */
export async function refreshIdentity(db: Executor, input: IdentityInput, now: Date): Promise<Identity | undefined> {
  const rows = await db
    .update(identities)
    .set({ lastSeenAt: now, chatId: input.chatId, unreachableAt: null })
    .where(and(eq(identities.platform, input.platform), eq(identities.externalId, input.externalId)))
    .returning();
  return rows[0];
}

export interface TouchOptions<T> {
  /** The identity already refreshed by refreshIdentity in this transaction (saves that statement). */
  refreshed?: { identity: Identity | undefined } | undefined;
  /**
   * Sent right behind the lock, in the same round trip. The statements of a transaction run in the
   * order they are sent, and the lock is handed to the driver before `alsoLoad` builds its query,
   * so what it reads is read with the person's row already locked.
   */
  alsoLoad?: ((personId: number) => Promise<T>) | undefined;
}

/**
 * Finds or creates the person behind a messenger identity and locks the person's row for the rest
 * of the transaction, so two updates of one person (from any instance) are handled one at a time.
 */
export async function touchIdentity<T = undefined>(
  db: Executor,
  input: IdentityInput,
  now: Date,
  options: TouchOptions<T> = {},
): Promise<{ person: Person; identity: Identity; created: boolean; loaded: T | undefined }> {
  let identity = options.refreshed === undefined ? await refreshIdentity(db, input, now) : options.refreshed.identity;
  let created = false;
  if (!identity) {
    const [person] = await db.insert(people).values({ locale: input.locale }).returning();
    if (!person) throw new Error('insert into people returned no row');
    const inserted = await db
      .insert(identities)
      .values({ personId: person.id, platform: input.platform, externalId: input.externalId, chatId: input.chatId, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [identities.platform, identities.externalId],
        set: { lastSeenAt: now, chatId: input.chatId },
      })
      .returning();
    identity = inserted[0];
    if (!identity) throw new Error('upsert into identities returned no row');
    if (identity.personId !== person.id) {
      // Another transaction created this identity first: drop our spare person.
      await db.delete(people).where(eq(people.id, person.id));
    } else {
      created = true;
    }
  }
  // execute() starts the query now; alsoLoad's query can only reach the driver after it.
  const locking = db.select().from(people).where(eq(people.id, identity.personId)).for('update').execute();
  const loading = options.alsoLoad?.(identity.personId);
  const [[person], loaded] = await Promise.all([locking, loading]);
  if (!person) throw new Error(`person ${identity.personId} of identity ${identity.id} is missing`);
  return { person, identity, created, loaded };
}

export async function setPersonLocale(db: Executor, personId: number, locale: string): Promise<void> {
  await db.update(people).set({ locale }).where(eq(people.id, personId));
}

export async function setPersonName(db: Executor, personId: number, fullName: string): Promise<void> {
  await db.update(people).set({ fullName }).where(eq(people.id, personId));
}

export async function deletePerson(db: Executor, personId: number): Promise<void> {
  await db.delete(people).where(eq(people.id, personId));
}

/** Where to reach a person: the reachable identity they wrote from last. */
export async function preferredIdentity(db: Executor, personId: number): Promise<Identity | undefined> {
  const [row] = await db
    .select()
    .from(identities)
    .where(and(eq(identities.personId, personId), isNull(identities.unreachableAt)))
    .orderBy(desc(identities.lastSeenAt))
    .limit(1);
  return row;
}

export async function markIdentityUnreachable(db: Executor, platform: Platform, chatId: string, now: Date): Promise<void> {
  await db
    .update(identities)
    .set({ unreachableAt: now })
    .where(and(eq(identities.platform, platform), eq(identities.chatId, chatId)));
}

/** Removes processed-update ids older than the given date (they only guard against redelivery). */
export async function pruneProcessedUpdates(db: Executor, olderThan: Date): Promise<void> {
  await db.delete(processedUpdates).where(sql`${processedUpdates.processedAt} < ${olderThan}`);
}

export async function findPersonLocale(db: Executor, personId: number): Promise<string | undefined> {
  const [row] = await db.select({ locale: people.locale }).from(people).where(eq(people.id, personId));
  return row?.locale;
}

/** The stored language of the person behind a messenger identity, without touching anything. */
export async function findIdentityLocale(db: Executor, platform: Platform, externalId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ locale: people.locale })
    .from(identities)
    .innerJoin(people, eq(people.id, identities.personId))
    .where(and(eq(identities.platform, platform), eq(identities.externalId, externalId)));
  return row?.locale;
}
