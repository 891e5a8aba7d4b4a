// Groups, capacities, preferences and questions on real PostgreSQL: a mentor never takes more
// mentees than stated (also when two curators propose at once), a group grows by a proposal or a
// confirmed join, the preference round's choices reach matching, a mentor's question is answered once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../../db/client';
import { answers, auditLog, memberships, pairMembers, people, questionnaires, responses, type Role } from '../../../db/schema';
import { assignOptimal } from '../../../src/matching/assign';
import {
  addMember,
  decideOnJoin,
  decideOnPair,
  endPair,
  mentorLoads,
  pairHistory,
  parseMemberAddedNote,
  proposePair,
  unpairedMentees,
} from '../../../src/pairs/pairs';
import { closeRound, openRound, preferencesOf, togglePreference } from '../../../src/pairs/preferences';
import { loadMatchingInput } from '../../../src/pairs/profiles';
import { answerQuestion, askQuestion } from '../../../src/pairs/questions';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
let curator: number;
let intakeId: number;
const now = new Date('2026-10-01T09:00:00Z');

async function newProgramme(name: string): Promise<number> {
  const org = await createOrganisation(database.db, { name: `Школа ${name}` });
  return (await createProgramme(database.db, { organisationId: org.id, name })).id;
}

async function member(db: Executor, programmeId: number, role: Role, name: string, capacity?: number) {
  const [person] = await db.insert(people).values({ fullName: name }).returning();
  if (!person) throw new Error('person');
  const [m] = await db
    .insert(memberships)
    .values({ personId: person.id, programmeId, role, status: 'questionnaire_done', readiness: role === 'mentor' ? 'ready' : null })
    .returning();
  if (!m) throw new Error('membership');
  if (capacity !== undefined) {
    const [response] = await db.insert(responses).values({ membershipId: m.id, questionnaireId: intakeId, status: 'submitted' }).returning();
    await db.insert(answers).values({ responseId: response?.id ?? 0, questionId: 'capacity', value: { kind: 'integer', value: capacity } });
  }
  return m;
}

const propose = (db: Executor, programmeId: number, mentors: number[], mentees: number[]) =>
  proposePair(db, { programmeId, mentorMembershipIds: mentors, menteeMembershipIds: mentees, actorPersonId: curator, now });

async function activePair(programmeId: number, mentorId: number, menteeId: number) {
  const proposed = await propose(database.db, programmeId, [mentorId], [menteeId]);
  if (!proposed.ok) throw new Error(proposed.error);
  for (const membershipId of [mentorId, menteeId]) {
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId, decision: 'confirmed', actorPersonId: curator, now });
  }
  return proposed.value.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const [person] = await database.db.insert(people).values({ fullName: 'Куратор' }).returning();
  curator = person?.id ?? 0;
  const [intake] = await database.db
    .insert(questionnaires)
    .values({ key: 'test-mentor-intake', version: 1, definition: { key: 'test-mentor-intake', purpose: 'intake' } })
    .returning();
  intakeId = intake?.id ?? 0;
});
afterAll(async () => {
  await database.drop();
});

describe('mentor capacity', () => {
  it('refuses a proposal beyond the number of mentees the mentor stated', async () => {
    const programmeId = await newProgramme('ёмкость');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник на одного', 1);
    const first = await member(database.db, programmeId, 'mentee', 'Первый');
    const second = await member(database.db, programmeId, 'mentee', 'Второй');
    expect((await propose(database.db, programmeId, [mentor.id], [first.id])).ok).toBe(true);
    expect(await propose(database.db, programmeId, [mentor.id], [second.id])).toEqual({ ok: false, error: 'pair-error-mentor-full' });
    expect(await propose(database.db, programmeId, [mentor.id], [])).toEqual({ ok: false, error: 'pair-error-no-mentee' });
  });

  it('lets only one of two proposals to a one-place mentor through when two curators press at once', async () => {
    const programmeId = await newProgramme('гонка');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник', 1);
    const a = await member(database.db, programmeId, 'mentee', 'А');
    const b = await member(database.db, programmeId, 'mentee', 'Б');
    const results = await Promise.all(
      [a, b].map((mentee) => database.db.transaction((tx) => propose(tx, programmeId, [mentor.id], [mentee.id]))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'pair-error-mentor-full' });
    expect((await mentorLoads(database.db, [mentor.id])).get(mentor.id)).toBe(1);
  });

  it('counts a place free again once a proposal is declined or a pair ends early', async () => {
    const programmeId = await newProgramme('освобождение');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник', 1);
    const a = await member(database.db, programmeId, 'mentee', 'А');
    const b = await member(database.db, programmeId, 'mentee', 'Б');
    const pairId = await activePair(programmeId, mentor.id, a.id);
    await endPair(database.db, { pairId, programmeId, how: 'ended_early', reason: 'переезд', actorPersonId: curator, now });
    expect((await propose(database.db, programmeId, [mentor.id], [b.id])).ok).toBe(true);
  });
});

