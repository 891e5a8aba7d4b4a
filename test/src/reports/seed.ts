// A programme with known totals for the report tests: participants in every state, pairs in every
// state and form, meetings, check-ins, satisfaction before and after, a withdrawn mentee.
import type { Executor } from '../../../db/client';
import {
  answers,
  checkins,
  meetings,
  memberships,
  organisations,
  pairMembers,
  pairs,
  people,
  programmes,
  responses,
  type MembershipStatus,
  type PairStatus,
  type Role,
} from '../../../db/schema';
import type { QuestionnaireCatalog } from '../../../src/questionnaires/catalog';

export async function addOrganisation(
  db: Executor,
  input: { name: string; region: string | null; municipality: string | null; students?: number | null; forms?: string[]; programme?: string; endsOn?: string },
) {
  const [org] = await db
    .insert(organisations)
    .values({ name: input.name, region: input.region, municipality: input.municipality, studentsTotal: input.students ?? null })
    .returning();
  if (!org) throw new Error('no organisation');
  const [programme] = await db
    .insert(programmes)
    .values({ organisationId: org.id, name: input.programme ?? `Программа ${input.name}`, forms: input.forms ?? [], endsOn: input.endsOn ?? null })
    .returning();
  if (!programme) throw new Error('no programme');
  return { organisationId: org.id, programmeId: programme.id };
}

export async function addMember(db: Executor, programmeId: number, role: Role, fullName: string | null, status: MembershipStatus = 'questionnaire_done') {
  const [person] = await db.insert(people).values({ fullName, erasedAt: status === 'withdrawn' ? new Date() : null }).returning();
  if (!person) throw new Error('no person');
  const [membership] = await db
    .insert(memberships)
    .values({ personId: person.id, programmeId, role, status, readiness: role === 'mentor' ? 'ready' : null })
    .returning();
  if (!membership) throw new Error('no membership');
  return { personId: person.id, membershipId: membership.id };
}

export async function addPair(
  db: Executor,
  input: { programmeId: number; mentors: number[]; mentees: number[]; status: PairStatus; form: string | null; activatedAt?: Date },
) {
  const [pair] = await db
    .insert(pairs)
    .values({ programmeId: input.programmeId, status: input.status, form: input.form, activatedAt: input.activatedAt ?? null })
    .returning();
  if (!pair) throw new Error('no pair');
  const decision = input.status === 'proposed' ? 'pending' : 'confirmed';
  await db.insert(pairMembers).values([
    ...input.mentors.map((membershipId) => ({ pairId: pair.id, membershipId, role: 'mentor' as const, decision: decision as 'pending' | 'confirmed', decidedAt: input.activatedAt ?? null })),
    ...input.mentees.map((membershipId) => ({ pairId: pair.id, membershipId, role: 'mentee' as const, decision: decision as 'pending' | 'confirmed', decidedAt: input.activatedAt ?? null })),
  ]);
  return pair.id;
}

export async function addMeeting(db: Executor, pairId: number, startsAt: string, status: 'proposed' | 'scheduled' | 'held' | 'missed' | 'cancelled') {
  const [meeting] = await db.insert(meetings).values({ pairId, startsAt: new Date(startsAt), format: 'online', status }).returning();
  if (!meeting) throw new Error('no meeting');
  return meeting.id;
}

export async function addAnswers(
  db: Executor,
  catalog: QuestionnaireCatalog,
  membershipId: number,
  key: string,
  values: Record<string, unknown>,
  status: 'submitted' | 'in_progress' = 'submitted',
) {
  const entry = catalog.latest(key);
  if (!entry) throw new Error(`no questionnaire ${key}`);
  const [response] = await db.insert(responses).values({ membershipId, questionnaireId: entry.id, status, submittedAt: status === 'submitted' ? new Date() : null }).returning();
  if (!response) throw new Error('no response');
  const rows = Object.entries(values).map(([questionId, value]) => ({ responseId: response.id, questionId, value }));
  if (rows.length > 0) await db.insert(answers).values(rows);
  return response.id;
}

const scale = (value: number) => ({ kind: 'scale', value });
const text = (value: string) => ({ kind: 'text', text: value });

export interface SeededSchool {
  organisationId: number;
  programmeId: number;
  mentees: { personId: number; membershipId: number }[];
  mentors: { personId: number; membershipId: number }[];
  pairIds: number[];
}

/**
 * School "Школа № 5" (Кировская область, Тужа, 20 students), forms student_student and teacher_student.
 * Known totals: mentees 6 (5 done, 1 withdrawn), mentors 3; pairs: 2 active (one a group), 1 completed,
 * 1 proposed, 1 ended early; formed 4; mentees without a pair 1 (the one whose pair completed);
 * meetings: planned 2, held 5, missed 1, cancelled 1; check-in ratings 5, 4, 3, 4 (average 4);
 * satisfaction of mentees, comfort 5 and 7 before (6), 9 and 9 after (9); students involved 5 of 20.
 */
