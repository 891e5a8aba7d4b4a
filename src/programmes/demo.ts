// A demo organisation and programme for the terminal chat, so a newcomer has invite codes to try.
// Created on an empty database only; later starts show the same codes again.
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { invites, organisations, programmes } from '../../db/schema';
import { createInvite } from '../invites/invites';
import { createOrganisation, createProgramme } from './programmes';

export const DEMO_ORGANISATION = 'Демо-школа № 1';

export interface DemoProgramme {
  programme: string;
  menteeCode: string;
  mentorCode: string;
  curatorCode: string;
}

export async function ensureDemoProgramme(db: Executor, now: Date): Promise<DemoProgramme | undefined> {
  const existing = await findDemoProgramme(db);
  if (existing) return existing;
  const [row] = await db.select({ n: count() }).from(programmes);
  if ((row?.n ?? 0) > 0) return undefined; // a real installation: no demo
  const organisation = await createOrganisation(db, {
    name: DEMO_ORGANISATION,
    region: 'Демо-область',
    municipality: 'Демо-город',
    timezone: 'Europe/Moscow',
    studentsTotal: 500,
  });
  const programme = await createProgramme(db, {
    organisationId: organisation.id,
    name: 'Наставничество 2026/27',
    forms: ['student_student', 'teacher_student'],
  });
  const expiresAt = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  for (const role of ['mentee', 'mentor', 'curator'] as const) {
    await createInvite(db, { programmeId: programme.id, role, expiresAt });
  }
  return findDemoProgramme(db);
}

async function findDemoProgramme(db: Executor): Promise<DemoProgramme | undefined> {
  const rows = await db
    .select({ programme: programmes.name, code: invites.code, role: invites.role })
    .from(invites)
    .innerJoin(programmes, eq(programmes.id, invites.programmeId))
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(and(eq(organisations.name, DEMO_ORGANISATION), isNull(invites.revokedAt)));
  const code = (role: string) => rows.find((r) => r.role === role)?.code;
  const [mentee, mentor, curator, first] = [code('mentee'), code('mentor'), code('curator'), rows[0]];
  if (!mentee || !mentor || !curator || !first) return undefined;
  return { programme: first.programme, menteeCode: mentee, mentorCode: mentor, curatorCode: curator };
}