describe('groups', () => {
  it('add a mentee to a proposed pair: every member confirms the new group afresh, and the history names the newcomer', async () => {
    const programmeId = await newProgramme('группа предложена');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник', 3);
    const a = await member(database.db, programmeId, 'mentee', 'А');
    const b = await member(database.db, programmeId, 'mentee', 'Б');
    const proposed = await propose(database.db, programmeId, [mentor.id], [a.id]);
    if (!proposed.ok) throw new Error(proposed.error);
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.id, decision: 'confirmed', actorPersonId: curator, now });
    const added = await addMember(database.db, { pairId: proposed.value.id, programmeId, membershipId: b.id, role: 'mentee', actorPersonId: curator, now });
    expect(added.ok && added.value.kind).toBe('added');
    const decisions = await database.db.select().from(pairMembers).where(eq(pairMembers.pairId, proposed.value.id));
    expect(decisions.map((d) => d.decision)).toEqual(['pending', 'pending', 'pending']);
    const history = await pairHistory(database.db, proposed.value.id);
    expect(parseMemberAddedNote(history.at(-1)?.note ?? null)).toEqual({ role: 'mentee', membershipId: b.id });
    for (const id of [mentor.id, a.id]) await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: id, decision: 'confirmed', actorPersonId: curator, now });
    const last = await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: b.id, decision: 'confirmed', actorPersonId: curator, now });
    expect(last.ok && last.value.outcome).toBe('active');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, programmeId));
    expect(audit.map((e) => e.action)).toContain('pair.add-member');
  });

  it('add a mentee to an active pair only once the newcomer and every member confirm; meanwhile the mentee is taken', async () => {
    const programmeId = await newProgramme('группа работает');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник', 2);
    const a = await member(database.db, programmeId, 'mentee', 'А');
    const b = await member(database.db, programmeId, 'mentee', 'Б');
    const pairId = await activePair(programmeId, mentor.id, a.id);
    const added = await addMember(database.db, { pairId, programmeId, membershipId: b.id, role: 'mentee', actorPersonId: curator, now });
    if (!added.ok || added.value.kind !== 'joining') throw new Error('expected a join');
    const joinId = added.value.join.id;
    expect((await unpairedMentees(database.db, programmeId)).map((m) => m.id)).not.toContain(b.id);
    expect(await propose(database.db, programmeId, [mentor.id], [b.id])).toEqual({ ok: false, error: 'pair-error-mentee-taken' });
    // Not a member yet: pair work does not see the newcomer.
    expect((await database.db.select().from(pairMembers).where(eq(pairMembers.pairId, pairId))).map((m) => m.membershipId)).not.toContain(b.id);

    const stranger = await member(database.db, programmeId, 'mentee', 'Посторонний');
    expect(await decideOnJoin(database.db, { joinId, membershipId: stranger.id, decision: 'confirmed', actorPersonId: curator, now })).toEqual({ ok: false, error: 'pair-error-not-member' });
    const outcomes = [];
    for (const id of [b.id, mentor.id, a.id]) {
      const r = await decideOnJoin(database.db, { joinId, membershipId: id, decision: 'confirmed', actorPersonId: curator, now });
      outcomes.push(r.ok ? r.value.outcome : r.error);
    }
    expect(outcomes).toEqual(['waiting', 'waiting', 'accepted']);
    expect((await database.db.select().from(pairMembers).where(eq(pairMembers.pairId, pairId))).map((m) => m.membershipId)).toContain(b.id);
    // The mentor stated two places, both taken now.
    const c = await member(database.db, programmeId, 'mentee', 'В');
    expect(await addMember(database.db, { pairId, programmeId, membershipId: c.id, role: 'mentee', actorPersonId: curator, now })).toEqual({ ok: false, error: 'pair-error-mentor-full' });
  });

  it('return the would-be newcomer to the unpaired base when a member declines the join', async () => {
    const programmeId = await newProgramme('отказ от присоединения');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник', 3);
    const a = await member(database.db, programmeId, 'mentee', 'А');
    const b = await member(database.db, programmeId, 'mentee', 'Б');
    const pairId = await activePair(programmeId, mentor.id, a.id);
    const added = await addMember(database.db, { pairId, programmeId, membershipId: b.id, role: 'mentee', actorPersonId: curator, now });
    if (!added.ok || added.value.kind !== 'joining') throw new Error('expected a join');
    const declined = await decideOnJoin(database.db, { joinId: added.value.join.id, membershipId: a.id, decision: 'declined', reason: 'хочу заниматься один', actorPersonId: curator, now });
    expect(declined.ok && declined.value.join.declineReason).toBe('хочу заниматься один');
    expect((await unpairedMentees(database.db, programmeId)).map((m) => m.id)).toContain(b.id);
    const late = await decideOnJoin(database.db, { joinId: added.value.join.id, membershipId: b.id, decision: 'confirmed', actorPersonId: curator, now });
    expect(late).toEqual({ ok: false, error: 'pair-error-join-not-pending' });
  });

  it('take a second mentor (within their capacity for the whole group) but not a third, and cancel a pending join when the pair ends', async () => {
    const programmeId = await newProgramme('два наставника');
    const first = await member(database.db, programmeId, 'mentor', 'Первый', 3);
    const small = await member(database.db, programmeId, 'mentor', 'Маленький', 1);
    const second = await member(database.db, programmeId, 'mentor', 'Второй', 3);
    const third = await member(database.db, programmeId, 'mentor', 'Третий', 3);
    const mentees = [await member(database.db, programmeId, 'mentee', 'А'), await member(database.db, programmeId, 'mentee', 'Б')];
    const group = await propose(database.db, programmeId, [first.id], mentees.map((m) => m.id));
    if (!group.ok) throw new Error(group.error);
    const base = { pairId: group.value.id, programmeId, role: 'mentor' as const, actorPersonId: curator, now };
    expect(await addMember(database.db, { ...base, membershipId: small.id })).toEqual({ ok: false, error: 'pair-error-mentor-full' });
    expect((await addMember(database.db, { ...base, membershipId: second.id })).ok).toBe(true);
    expect(await addMember(database.db, { ...base, membershipId: third.id })).toEqual({ ok: false, error: 'pair-error-too-many-mentors' });
    expect(await addMember(database.db, { ...base, membershipId: second.id })).toEqual({ ok: false, error: 'pair-error-already-member' });

    const mentor = await member(database.db, programmeId, 'mentor', 'Н', 3);
    const a = await member(database.db, programmeId, 'mentee', 'В');
    const b = await member(database.db, programmeId, 'mentee', 'Г');
    const pairId = await activePair(programmeId, mentor.id, a.id);
    const added = await addMember(database.db, { pairId, programmeId, membershipId: b.id, role: 'mentee', actorPersonId: curator, now });
    expect(added.ok).toBe(true);
    await endPair(database.db, { pairId, programmeId, how: 'ended_early', reason: 'закрыли кружок', actorPersonId: curator, now });
    expect((await unpairedMentees(database.db, programmeId)).map((m) => m.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });
});