export async function seedSchool(db: Executor, catalog: QuestionnaireCatalog): Promise<SeededSchool> {
  const { organisationId, programmeId } = await addOrganisation(db, {
    name: 'Школа № 5',
    region: 'Кировская область',
    municipality: 'Тужа',
    students: 20,
    forms: ['student_student', 'teacher_student'],
    programme: 'Наставничество 2026',
    endsOn: '2027-05-31',
  });
  const mentees = [
    await addMember(db, programmeId, 'mentee', 'Соколова Вера Андреевна'),
    await addMember(db, programmeId, 'mentee', 'Петров Пётр Петрович'),
    await addMember(db, programmeId, 'mentee', 'Антонова Анна'),
    await addMember(db, programmeId, 'mentee', 'Романова Елена Павловна'),
    await addMember(db, programmeId, 'mentee', 'Ким Олег'),
    await addMember(db, programmeId, 'mentee', null, 'withdrawn'),
  ];
  const mentors = [
    await addMember(db, programmeId, 'mentor', 'Иванов Иван Иванович'),
    await addMember(db, programmeId, 'mentor', 'Сидорова Светлана Сергеевна'),
    await addMember(db, programmeId, 'mentor', 'Бережная Елена Алексеевна'),
  ];
  const [m1, m2, m3, m4, m5, m6] = mentees.map((m) => m.membershipId) as [number, number, number, number, number, number];
  const [t1, t2, t3] = mentors.map((m) => m.membershipId) as [number, number, number];
  const started = new Date('2026-09-07T09:00:00Z');
  const pair1 = await addPair(db, { programmeId, mentors: [t1], mentees: [m1], status: 'active', form: 'student_student', activatedAt: started });
  const pair2 = await addPair(db, { programmeId, mentors: [t2], mentees: [m2, m3], status: 'active', form: 'teacher_student', activatedAt: new Date('2026-09-08T09:00:00Z') });
  const pair3 = await addPair(db, { programmeId, mentors: [t3], mentees: [m4], status: 'completed', form: 'teacher_student', activatedAt: started });
  const pair4 = await addPair(db, { programmeId, mentors: [t1], mentees: [m5], status: 'proposed', form: 'student_student' });
  const pair5 = await addPair(db, { programmeId, mentors: [t2], mentees: [m6], status: 'ended_early', form: null, activatedAt: started });

  const p1a = await addMeeting(db, pair1, '2026-09-08T12:00:00Z', 'held');
  const p1b = await addMeeting(db, pair1, '2026-09-15T12:00:00Z', 'held');
  await addMeeting(db, pair1, '2026-09-22T12:00:00Z', 'held');
  const p1d = await addMeeting(db, pair1, '2026-09-29T12:00:00Z', 'missed');
  await addMeeting(db, pair1, '2026-10-06T12:00:00Z', 'scheduled');
  const p2a = await addMeeting(db, pair2, '2026-09-09T12:00:00Z', 'held');
  await addMeeting(db, pair2, '2026-09-16T12:00:00Z', 'held');
  await addMeeting(db, pair2, '2026-09-23T12:00:00Z', 'cancelled');
  await addMeeting(db, pair3, '2026-09-10T12:00:00Z', 'proposed');
  await db.insert(checkins).values([
    { meetingId: p1a, membershipId: m1, happened: true, rating: 5, summary: 'Разобрали задачи олимпиады', nextStep: 'Решить 3 задачи' },
    { meetingId: p1a, membershipId: t1, happened: true, rating: 4, summary: 'Хорошее начало' },
    { meetingId: p1b, membershipId: m1, happened: true, rating: 3 },
    { meetingId: p2a, membershipId: m2, happened: true, rating: 4 },
    { meetingId: p1d, membershipId: m1, happened: false, rating: null },
  ]);

  await addAnswers(db, catalog, m1, 'mentee-intake', { full_name: text('Соколова Вера Андреевна'), grade: text('7Б') });
  await addAnswers(db, catalog, t1, 'mentor-intake', { full_name: text('Иванов Иван Иванович'), organisation: text('школа № 5, учитель физики') });
  await addAnswers(db, catalog, m1, 'mentee-satisfaction-start', { comfort: scale(5), usefulness: scale(6), support: scale(4), expectations: scale(7) });
  await addAnswers(db, catalog, m2, 'mentee-satisfaction-start', { comfort: scale(7), usefulness: scale(6), support: scale(6), expectations: scale(7) });
  await addAnswers(db, catalog, m1, 'mentee-satisfaction', {
    comfort: scale(9),
    usefulness: scale(8),
    support: scale(9),
    expectations: scale(8),
    most_valuable: text('Поддержка перед олимпиадой'),
    continue: { kind: 'yesno', value: true },
    become_mentor: { kind: 'yesno', value: true },
  });
  await addAnswers(db, catalog, m4, 'mentee-satisfaction', { comfort: scale(9), usefulness: scale(7), support: scale(8), expectations: scale(9) });
  // An unfinished response does not count.
  await addAnswers(db, catalog, m3, 'mentee-satisfaction', { comfort: scale(1) }, 'in_progress');
  await addAnswers(db, catalog, m4, 'mentee-reflection', {
    goals_met: { kind: 'single', option: 'mostly' },
    achieved: text('Подготовил проект'),
    helped: text('Регулярные встречи'),
  });
  return { organisationId, programmeId, mentees, mentors, pairIds: [pair1, pair2, pair3, pair4, pair5] };
}
