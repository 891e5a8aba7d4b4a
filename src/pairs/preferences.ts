// The preference round (stage 5 of the target model forms pairs after a group meeting and a
// questionnaire on preferred partners): the curator opens a round, mentees and mentors each name up
// to three preferred partners from short cards, the curator closes it; matching then weighs the
// preferences of the latest round. Opening and closing are audited curator actions.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, pairPreferences, preferenceRounds, programmes, type PreferenceRound } from '../../db/schema';
import { recordAudit } from '../audit/audit';

/** How many partners one person may name in a round. */
export const PREFERENCES_MAX = 3;

export type RoundError = 'round-error-already-open' | 'round-error-not-open' | 'round-error-three' | 'round-error-not-candidate';

export async function openRoundOf(db: Executor, programmeId: number): Promise<PreferenceRound | undefined> {
  const [row] = await db
    .select()
    .from(preferenceRounds)
    .where(and(eq(preferenceRounds.programmeId, programmeId), isNull(preferenceRounds.closedAt)));
  return row;
}

export async function latestRoundOf(db: Executor, programmeId: number): Promise<PreferenceRound | undefined> {
  const [row] = await db
    .select()
    .from(preferenceRounds)
    .where(eq(preferenceRounds.programmeId, programmeId))
    .orderBy(desc(preferenceRounds.openedAt), desc(preferenceRounds.id))
    .limit(1);
  return row;
}

export async function getRound(db: Executor, roundId: number): Promise<PreferenceRound | undefined> {
  const [row] = await db.select().from(preferenceRounds).where(eq(preferenceRounds.id, roundId));
  return row;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: RoundError };

/** Opens a round; the programme row is locked so two curators opening at once make one round. */
export async function openRound(db: Executor, input: { programmeId: number; actorPersonId: number; now: Date }): Promise<Result<PreferenceRound>> {
  await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, input.programmeId)).for('no key update');
  if (await openRoundOf(db, input.programmeId)) return { ok: false, error: 'round-error-already-open' };
  const [round] = await db
    .insert(preferenceRounds)
    .values({ programmeId: input.programmeId, openedByPersonId: input.actorPersonId, openedAt: input.now })
    .returning();
  if (!round) throw new Error('insert into preference_rounds returned no row');
  await recordAudit(db, { programmeId: input.programmeId, actorPersonId: input.actorPersonId, action: 'round.open', details: { roundId: round.id }, now: input.now });
  return { ok: true, value: round };
}

export async function closeRound(db: Executor, input: { programmeId: number; actorPersonId: number; now: Date }): Promise<Result<PreferenceRound>> {
  await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, input.programmeId)).for('no key update');
  const open = await openRoundOf(db, input.programmeId);
  if (!open) return { ok: false, error: 'round-error-not-open' };
  const [closed] = await db.update(preferenceRounds).set({ closedAt: input.now }).where(eq(preferenceRounds.id, open.id)).returning();
  const progress = await roundProgress(db, open.id);
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: 'round.close',
    details: { roundId: open.id, choosers: progress.choosers, preferences: progress.preferences },
    now: input.now,
  });
  return { ok: true, value: closed ?? open };
}

/** The partners a person named in a round, in the order named. */
export async function preferencesOf(db: Executor, roundId: number, chooserMembershipId: number): Promise<number[]> {
  const rows = await db
    .select({ chosen: pairPreferences.chosenMembershipId })
    .from(pairPreferences)
    .where(and(eq(pairPreferences.roundId, roundId), eq(pairPreferences.chooserMembershipId, chooserMembershipId)))
    .orderBy(asc(pairPreferences.rank), asc(pairPreferences.id));
  return rows.map((r) => r.chosen);
}

/**
 * Names a partner, or takes the name back when already named; at most three. The caller checks that
 * the round is open and the chosen one is among the person's candidates.
 */
export async function togglePreference(
  db: Executor,
  input: { roundId: number; chooserMembershipId: number; chosenMembershipId: number; now: Date },
): Promise<Result<{ added: boolean; chosen: number[] }>> {
  // The chooser's row is the lock: one person's choices are counted one after the other.
  await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.id, input.chooserMembershipId)).for('no key update');
  const current = await preferencesOf(db, input.roundId, input.chooserMembershipId);
  const mine = and(eq(pairPreferences.roundId, input.roundId), eq(pairPreferences.chooserMembershipId, input.chooserMembershipId));
  if (current.includes(input.chosenMembershipId)) {
    await db.delete(pairPreferences).where(and(mine, eq(pairPreferences.chosenMembershipId, input.chosenMembershipId)));
    const rest = current.filter((id) => id !== input.chosenMembershipId);
    for (const [i, id] of rest.entries()) {
      await db.update(pairPreferences).set({ rank: i + 1 }).where(and(mine, eq(pairPreferences.chosenMembershipId, id)));
    }
    return { ok: true, value: { added: false, chosen: rest } };
  }
  if (current.length >= PREFERENCES_MAX) return { ok: false, error: 'round-error-three' };
  await db.insert(pairPreferences).values({
    roundId: input.roundId,
    chooserMembershipId: input.chooserMembershipId,
    chosenMembershipId: input.chosenMembershipId,
    rank: current.length + 1,
    createdAt: input.now,
  });
  return { ok: true, value: { added: true, chosen: [...current, input.chosenMembershipId] } };
}

/** Chooser membership id -> chosen membership ids, from the programme's latest round (open or closed). */
export async function latestRoundPreferences(db: Executor, programmeId: number): Promise<Map<number, number[]>> {
  const round = await latestRoundOf(db, programmeId);
  const byChooser = new Map<number, number[]>();
  if (!round) return byChooser;
  const rows = await db
    .select({ chooser: pairPreferences.chooserMembershipId, chosen: pairPreferences.chosenMembershipId })
    .from(pairPreferences)
    .where(eq(pairPreferences.roundId, round.id))
    .orderBy(asc(pairPreferences.chooserMembershipId), asc(pairPreferences.rank), asc(pairPreferences.id));
  for (const row of rows) byChooser.set(row.chooser, [...(byChooser.get(row.chooser) ?? []), row.chosen]);
  return byChooser;
}

/** How many people have named someone in the round, and how many names in all. */
export async function roundProgress(db: Executor, roundId: number): Promise<{ choosers: number; preferences: number; mutual: number }> {
  const rows = await db
    .select({ chooser: pairPreferences.chooserMembershipId, chosen: pairPreferences.chosenMembershipId })
    .from(pairPreferences)
    .where(eq(pairPreferences.roundId, roundId));
  const named = new Set(rows.map((r) => `${r.chooser}:${r.chosen}`));
  const mutual = rows.filter((r) => r.chooser < r.chosen && named.has(`${r.chosen}:${r.chooser}`)).length;
  return { choosers: new Set(rows.map((r) => r.chooser)).size, preferences: rows.length, mutual };
}
