// The pair as pair work sees it: its members, its programme's settings and its organisation's time
// zone; and who may act on it (a member) or look at it (a curator of its programme).
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, organisations, pairMembers, pairs, people, programmes, type PairStatus } from '../../db/schema';
import { curatedProgrammes } from '../curators/access';
import { meetingSettings, type MeetingSettings } from './settings';

export interface PairMemberInfo {
  membershipId: number;
  personId: number;
  role: 'mentor' | 'mentee';
  fullName: string | null;
}

export interface PairContext {
  pairId: number;
  status: PairStatus;
  activatedAt: Date | null;
  programmeId: number;
  programmeName: string;
  organisationId: number;
  timezone: string;
  settings: MeetingSettings;
  /** Mentors first. */
  members: PairMemberInfo[];
}

async function membersOf(db: Executor, pairIds: number[]): Promise<Map<number, PairMemberInfo[]>> {
  const byPair = new Map<number, PairMemberInfo[]>();
  if (pairIds.length === 0) return byPair;
  const rows = await db
    .select({
      pairId: pairMembers.pairId,
      membershipId: pairMembers.membershipId,
      role: pairMembers.role,
      personId: memberships.personId,
      fullName: people.fullName,
    })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(pairMembers.pairId, pairIds))
    // 'mentor' sorts after 'mentee': descending puts the mentors first.
    .orderBy(desc(pairMembers.role), pairMembers.id);
  for (const { pairId, ...member } of rows) {
    const list = byPair.get(pairId) ?? [];
    list.push(member);
    byPair.set(pairId, list);
  }
  return byPair;
}

const pairColumns = {
  pairId: pairs.id,
  status: pairs.status,
  activatedAt: pairs.activatedAt,
  programmeId: programmes.id,
  programmeName: programmes.name,
  programmeSettings: programmes.settings,
  organisationId: organisations.id,
  timezone: organisations.timezone,
};

interface PairRow extends Omit<PairContext, 'settings' | 'members'> {
  programmeSettings: unknown;
}

async function withMembers(db: Executor, rows: PairRow[]): Promise<PairContext[]> {
  const members = await membersOf(db, rows.map((r) => r.pairId));
  return rows.map(({ programmeSettings, ...row }) => ({
    ...row,
    settings: meetingSettings(programmeSettings),
    members: members.get(row.pairId) ?? [],
  }));
}

export async function loadPairContext(db: Executor, pairId: number): Promise<PairContext | undefined> {
  const rows = await db
    .select(pairColumns)
    .from(pairs)
    .innerJoin(programmes, eq(programmes.id, pairs.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(pairs.id, pairId));
  return (await withMembers(db, rows))[0];
}

/** Active pairs the person is a member of, oldest first. */
export async function activePairsOfPerson(db: Executor, personId: number): Promise<PairContext[]> {
  const rows = await db
    .selectDistinct(pairColumns)
    .from(pairs)
    .innerJoin(programmes, eq(programmes.id, pairs.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .innerJoin(pairMembers, eq(pairMembers.pairId, pairs.id))
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .where(and(eq(memberships.personId, personId), eq(pairs.status, 'active')))
    .orderBy(pairs.id);
  return withMembers(db, rows);
}

/** Active pairs of a programme, oldest first. */
export async function activePairsOfProgramme(db: Executor, programmeId: number): Promise<PairContext[]> {
  const rows = await db
    .select(pairColumns)
    .from(pairs)
    .innerJoin(programmes, eq(programmes.id, pairs.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(and(eq(pairs.programmeId, programmeId), eq(pairs.status, 'active')))
    .orderBy(pairs.id);
  return withMembers(db, rows);
}

export function memberOf(pair: PairContext, personId: number): PairMemberInfo | undefined {
  return pair.members.find((m) => m.personId === personId);
}

/** The members other than this person. */
export function othersIn(pair: PairContext, personId: number): PairMemberInfo[] {
  return pair.members.filter((m) => m.personId !== personId);
}

/** The people who curate the programme (alerts about its pairs go to each). */
export async function curatorsOfProgramme(db: Executor, programmeId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.programmeId, programmeId), eq(memberships.role, 'curator'), ne(memberships.status, 'withdrawn')))
    .orderBy(memberships.personId);
  return rows.map((r) => r.personId);
}

export async function curatesProgramme(db: Executor, personId: number, programmeId: number): Promise<boolean> {
  return (await curatedProgrammes(db, personId)).some((s) => s.programmeId === programmeId);
}

/** "Котов Олег — Зайцева Алина": how a pair is named to its curator. */
export function pairTitle(pair: PairContext): string {
  return pair.members.map((m) => m.fullName ?? '—').join(' — ');
}