describe('the preference round', () => {
  it('keeps up to three names per person, takes one back on a second press, and one round open at a time', async () => {
    const programmeId = await newProgramme('раунд');
    const mentee = await member(database.db, programmeId, 'mentee', 'Ученица');
    const mentors = await Promise.all(['Н1', 'Н2', 'Н3', 'Н4'].map((n) => member(database.db, programmeId, 'mentor', n)));
    const opened = await openRound(database.db, { programmeId, actorPersonId: curator, now });
    if (!opened.ok) throw new Error(opened.error);
    expect(await openRound(database.db, { programmeId, actorPersonId: curator, now })).toEqual({ ok: false, error: 'round-error-already-open' });
    const toggle = (mentorId: number) => togglePreference(database.db, { roundId: opened.value.id, chooserMembershipId: mentee.id, chosenMembershipId: mentorId, now });
    for (const m of mentors.slice(0, 3)) expect((await toggle(m.id)).ok).toBe(true);
    expect(await toggle(mentors[3]?.id ?? 0)).toEqual({ ok: false, error: 'round-error-three' });
    await toggle(mentors[0]?.id ?? 0);
    expect(await preferencesOf(database.db, opened.value.id, mentee.id)).toEqual([mentors[1]?.id, mentors[2]?.id]);
    expect((await toggle(mentors[3]?.id ?? 0)).ok).toBe(true);
    const closed = await closeRound(database.db, { programmeId, actorPersonId: curator, now });
    expect(closed.ok).toBe(true);
    expect(await closeRound(database.db, { programmeId, actorPersonId: curator, now })).toEqual({ ok: false, error: 'round-error-not-open' });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, programmeId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['round.open', 'round.close']));
  });

  it('feeds the choices into matching: a mutual choice wins over the tie-break and is given as the reason', async () => {
    const programmeId = await newProgramme('взаимный выбор');
    const [anna, boris] = [await member(database.db, programmeId, 'mentee', 'Анна'), await member(database.db, programmeId, 'mentee', 'Борис')];
    const [xenia, yuri] = [await member(database.db, programmeId, 'mentor', 'Ксения'), await member(database.db, programmeId, 'mentor', 'Юрий')];
    const plain = await loadMatchingInput(database.db, programmeId);
    const before = assignOptimal(plain.mentees, plain.mentors);
    expect(before.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([[anna.id, xenia.id], [boris.id, yuri.id]]);

    const round = await openRound(database.db, { programmeId, actorPersonId: curator, now });
    if (!round.ok) throw new Error(round.error);
    await togglePreference(database.db, { roundId: round.value.id, chooserMembershipId: anna.id, chosenMembershipId: yuri.id, now });
    await togglePreference(database.db, { roundId: round.value.id, chooserMembershipId: yuri.id, chosenMembershipId: anna.id, now });
    await closeRound(database.db, { programmeId, actorPersonId: curator, now });

    const input = await loadMatchingInput(database.db, programmeId);
    expect(input.mentees.find((m) => m.id === anna.id)?.preferredMentors).toEqual([yuri.id]);
    expect(input.mentors.find((m) => m.id === yuri.id)?.preferredMentees).toEqual([anna.id]);
    const after = assignOptimal(input.mentees, input.mentors);
    const annaPair = after.pairs.find((p) => p.menteeId === anna.id);
    expect(annaPair?.mentorId).toBe(yuri.id);
    expect(annaPair?.reasons.map((r) => r.kind)).toContain('mutual-preference');
  });
});

