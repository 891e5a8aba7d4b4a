// Pair states on real PostgreSQL: proposed -> active when everyone confirms, declined with a reason,
// completed or ended early, with history, audit and no mentee in two pairs.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../../db/client';
import { auditLog, memberships, people, type Role } from '../../../db/schema';
import { decideOnPair, endPair, pairHistory, proposePair, unpairedMentees } from '../../../src/pairs/pairs';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
let programmeId: number;
let otherProgrammeId: number;
let curator: number;
const now = new Date('2026-11-22T12:00:00Z');

async function member(db: Executor, programme: number, role: Role, name: string) {
  const [person] = await db.insert(people).values({ fullName: name }).returning();
  if (!person) throw new Error('person');
  const [m] = await db.insert(memberships).values({ personId: person.id, programmeId: programme, role, status: 'questionnaire_done' }).returning();
  if (!m) throw new Error('membership');
  return m;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const org = await createOrganisation(database.db, { name: 'Школа № 7' });
  programmeId = (await createProgramme(database.db, { organisationId: org.id, name: 'П1' })).id;
  otherProgrammeId = (await createProgramme(database.db, { organisationId: org.id, name: 'П2' })).id;
  curator = (await member(database.db, programmeId, 'curator', 'Куратор')).personId;
});
afterAll(async () => {
  await database.drop();
});

describe('pairs', () => {
  it('become active when the mentor and the mentee have both confirmed, with the history kept', async () => {
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник');
    const mentee = await member(database.db, programmeId, 'mentee', 'Ученик');
    const proposed = await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: [mentee.id], actorPersonId: curator, now });
    if (!proposed.ok) throw new Error(proposed.error);
    expect(proposed.value.status).toBe('proposed');
    const first = await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.id, decision: 'confirmed', actorPersonId: mentor.personId, now });
    expect(first.ok && first.value.outcome).toBe('waiting');
    const second = await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentee.id, decision: 'confirmed', actorPersonId: mentee.personId, now });
    expect(second.ok && second.value.outcome).toBe('active');
    expect((await pairHistory(database.db, proposed.value.id)).map((e) => e.toStatus)).toEqual(['proposed', 'active']);
    const ended = await endPair(database.db, { pairId: proposed.value.id, programmeId, how: 'completed', reason: 'срок программы окончен', actorPersonId: curator, now });
    expect(ended.ok && ended.value.status).toBe('completed');
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, programmeId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['pair.propose', 'pair.completed']));
  });

  it('return the mentee to the unpaired base when one side declines, with the reason', async () => {
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник 2');
    const mentee = await member(database.db, programmeId, 'mentee', 'Ученик 2');
    const proposed = await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: [mentee.id], actorPersonId: curator, now });
    if (!proposed.ok) throw new Error(proposed.error);
    expect((await unpairedMentees(database.db, programmeId)).map((m) => m.id)).not.toContain(mentee.id);
    const declined = await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentor.id, decision: 'declined', reason: 'нет времени', actorPersonId: mentor.personId, now });
    expect(declined.ok && declined.value.outcome).toBe('declined');
    expect(declined.ok && declined.value.pair.endReason).toBe('нет времени');
    expect((await unpairedMentees(database.db, programmeId)).map((m) => m.id)).toContain(mentee.id);
    const late = await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: mentee.id, decision: 'confirmed', actorPersonId: mentee.personId, now });
    expect(late).toEqual({ ok: false, error: 'pair-error-not-proposed' });
  });

  it('form a group of one mentor with several mentees', async () => {
    const mentor = await member(database.db, programmeId, 'mentor', 'Наставник группы');
    const mentees = [await member(database.db, programmeId, 'mentee', 'А'), await member(database.db, programmeId, 'mentee', 'Б')];
    const group = await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: mentees.map((m) => m.id), actorPersonId: curator, now });
    expect(group.ok).toBe(true);
  });

  it('refuse a mentee already in a pair, a member of another programme and swapped roles', async () => {
    const mentor = await member(database.db, programmeId, 'mentor', 'Н3');
    const mentee = await member(database.db, programmeId, 'mentee', 'У3');
    const stranger = await member(database.db, otherProgrammeId, 'mentee', 'Чужой');
    const first = await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: [mentee.id], actorPersonId: curator, now });
    expect(first.ok).toBe(true);
    expect(await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: [mentee.id], actorPersonId: curator, now }))
      .toEqual({ ok: false, error: 'pair-error-mentee-taken' });
    expect(await proposePair(database.db, { programmeId, mentorMembershipIds: [mentor.id], menteeMembershipIds: [stranger.id], actorPersonId: curator, now }))
      .toEqual({ ok: false, error: 'pair-error-wrong-programme' });
    expect(await proposePair(database.db, { programmeId, mentorMembershipIds: [mentee.id], menteeMembershipIds: [mentor.id], actorPersonId: curator, now }))
      .toEqual({ ok: false, error: 'pair-error-wrong-role' });
  });

  it('let only one of two curators pair the same mentee at the same moment', async () => {
    const mentorA = await member(database.db, programmeId, 'mentor', 'НА');
    const mentorB = await member(database.db, programmeId, 'mentor', 'НБ');
    const mentee = await member(database.db, programmeId, 'mentee', 'Один');
    const attempt = (mentorId: number) =>
      database.db.transaction((tx) => proposePair(tx, { programmeId, mentorMembershipIds: [mentorId], menteeMembershipIds: [mentee.id], actorPersonId: curator, now }));
    const results = await Promise.all([attempt(mentorA.id), attempt(mentorB.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});
