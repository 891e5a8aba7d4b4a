// The meeting services on real PostgreSQL: a change of a meeting and the change of its jobs commit
// together or not at all; two answers to one proposal at once schedule it once.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, meetings } from '../../../db/schema';
import { jobPlanner } from '../../../src/meetings/job-planner';
import { acceptMeeting, cancelMeeting, proposeMeeting, rescheduleMeeting } from '../../../src/meetings/meetings';
import { loadPairContext, type PairContext } from '../../../src/meetings/pair-access';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { proposePair, decideOnPair } from '../../../src/pairs/pairs';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedPerson, type SeededPerson } from '../../flows/meetings/support';

let database: TestDatabase;
const now = new Date('2026-03-16T07:00:00Z');
const tomorrow = new Date('2026-03-17T12:00:00Z');

let mentor: SeededPerson;
let menteeA: SeededPerson;
let menteeB: SeededPerson;
let group: PairContext;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 6 });
  const organisation = await createOrganisation(database.db, { name: 'Школа № 1' });
  const programme = await createProgramme(database.db, { organisationId: organisation.id, name: 'Наставничество' });
  const curator = await seedPerson(database.db, { programmeId: programme.id, role: 'curator', chatId: 'c', fullName: 'Куратор' });
  mentor = await seedPerson(database.db, { programmeId: programme.id, role: 'mentor', chatId: 'm', fullName: 'Наставник' });
  menteeA = await seedPerson(database.db, { programmeId: programme.id, role: 'mentee', chatId: 'a', fullName: 'Первая' });
  menteeB = await seedPerson(database.db, { programmeId: programme.id, role: 'mentee', chatId: 'b', fullName: 'Второй' });
  // A group: one mentor, two mentees.
  const proposed = await proposePair(database.db, {
    programmeId: programme.id,
    mentorMembershipIds: [mentor.membershipId],
    menteeMembershipIds: [menteeA.membershipId, menteeB.membershipId],
    actorPersonId: curator.personId,
    now,
  });
  if (!proposed.ok) throw new Error(proposed.error);
  for (const m of [mentor, menteeA, menteeB]) {
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: m.membershipId, decision: 'confirmed', actorPersonId: m.personId, now });
  }
  const context = await loadPairContext(database.db, proposed.value.id);
  if (!context) throw new Error('no pair');
  group = context;
});
afterAll(async () => {
  await database.drop();
});

async function pendingKeys(meetingId: number): Promise<string[]> {
  const rows = await database.db.select().from(jobs).where(eq(jobs.status, 'pending'));
  return rows.map((j) => j.key).filter((k) => k.startsWith(`meeting:${meetingId}:`)).sort();
}

async function proposeTomorrow(): Promise<number> {
  const result = await proposeMeeting(database.db, jobPlanner(database.db, now), { pair: group, personId: mentor.personId, times: [tomorrow], format: 'online', topic: null, now });
  if (!result.ok) throw new Error(result.error);
  return result.value.meeting.id;
}

describe('meeting changes and their jobs', () => {
  it('lists the mentors of a group first and all its mentees', () => {
    expect(group.members.map((m) => [m.role, m.fullName])).toEqual([
      ['mentor', 'Наставник'],
      ['mentee', 'Первая'],
      ['mentee', 'Второй'],
    ]);
  });

  it('a reschedule that fails later in its transaction leaves the meeting and its reminders as they were', async () => {
    const id = await proposeTomorrow();
    await acceptMeeting(database.db, jobPlanner(database.db, now), { meetingId: id, slotId: null, personId: menteeA.personId, now });
    const before = await pendingKeys(id);
    expect(before).toEqual([`meeting:${id}:checkin`, `meeting:${id}:remind:1440`, `meeting:${id}:remind:60`]);
    await expect(
      database.db.transaction(async (tx) => {
        const moved = await rescheduleMeeting(tx, jobPlanner(tx, now), { meetingId: id, personId: menteeB.personId, startsAt: new Date('2026-03-18T12:00:00Z'), now });
        expect(moved.ok).toBe(true);
        throw new Error('the update failed after the reschedule');
      }),
    ).rejects.toThrow('the update failed');
    expect(await pendingKeys(id)).toEqual(before);
    const [meeting] = await database.db.select().from(meetings).where(eq(meetings.id, id));
    expect(meeting?.status).toBe('scheduled');
    expect(meeting?.startsAt.toISOString()).toBe(tomorrow.toISOString());

    await cancelMeeting(database.db, jobPlanner(database.db, now), { meetingId: id, personId: mentor.personId, now });
    expect(await pendingKeys(id)).toEqual([]);
  });

  it('two mentees accepting one proposal at the same moment schedule it once, with one set of jobs', async () => {
    const id = await proposeTomorrow();
    const results = await Promise.all(
      [menteeA, menteeB].map((m) =>
        database.db.transaction((tx) => acceptMeeting(tx, jobPlanner(tx, now), { meetingId: id, slotId: null, personId: m.personId, now })),
      ),
    );
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'meeting-error-not-proposed' });
    expect(await pendingKeys(id)).toEqual([`meeting:${id}:checkin`, `meeting:${id}:remind:1440`, `meeting:${id}:remind:60`]);
  });

  it('refuses a proposal with a time already past, and an answer from someone outside the pair', async () => {
    const past = await proposeMeeting(database.db, jobPlanner(database.db, now), {
      pair: group,
      personId: mentor.personId,
      times: [new Date(now.getTime() - 60_000)],
      format: 'online',
      topic: null,
      now,
    });
    expect(past).toEqual({ ok: false, error: 'meeting-error-time-passed' });
    const id = await proposeTomorrow();
    const stranger = await seedPerson(database.db, { programmeId: group.programmeId, role: 'mentee', chatId: 'x', fullName: 'Чужой' });
    expect(await acceptMeeting(database.db, jobPlanner(database.db, now), { meetingId: id, slotId: null, personId: stranger.personId, now })).toEqual({
      ok: false,
      error: 'meeting-error-not-member',
    });
  });
});