describe("a mentor's question", () => {
  it('is asked only by an undecided mentor of a proposed pair, and answered once by that mentee', async () => {
    const programmeId = await newProgramme('вопрос');
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник');
    const mentee = await member(database.db, programmeId, 'mentee', 'Ученик');
    const proposed = await propose(database.db, programmeId, [mentor.id], [mentee.id]);
    if (!proposed.ok) throw new Error(proposed.error);
    const [menteeRow] = await database.db.select().from(pairMembers).where(eq(pairMembers.membershipId, mentee.id));
    const menteeMemberId = menteeRow?.id ?? 0;
    expect(await askQuestion(database.db, { menteeMemberId, askerMembershipIds: [mentee.id], question: 'Кто вы?', now })).toEqual({ ok: false, error: 'pair-error-not-member' });
    const asked = await askQuestion(database.db, { menteeMemberId, askerMembershipIds: [mentor.id], question: 'Сколько часов в неделю?', now });
    if (!asked.ok) throw new Error(asked.error);
    expect(await answerQuestion(database.db, { questionId: asked.value.id, answererMembershipIds: [mentor.id], answer: 'два', now })).toEqual({ ok: false, error: 'pair-error-not-member' });
    const answered = await answerQuestion(database.db, { questionId: asked.value.id, answererMembershipIds: [mentee.id], answer: 'Два часа', now });
    expect(answered.ok && answered.value.answer).toBe('Два часа');
    expect(await answerQuestion(database.db, { questionId: asked.value.id, answererMembershipIds: [mentee.id], answer: 'Три', now })).toEqual({ ok: false, error: 'question-error-answered' });
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.id, decision: 'confirmed', actorPersonId: curator, now });
    expect(await askQuestion(database.db, { menteeMemberId, askerMembershipIds: [mentor.id], question: 'Ещё?', now })).toEqual({ ok: false, error: 'pair-error-not-proposed' });
  });
});
