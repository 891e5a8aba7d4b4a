// Organisations, programmes and their participants on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, memberships, people, type MembershipStatus, type Platform, type Role } from '../../../db/schema';
import { mentorshipForms, parseMentorshipForm } from '../../../src/programmes/forms';
import {
  createOrganisation,
  createProgramme,
  getProgramme,
  listParticipants,
  ProgrammeInputError,
} from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const newOrganisation = (name = 'Лицей № 2') => createOrganisation(database.db, { name });

/** A person who joined a programme at `joinedAt`, writing from the given messengers. */
async function addParticipant(
  programmeId: number,
  input: { role: Role; joinedAt: Date; fullName?: string; status?: MembershipStatus; platforms?: Platform[] },
): Promise<number> {
  const [person] = await database.db.insert(people).values({ fullName: input.fullName ?? null }).returning();
  if (!person) throw new Error('no person inserted');
  for (const [i, platform] of (input.platforms ?? []).entries()) {
    const externalId = `${platform}-${person.id}-${i}`;
    await database.db.insert(identities).values({ personId: person.id, platform, externalId, chatId: externalId });
  }
  await database.db.insert(memberships).values({
    personId: person.id,
    programmeId,
    role: input.role,
    status: input.status ?? 'joined',
    createdAt: input.joinedAt,
  });
  return person.id;
}

describe('organisations', () => {
  it('are created with their region, municipality, time zone and head count', async () => {
    const org = await createOrganisation(database.db, {
      name: 'МАОУ Гимназия № 9',
      region: 'Свердловская область',
      municipality: 'Екатеринбург',
      timezone: 'Asia/Yekaterinburg',
      studentsTotal: 812,
    });
    expect(org).toMatchObject({
      name: 'МАОУ Гимназия № 9',
      region: 'Свердловская область',
      municipality: 'Екатеринбург',
      timezone: 'Asia/Yekaterinburg',
      studentsTotal: 812,
    });
  });

  it('live in Moscow time unless told otherwise', async () => {
    const org = await createOrganisation(database.db, { name: 'Школа № 1' });
    expect(org).toMatchObject({ timezone: 'Europe/Moscow', region: null, municipality: null, studentsTotal: null });
  });

  it.each(['Mars/Olympus', 'MSK', 'Europe/Moskva'])('refuse the time zone %j, naming the field', async (timezone) => {
    const attempt = createOrganisation(database.db, { name: 'Школа № 2', timezone });
    await expect(attempt).rejects.toThrow(ProgrammeInputError);
    await expect(attempt).rejects.toMatchObject({ field: 'timezone' });
  });

  it('refuse an empty name and a negative head count', async () => {
    await expect(createOrganisation(database.db, { name: '  ' })).rejects.toMatchObject({ field: 'name' });
    await expect(createOrganisation(database.db, { name: 'Школа', studentsTotal: -1 })).rejects.toMatchObject({ field: 'studentsTotal' });
  });
});

describe('programmes', () => {
  it('are created with their forms, dates and topics, and read back with their organisation', async () => {
    const org = await newOrganisation();
    const programme = await createProgramme(database.db, {
      organisationId: org.id,
      name: 'Наставничество 2026/27',
      forms: ['student_student', 'teacher_student'],
      startsOn: '2026-09-01',
      endsOn: '2027-05-31',
      topics: [' Математика ', 'Робототехника', 'Математика', ''],
    });
    expect(programme).toMatchObject({
      forms: ['student_student', 'teacher_student'],
      startsOn: '2026-09-01',
      endsOn: '2027-05-31',
      topics: ['Математика', 'Робототехника'],
      stage: 1,
    });
    const found = await getProgramme(database.db, programme.id);
    expect(found?.programme.id).toBe(programme.id);
    expect(found?.organisation.name).toBe('Лицей № 2');
  });

  it('without topics keep the questionnaire’s own list', async () => {
    const org = await newOrganisation();
    const programme = await createProgramme(database.db, { organisationId: org.id, name: 'Программа', topics: [] });
    expect(programme).toMatchObject({ topics: null, forms: [], startsOn: null, endsOn: null });
  });

  it('cannot end before they start, nor on a day that does not exist', async () => {
    const org = await newOrganisation();
    const input = { organisationId: org.id, name: 'Программа' };
    await expect(createProgramme(database.db, { ...input, startsOn: '2027-01-10', endsOn: '2026-12-31' })).rejects.toMatchObject({ field: 'endsOn' });
    await expect(createProgramme(database.db, { ...input, startsOn: '2026-02-30' })).rejects.toMatchObject({ field: 'startsOn' });
  });

  it('need an organisation that exists', async () => {
    await expect(createProgramme(database.db, { organisationId: 999_999, name: 'Программа' })).rejects.toMatchObject({
      field: 'organisationId',
    });
  });

  it('an unknown programme is not found', async () => {
    expect(await getProgramme(database.db, 999_999)).toBeUndefined();
  });
});

