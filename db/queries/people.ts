// Queries on people, their messenger identities and the updates already processed.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { cachedStatement, type Executor } from '../client';
import { identities, people, processedUpdates, type Identity, type Person, type Platform } from '../schema';

const insertProcessedUpdate = cachedStatement((db, v: { platform: Platform; updateId: string }) =>
  db
    .insert(processedUpdates)
    .values({ platform: v.platform, updateId: v.updateId })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId }),
);

/** Records an update id; false when it was recorded before (the update is a duplicate). */
export async function markUpdateProcessed(db: Executor, platform: Platform, updateId: string): Promise<boolean> {
  const rows = await insertProcessedUpdate(db, { platform, updateId });
  return rows.length > 0;
}

/** A messenger identity as an update shows it: who wrote, and from which chat. */
export interface SeenIdentity {
  platform: Platform;
  externalId: string;
  chatId: string;
}

export interface IdentityInput extends SeenIdentity {
  /** The language of a person created for this identity. */
  locale: string;
}

const byIdentity = (v: { platform: Platform; externalId: string }) =>
  and(eq(identities.platform, v.platform), eq(identities.externalId, v.externalId));

const updateIdentitySeen = cachedStatement((db, v: { now: Date; chatId: string; platform: Platform; externalId: string }) =>
  db.update(identities).set({ lastSeenAt: v.now, chatId: v.chatId, unreachableAt: null }).where(byIdentity(v)).returning(),
);

/** Marks a known identity as seen now from this chat; undefined when the identity does not exist yet. */
export async function refreshIdentity(db: Executor, input: SeenIdentity, now: Date): Promise<Identity | undefined> {
  const rows = await updateIdentitySeen(db, { now, chatId: input.chatId, platform: input.platform, externalId: input.externalId });
  return rows[0];
}

/*
 * The person lock is FOR NO KEY UPDATE: it serialises the updates of one person (it conflicts with
 * itself) without blocking what merely refers to the person. FOR UPDATE also blocks the KEY SHARE
 * lock a foreign-key check takes, so a job inserting an outbox row for this person waited for their
 * update while holding its pair's row, and the update, adding a goal to that pair, waited for the job:
 * a deadlock (the VK fuzz found it).
 */
const lockPersonById = cachedStatement((db, v: { personId: number }) =>
  db.select().from(people).where(eq(people.id, v.personId)).for('no key update'),
);

const lockPersonOfIdentity = cachedStatement((db, v: { platform: Platform; externalId: string }) =>
  db
    .select()
    .from(people)
    .where(eq(people.id, db.select({ personId: identities.personId }).from(identities).where(byIdentity(v))))
    .for('no key update'),
);

export interface Touched<T> {
  person: Person;
  identity: Identity;
  created: boolean;
  loaded: T | undefined;
}

/**
 * For an identity seen before, in one round trip: marks it as seen from this chat, locks its
 * person's row for the rest of the transaction (two updates of one person, from any instance, are
 * handled one at a time) and sends `alsoLoad` behind the lock. `alsoLoad` must hand its statement to
 * the driver at once (a cachedStatement does), so that it runs after the lock and sees what the
 * previous holder committed. undefined for an identity not seen before: nothing is locked then.
 */
export async function touchKnownIdentity<T>(
  db: Executor,
  input: SeenIdentity,
  now: Date,
  alsoLoad: () => Promise<T>,
): Promise<Touched<T> | undefined> {
  const [refreshed, locked, loaded] = await Promise.all([
    refreshIdentity(db, input, now),
    lockPersonOfIdentity(db, { platform: input.platform, externalId: input.externalId }),
    alsoLoad(),
  ]);
  if (!refreshed) return undefined;
  const [person] = locked;
  // The identity row updated above stays locked by this transaction, so its person cannot go meanwhile.
  if (!person || person.id !== refreshed.personId) throw new Error(`person ${refreshed.personId} of identity ${refreshed.id} is missing`);
  return { person, identity: refreshed, created: false, loaded };
}

export interface TouchOptions<T> {
  /** The identity already refreshed by refreshIdentity in this transaction (saves that statement). */
  refreshed?: { identity: Identity | undefined } | undefined;
  /**
   * Sent right behind the lock, in the same round trip. The statements of a transaction run in the
   * order they are sent, and the lock is handed to the driver before `alsoLoad` is called, so what it
   * reads (with a cachedStatement, which hands its statement over at once) is read with the person's
   * row already locked. Not called for a person created here.
   */
  alsoLoad?: ((personId: number) => Promise<T>) | undefined;
}

const insertPerson = cachedStatement((db, v: { locale: string }) => db.insert(people).values({ locale: v.locale }).returning());

const upsertIdentity = cachedStatement((db, v: { personId: number; platform: Platform; externalId: string; chatId: string; now: Date }) =>
  db
    .insert(identities)
    .values({ personId: v.personId, platform: v.platform, externalId: v.externalId, chatId: v.chatId, lastSeenAt: v.now })
    .onConflictDoUpdate({
      target: [identities.platform, identities.externalId],
      set: { lastSeenAt: v.now, chatId: v.chatId },
    })
    .returning(),
);

/**
 * Finds or creates the person behind a messenger identity and locks the person's row for the rest
 * of the transaction, so two updates of one person (from any instance) are handled one at a time.
 */
export async function touchIdentity<T = undefined>(
  db: Executor,
  input: IdentityInput,
  now: Date,
  options: TouchOptions<T> = {},
): Promise<Touched<T>> {
  let identity = options.refreshed === undefined ? await refreshIdentity(db, input, now) : options.refreshed.identity;
  if (!identity) {
    const [person] = await insertPerson(db, { locale: input.locale });
    if (!person) throw new Error('insert into people returned no row');
    const inserted = await upsertIdentity(db, { personId: person.id, platform: input.platform, externalId: input.externalId, chatId: input.chatId, now });
    identity = inserted[0];
    if (!identity) throw new Error('upsert into identities returned no row');
    if (identity.personId !== person.id) {
      // Another transaction created this identity first: drop our spare person.
      await db.delete(people).where(eq(people.id, person.id));
    } else {
      // Nobody else sees a row this transaction inserted, so nobody else can lock it, and a new
      // person has nothing for alsoLoad to find (loaded stays undefined).
      return { person, identity, created: true, loaded: undefined };
    }
  }
  // The lock is handed to the driver now; alsoLoad's query can only reach the driver after it.
  const locking = lockPersonById(db, { personId: identity.personId });
  const loading = options.alsoLoad?.(identity.personId);
  const [[person], loaded] = await Promise.all([locking, loading]);
  if (!person) throw new Error(`person ${identity.personId} of identity ${identity.id} is missing`);
  return { person, identity, created: false, loaded };
}

export async function setPersonLocale(db: Executor, personId: number, locale: string): Promise<void> {
  await db.update(people).set({ locale }).where(eq(people.id, personId));
}

const updatePersonName = cachedStatement((db, v: { personId: number; fullName: string }) =>
  db.update(people).set({ fullName: v.fullName }).where(eq(people.id, v.personId)),
);

export async function setPersonName(db: Executor, personId: number, fullName: string): Promise<void> {
  await updatePersonName(db, { personId, fullName });
}

const deletePersonById = cachedStatement((db, v: { personId: number }) => db.delete(people).where(eq(people.id, v.personId)));

/** Removes a person and, by cascade, everything of theirs; handed to the driver at once (it may end a transaction). */
export async function deletePerson(db: Executor, personId: number): Promise<void> {
  await deletePersonById(db, { personId });
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
