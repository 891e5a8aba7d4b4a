// A demo organisation and programme for the terminal chat, so a newcomer has invite codes to try.
// Created once, on an empty database only.
import { count } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { programmes } from '../../db/schema';
import { createInvite } from '../invites/invites';
import { createOrganisation, createProgramme } from './programmes';

export interface DemoProgramme {
  programme: string;
  menteeCode: string;
  mentorCode: string;
  curatorCode: string;
}

export async function ensureDemoProgramme(db: Executor, now: Date): Promise<DemoProgramme | undefined> {
  const [row] = await db.select({ n: count() }).from(programmes);
  if ((row?.n ?? 0) > 0) return undefined;
  const organisation = await createOrganisation(db, {
    name: 'Демо-школа № 1',
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
  const mentee = await createInvite(db, { programmeId: programme.id, role: 'mentee', expiresAt });
  const mentor = await createInvite(db, { programmeId: programme.id, role: 'mentor', expiresAt });
  const curator = await createInvite(db, { programmeId: programme.id, role: 'curator', expiresAt });
  return { programme: programme.name, menteeCode: mentee.code, mentorCode: mentor.code, curatorCode: curator.code };
}
