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

/**
 * Finds or creates the person behind a messenger identity and locks the person's row for the rest
 * of the transaction, so two updates of one person (from any instance) are handled one at a time.
 */
export async function touchIdentity(
  db: Executor,
  input: IdentityInput,
  now: Date,
): Promise<{ person: Person; identity: Identity; created: boolean }> {
  const existing = await db
    .update(identities)
    .set({ lastSeenAt: now, chatId: input.chatId, unreachableAt: null })
    .where(and(eq(identities.platform, input.platform), eq(identities.externalId, input.externalId)))
    .returning();
  let identity = existing[0];
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
  const [person] = await db.select().from(people).where(eq(people.id, identity.personId)).for('update');
  if (!person) throw new Error(`person ${identity.personId} of identity ${identity.id} is missing`);
  return { person, identity, created };
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