describe('mentorship forms', () => {
  it('are the seven forms of the target model', () => {
    expect(mentorshipForms).toHaveLength(7);
  });

  it('are read from an operator\'s spelling with hyphens or underscores', () => {
    for (const form of mentorshipForms) expect(parseMentorshipForm(form.replaceAll('_', '-'))).toBe(form);
    expect(parseMentorshipForm(' Teacher-Student ')).toBe('teacher_student');
    expect(parseMentorshipForm('chess-club')).toBeUndefined();
  });
});

describe('participants', () => {
  it('are listed in the order they joined, with their role, status and messengers', async () => {
    const org = await newOrganisation();
    const programme = await createProgramme(database.db, { organisationId: org.id, name: 'Программа' });
    const mentor = await addParticipant(programme.id, {
      role: 'mentor',
      joinedAt: new Date('2026-09-02T10:00:00Z'),
      fullName: 'Иванова Мария Петровна',
      status: 'questionnaire_done',
      platforms: ['vk', 'telegram'],
    });
    const mentee = await addParticipant(programme.id, {
      role: 'mentee',
      joinedAt: new Date('2026-09-01T10:00:00Z'),
      platforms: ['telegram'],
    });
    const curator = await addParticipant(programme.id, { role: 'curator', joinedAt: new Date('2026-09-03T10:00:00Z') });

    const rows = await listParticipants(database.db, { programmeId: programme.id });
    expect(rows).toEqual([
      { personId: mentee, fullName: null, role: 'mentee', status: 'joined', joinedAt: new Date('2026-09-01T10:00:00Z'), platforms: ['telegram'] },
      {
        personId: mentor,
        fullName: 'Иванова Мария Петровна',
        role: 'mentor',
        status: 'questionnaire_done',
        joinedAt: new Date('2026-09-02T10:00:00Z'),
        platforms: ['telegram', 'vk'],
      },
      { personId: curator, fullName: null, role: 'curator', status: 'joined', joinedAt: new Date('2026-09-03T10:00:00Z'), platforms: [] },
    ]);
  });

  it('can be listed by role, and never include another programme’s members', async () => {
    const org = await newOrganisation();
    const programme = await createProgramme(database.db, { organisationId: org.id, name: 'Программа А' });
    const other = await createProgramme(database.db, { organisationId: org.id, name: 'Программа Б' });
    const first = await addParticipant(programme.id, { role: 'mentee', joinedAt: new Date('2026-09-01T10:00:00Z') });
    await addParticipant(programme.id, { role: 'mentor', joinedAt: new Date('2026-09-01T11:00:00Z') });
    const second = await addParticipant(programme.id, { role: 'mentee', joinedAt: new Date('2026-09-01T12:00:00Z') });
    await addParticipant(other.id, { role: 'mentee', joinedAt: new Date('2026-09-01T09:00:00Z') });

    const mentees = await listParticipants(database.db, { programmeId: programme.id, role: 'mentee' });
    expect(mentees.map((r) => r.personId)).toEqual([first, second]);
  });

  it('a programme nobody joined has no participants', async () => {
    const org = await newOrganisation();
    const programme = await createProgramme(database.db, { organisationId: org.id, name: 'Пустая программа' });
    expect(await listParticipants(database.db, { programmeId: programme.id })).toEqual([]);
  });
});
