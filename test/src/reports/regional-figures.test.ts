// The regional summary's stored figures on real PostgreSQL (and once on embedded PGlite): after each
// change a curator, a participant, the term's end or an operator makes, members by role per
// programme and involved students per organisation equal what counting the memberships and pairs
// themselves gives, and the summary shows them; two transactions forming pairs of one organisation
// at once both end up counted.
import { and, eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Executor } from '../../../db/client';
import { deletePerson } from '../../../db/queries/people';
import { memberships, organisationFigures, pairMembers, pairs, programmes } from '../../../db/schema';
import { regionalSummary } from '../../../src/coordinators/region';
import { addMember as addToPair, decideOnJoin, decideOnPair, endPair, proposePair } from '../../../src/pairs/pairs';
import { mentorshipForms } from '../../../src/programmes/forms';
import { withdrawConsent } from '../../../src/participants/withdrawal';
import { finishProgramme } from '../../../src/reports/completion';
import { involvedStudents } from '../../../src/reports/summary';
import { createPgliteTestDatabase, createTestDatabase, type TestDatabase } from '../../support/db';
import { addMember, addOrganisation } from './seed';

const REGION = 'Область счётчиков';
const now = new Date('2026-10-01T09:00:00Z');

let database: TestDatabase;
let schools = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

type Member = Awaited<ReturnType<typeof addMember>>;

/** A school alone in its municipality, with one programme and its curator. */
async function school(db: Executor = database.db, forms: string[] = []) {
  const municipality = `Муниципалитет ${++schools}`;
  const { organisationId, programmeId } = await addOrganisation(db, { name: `Школа № ${schools}`, region: REGION, municipality, students: 100, forms });
  const curator = await addMember(db, programmeId, 'curator', 'Куратор Школы');
  return { organisationId, programmeId, municipality, curator };
}

/** Proposed by the curator, then confirmed by every member: an active pair. */
async function formPair(db: Executor, programmeId: number, curator: Member, mentors: Member[], mentees: Member[], form: string | null) {
  const proposed = await proposePair(db, {
    programmeId,
    mentorMembershipIds: mentors.map((m) => m.membershipId),
    menteeMembershipIds: mentees.map((m) => m.membershipId),
    form: form ?? undefined,
    actorPersonId: curator.personId,
    now,
  });
  if (!proposed.ok) throw new Error(proposed.error);
  for (const member of [...mentors, ...mentees]) {
    const decided = await decideOnPair(db, { pairId: proposed.value.id, membershipId: member.membershipId, decision: 'confirmed', actorPersonId: member.personId, now });
    if (!decided.ok) throw new Error(decided.error);
  }
  return proposed.value.id;
}

interface Figures {
  mentees: number;
  mentors: number;
  involved: number;
}

/** The involved students organisation_figures holds for the organisation. */
async function stored(db: Executor, organisationId: number): Promise<number> {
  const [row] = await db.select().from(organisationFigures).where(eq(organisationFigures.organisationId, organisationId));
  return row?.involvedStudents ?? 0;
}

