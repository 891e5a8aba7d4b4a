// Who may run a programme: a curator membership, checked on every curator command and button.
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, organisations, pairs, programmes } from '../../db/schema';

export interface CuratorScope {
  programmeId: number;
  programmeName: string;
  organisationId: number;
  organisationName: string;
  timezone: string;
}

/** The programmes the person curates, newest first. */
export async function curatedProgrammes(db: Executor, personId: number): Promise<CuratorScope[]> {
  return db
    .select({
      programmeId: programmes.id,
      programmeName: programmes.name,
      organisationId: organisations.id,
      organisationName: organisations.name,
      timezone: organisations.timezone,
    })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(and(eq(memberships.personId, personId), eq(memberships.role, 'curator'), ne(memberships.status, 'withdrawn')))
    .orderBy(desc(memberships.createdAt), desc(memberships.id));
}

/** The scope a curator works in (their newest programme), or undefined for anyone else. */
export async function currentCuratorScope(db: Executor, personId: number): Promise<CuratorScope | undefined> {
  return (await curatedProgrammes(db, personId))[0];
}

/** True only when the person curates the programme of that membership. */
export async function curatesMembership(db: Executor, personId: number, membershipId: number): Promise<CuratorScope | undefined> {
  const [target] = await db.select({ programmeId: memberships.programmeId }).from(memberships).where(eq(memberships.id, membershipId));
  if (!target) return undefined;
  return (await curatedProgrammes(db, personId)).find((s) => s.programmeId === target.programmeId);
}

/** The scope of that programme when the person curates it; undefined otherwise (a replayed button of another). */
export async function curatesProgramme(db: Executor, personId: number, programmeId: number): Promise<CuratorScope | undefined> {
  return (await curatedProgrammes(db, personId)).find((s) => s.programmeId === programmeId);
}

/** The scope of the pair's programme when the person curates it. */
export async function curatesPair(db: Executor, personId: number, pairId: number): Promise<CuratorScope | undefined> {
  const [target] = await db.select({ programmeId: pairs.programmeId }).from(pairs).where(eq(pairs.id, pairId));
  if (!target) return undefined;
  return curatesProgramme(db, personId, target.programmeId);
}

/** People who curate the programme now (told of what participants do on their own: self-matching, declines). */
export async function programmeCurators(db: Executor, programmeId: number): Promise<number[]> {
  const rows = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.programmeId, programmeId), eq(memberships.role, 'curator'), ne(memberships.status, 'withdrawn')))
    .orderBy(memberships.id);
  return rows.map((r) => r.personId);
}