/** The same, counted from the memberships and the pairs. */
async function counted(db: Executor, organisationId: number): Promise<Figures> {
  const rows = await db
    .select({ role: memberships.role, n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .where(and(eq(programmes.organisationId, organisationId), ne(memberships.role, 'curator')))
    .groupBy(memberships.role);
  const n = (role: string) => rows.find((r) => r.role === role)?.n ?? 0;
  return { mentees: n('mentee'), mentors: n('mentor'), involved: (await involvedStudents(db, [organisationId])).get(organisationId) ?? 0 };
}

/** The figures are as expected when counted, the stored ones agree, and the summary shows them. */
async function expectFigures(s: { organisationId: number; municipality: string }, expected: Figures, db: Executor = database.db) {
  expect(await counted(db, s.organisationId)).toEqual(expected);
  expect(await stored(db, s.organisationId)).toBe(expected.involved);
  const summary = await regionalSummary(db, { region: REGION, municipality: s.municipality });
  expect(summary.organisations.map((o) => ({ mentees: o.mentees, mentors: o.mentors, involved: o.involvement.involved }))).toEqual([expected]);
}

describe('the regional figures kept by the database', () => {
  it('are zero for a school with nobody yet, and count members as they join', async () => {
    const s = await school();
    await expectFigures(s, { mentees: 0, mentors: 0, involved: 0 });
    await addMember(database.db, s.programmeId, 'mentee', 'Ученица');
    await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 0 });
  });

  it('count the mentee of a pair once everyone confirmed it, not while it is only proposed', async () => {
    const s = await school();
    const mentee = await addMember(database.db, s.programmeId, 'mentee', 'Ученица');
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    const proposed = await proposePair(database.db, { programmeId: s.programmeId, mentorMembershipIds: [mentor.membershipId], menteeMembershipIds: [mentee.membershipId], form: 'teacher_student', actorPersonId: s.curator.personId, now });
    if (!proposed.ok) throw new Error(proposed.error);
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.membershipId, decision: 'confirmed', actorPersonId: mentor.personId, now });
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 0 });
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentee.membershipId, decision: 'confirmed', actorPersonId: mentee.personId, now });
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 1 });
  });

  it('stop counting a pair ended early, and keep counting one completed', async () => {
    const s = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    const first = await formPair(database.db, s.programmeId, s.curator, [mentor], [a], 'teacher_student');
    const second = await formPair(database.db, s.programmeId, s.curator, [mentor], [b], 'teacher_student');
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 2 });
    await endPair(database.db, { pairId: first, programmeId: s.programmeId, how: 'ended_early', reason: 'переезд', actorPersonId: s.curator.personId, now });
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 1 });
    await endPair(database.db, { pairId: second, programmeId: s.programmeId, how: 'completed', reason: 'срок', actorPersonId: s.curator.personId, now });
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 1 });
  });

  it('keep the students of a finished programme, whose active pairs complete and proposals close', async () => {
    const s = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Ученик-старшеклассник');
    await formPair(database.db, s.programmeId, s.curator, [mentor], [a], 'student_student');
    await proposePair(database.db, { programmeId: s.programmeId, mentorMembershipIds: [mentor.membershipId], menteeMembershipIds: [b.membershipId], form: 'student_student', actorPersonId: s.curator.personId, now });
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 2 });
    await finishProgramme(database.db, { programmeId: s.programmeId, actorPersonId: s.curator.personId, now, reason: 'конец года' });
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 2 });
  });

  it('count a mentee who joins an active group once every member has confirmed', async () => {
    const s = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    const pairId = await formPair(database.db, s.programmeId, s.curator, [mentor], [a], 'teacher_student');
    const added = await addToPair(database.db, { pairId, programmeId: s.programmeId, membershipId: b.membershipId, role: 'mentee', actorPersonId: s.curator.personId, now });
    if (!added.ok || added.value.kind !== 'joining') throw new Error('expected a pending join');
    for (const member of [b, mentor]) {
      await expectFigures(s, { mentees: 2, mentors: 1, involved: 1 });
      await decideOnJoin(database.db, { joinId: added.value.join.id, membershipId: member.membershipId, decision: 'confirmed', actorPersonId: member.personId, now });
    }
    await decideOnJoin(database.db, { joinId: added.value.join.id, membershipId: a.membershipId, decision: 'confirmed', actorPersonId: a.personId, now });
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 2 });
  });

  it('count a student in two formed pairs, and in two programmes, of one school once, until the last pair ends', async () => {
    const s = await school();
    const other = await addOrganisation(database.db, { name: 'не та школа', region: 'Другая область', municipality: null });
    const [second] = await database.db.insert(programmes).values({ organisationId: s.organisationId, name: 'Вторая программа' }).returning();
    if (!second) throw new Error('no programme');
    const senior = await addMember(database.db, s.programmeId, 'mentor', 'Старшеклассник');
    // The same person is a mentee of the school's second programme.
    const [seniorAsMentee] = await database.db.insert(memberships).values({ personId: senior.personId, programmeId: second.id, role: 'mentee', status: 'questionnaire_done' }).returning();
    if (!seniorAsMentee) throw new Error('no membership');
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const teacher = await addMember(database.db, second.id, 'mentor', 'Учитель');
    const first = await formPair(database.db, s.programmeId, s.curator, [senior], [a], 'student_student');
    const again = await formPair(database.db, s.programmeId, s.curator, [senior], [b], 'student_student');
    const inSecond = await formPair(database.db, second.id, s.curator, [teacher], [{ personId: senior.personId, membershipId: seniorAsMentee.id }], 'teacher_student');
    await expectFigures(s, { mentees: 3, mentors: 2, involved: 3 });
    await endPair(database.db, { pairId: first, programmeId: s.programmeId, how: 'ended_early', reason: 'по желанию', actorPersonId: s.curator.personId, now });
    await endPair(database.db, { pairId: inSecond, programmeId: second.id, how: 'ended_early', reason: 'по желанию', actorPersonId: s.curator.personId, now });
    await expectFigures(s, { mentees: 3, mentors: 2, involved: 2 });
    await endPair(database.db, { pairId: again, programmeId: s.programmeId, how: 'ended_early', reason: 'по желанию', actorPersonId: s.curator.personId, now });
    await expectFigures(s, { mentees: 3, mentors: 2, involved: 0 });
    expect(await stored(database.db, other.organisationId)).toBe(0);
  });

  it('keep a participant who withdraws consent as a member, no longer involved (their pairs end early)', async () => {
    const s = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    await formPair(database.db, s.programmeId, s.curator, [mentor], [a, b], 'teacher_student');
    await withdrawConsent(database.db, a.personId, now);
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 0 });
  });

  it('count a forgotten person nowhere, and the rest of their group as before', async () => {
    const s = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    await formPair(database.db, s.programmeId, s.curator, [mentor], [a, b], 'teacher_student');
    await deletePerson(database.db, a.personId);
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 1 });
    await deletePerson(database.db, mentor.personId);
    await expectFigures(s, { mentees: 1, mentors: 0, involved: 1 });
  });

  it('take a deleted programme’s members and students out of its school', async () => {
    const s = await school();
    const mentee = await addMember(database.db, s.programmeId, 'mentee', 'Первая');
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    await formPair(database.db, s.programmeId, s.curator, [mentor], [mentee], 'teacher_student');
    const [second] = await database.db.insert(programmes).values({ organisationId: s.organisationId, name: 'Вторая программа' }).returning();
    if (!second) throw new Error('no programme');
    const other = await addMember(database.db, second.id, 'mentee', 'Другой');
    const otherMentor = await addMember(database.db, second.id, 'mentor', 'Другой учитель');
    await formPair(database.db, second.id, s.curator, [otherMentor], [other], null);
    await expectFigures(s, { mentees: 2, mentors: 2, involved: 2 });
    await database.db.delete(programmes).where(eq(programmes.id, s.programmeId));
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 1 });
  });

  it('count the student side of every form as the programme summary does, and follow a form corrected by hand', async () => {
    const s = await school();
    const pairIds: number[] = [];
    for (const form of [...mentorshipForms, null]) {
      const mentee = await addMember(database.db, s.programmeId, 'mentee', `Наставляемый ${form}`);
      const mentor = await addMember(database.db, s.programmeId, 'mentor', `Наставник ${form}`);
      pairIds.push(await formPair(database.db, s.programmeId, s.curator, [mentor], [mentee], form));
    }
    // Mentees of all but учитель–учитель and организация–организация (6 of 8), and the ученик–ученик mentor.
    await expectFigures(s, { mentees: 8, mentors: 8, involved: 7 });
    await database.db.update(pairs).set({ form: 'teacher_teacher' }).where(eq(pairs.id, pairIds[0] ?? 0));
    await expectFigures(s, { mentees: 8, mentors: 8, involved: 5 });
  });

  it('follow corrections made by hand: a membership’s role, a member moved to another pair, a programme moved to another school', async () => {
    const s = await school();
    const t = await school();
    const [a, b] = [await addMember(database.db, s.programmeId, 'mentee', 'Первая'), await addMember(database.db, s.programmeId, 'mentee', 'Второй')];
    const mentor = await addMember(database.db, s.programmeId, 'mentor', 'Учитель');
    const active = await formPair(database.db, s.programmeId, s.curator, [mentor], [a], 'teacher_student');
    const proposed = await proposePair(database.db, { programmeId: s.programmeId, mentorMembershipIds: [mentor.membershipId], menteeMembershipIds: [b.membershipId], form: 'teacher_student', actorPersonId: s.curator.personId, now });
    if (!proposed.ok) throw new Error(proposed.error);
    await expectFigures(s, { mentees: 2, mentors: 1, involved: 1 });
    await database.db.update(memberships).set({ role: 'mentor' }).where(eq(memberships.id, b.membershipId));
    await expectFigures(s, { mentees: 1, mentors: 2, involved: 1 });
    await database.db.update(pairMembers).set({ pairId: proposed.value.id }).where(and(eq(pairMembers.pairId, active), eq(pairMembers.membershipId, a.membershipId)));
    await expectFigures(s, { mentees: 1, mentors: 2, involved: 0 });
    await database.db.update(pairMembers).set({ pairId: active }).where(eq(pairMembers.membershipId, a.membershipId));
    await expectFigures(s, { mentees: 1, mentors: 2, involved: 1 });
    await database.db.update(programmes).set({ organisationId: t.organisationId }).where(eq(programmes.id, s.programmeId));
    await expectFigures(s, { mentees: 0, mentors: 0, involved: 0 });
    await expectFigures(t, { mentees: 1, mentors: 2, involved: 1 });
  });

  it('leave both of two pairs formed in one school at the same time counted', async () => {
    const s = await school();
    const ready = async (name: string) => {
      const mentee = await addMember(database.db, s.programmeId, 'mentee', name);
      const mentor = await addMember(database.db, s.programmeId, 'mentor', `Наставник ${name}`);
      const proposed = await proposePair(database.db, { programmeId: s.programmeId, mentorMembershipIds: [mentor.membershipId], menteeMembershipIds: [mentee.membershipId], form: 'teacher_student', actorPersonId: s.curator.personId, now });
      if (!proposed.ok) throw new Error(proposed.error);
      await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.membershipId, decision: 'confirmed', actorPersonId: mentor.personId, now });
      return { pairId: proposed.value.id, mentee };
    };
    // A pair formed before: the school's figures row is there, and both transactions update it.
    const earlier = await ready('Ранний');
    await decideOnPair(database.db, { pairId: earlier.pairId, membershipId: earlier.mentee.membershipId, decision: 'confirmed', actorPersonId: earlier.mentee.personId, now });
    const [first, second] = [await ready('Первая'), await ready('Второй')];
    const confirm = (tx: Executor, p: typeof first) =>
      decideOnPair(tx, { pairId: p.pairId, membershipId: p.mentee.membershipId, decision: 'confirmed', actorPersonId: p.mentee.personId, now });

    // The first transaction confirms its pair and stays open until the second is waiting on it.
    let confirmed!: () => void;
    let release!: () => void;
    const firstConfirmed = new Promise<void>((resolve) => (confirmed = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const firstDone = database.db.transaction(async (tx) => {
      await confirm(tx, first);
      confirmed();
      await released;
    });
    await firstConfirmed;
    const secondDone = database.db.transaction((tx) => confirm(tx, second));
    await waitForLockWait();
    release();
    await Promise.all([firstDone, secondDone]);
    await expectFigures(s, { mentees: 3, mentors: 3, involved: 3 });
  });
});

/** Until a session of the test database waits for a lock another holds. */
async function waitForLockWait(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const rows = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((rows as unknown as { n: number }[])[0]?.n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no session waited for a lock');
}

describe('the regional figures on the embedded database', () => {
  let embedded: Database;
  beforeAll(async () => {
    embedded = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await embedded.close();
  });

  it('are kept by the same triggers', async () => {
    const s = await school(embedded.db);
    const mentee = await addMember(embedded.db, s.programmeId, 'mentee', 'Ученица');
    const mentor = await addMember(embedded.db, s.programmeId, 'mentor', 'Ученик-старшеклассник');
    const pairId = await formPair(embedded.db, s.programmeId, s.curator, [mentor], [mentee], 'student_student');
    await expectFigures(s, { mentees: 1, mentors: 1, involved: 2 }, embedded.db);
    await endPair(embedded.db, { pairId, programmeId: s.programmeId, how: 'ended_early', reason: 'переезд', actorPersonId: s.curator.personId, now });
    await deletePerson(embedded.db, mentee.personId);
    await expectFigures(s, { mentees: 0, mentors: 1, involved: 0 }, embedded.db);
  });
});
