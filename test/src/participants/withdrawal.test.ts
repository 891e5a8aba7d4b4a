// Withdrawal of consent on real PostgreSQL: every free text of every pair the person was in is gone,
// whoever wrote it and wherever it is kept (found by searching the whole database, so a text column
// added later and forgotten shows up here); the counts stay; a pair they were not in keeps its texts,
// and a group they were only asked to join loses just their join's reason.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../../db/client';
import {
  auditLog,
  checkins,
  meetingSchedules,
  meetings,
  pairEvents,
  pairFeedback,
  pairGoals,
  pairJoins,
  pairQuestions,
  pairs,
  planTasks,
} from '../../../db/schema';
import { memberAddedNote } from '../../../src/pairs/pairs';
import { withdrawConsent } from '../../../src/participants/withdrawal';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createSnapshotter } from '../../reliability/support/snapshot';
import { addMember, addOrganisation, addPair } from '../reports/seed';

type Member = Awaited<ReturnType<typeof addMember>>;

let database: TestDatabase;
const now = new Date('2026-10-01T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** Writes a text in every place one can be written about the pair; returns the texts, each unique. */
async function writeEverything(db: Executor, pairId: number, programmeId: number, mentor: Member, mentee: Member, tag: string): Promise<string[]> {
  const text = (what: string) => `${tag}: ${what}`;
  await db.update(pairs).set({ endReason: text('причина завершения'), reasons: [{ kind: 'shared-interests', words: [text('интерес из анкеты')] }] }).where(eq(pairs.id, pairId));
  await db.insert(pairEvents).values({ pairId, toStatus: 'active', note: text('заметка в истории') });
  await db.insert(pairQuestions).values({ pairId, fromMembershipId: mentor.membershipId, toMembershipId: mentee.membershipId, question: text('вопрос наставника'), answer: text('ответ') });
  const [goal] = await db.insert(pairGoals).values({ pairId, text: text('цель пары') }).returning();
  await db.insert(planTasks).values({ pairId, goalId: goal?.id ?? null, title: text('задача плана'), expectedResult: text('ожидаемый результат') });
  await db.insert(meetingSchedules).values({ pairId, weekday: 2, time: '16:00', format: 'online', topic: text('тема расписания') });
  const [meeting] = await db.insert(meetings).values({ pairId, startsAt: new Date('2026-09-15T12:00:00Z'), format: 'online', topic: text('тема встречи'), status: 'held' }).returning();
  if (!meeting) throw new Error('no meeting');
  await db.insert(checkins).values([
    { meetingId: meeting.id, membershipId: mentor.membershipId, happened: true, rating: 4, summary: text('итог наставника'), nextStep: text('шаг наставника') },
    { meetingId: meeting.id, membershipId: mentee.membershipId, happened: true, rating: 5, summary: text('итог наставляемого'), nextStep: text('шаг наставляемого') },
  ]);
  await db.insert(pairFeedback).values([
    { pairId, membershipId: mentor.membershipId, kind: 'fit', value: 'good', note: text('отзыв наставника') },
    { pairId, membershipId: mentee.membershipId, kind: 'pulse', value: '4', note: text('отзыв наставляемого') },
  ]);
  await db.insert(auditLog).values({ programmeId, action: 'pair.ended_early', details: { pairId, reason: text('причина в журнале') } });
  return [
    'причина завершения', 'интерес из анкеты', 'заметка в истории', 'вопрос наставника', 'ответ', 'цель пары', 'задача плана', 'ожидаемый результат',
    'тема расписания', 'тема встречи', 'итог наставника', 'шаг наставника', 'итог наставляемого', 'шаг наставляемого', 'отзыв наставника',
    'отзыв наставляемого', 'причина в журнале',
  ].map(text);
}

describe('withdrawal of consent', () => {
  it('clears every free text of every pair the person was in, and only theirs of a group they were asked to join', async () => {
    const db = database.db;
    const { programmeId } = await addOrganisation(db, { name: 'Школа № 77', region: 'Область', municipality: 'Город' });
    const mentor = await addMember(db, programmeId, 'mentor', 'Наставник Первый');
    const otherMentor = await addMember(db, programmeId, 'mentor', 'Наставник Второй');
    const leaver = await addMember(db, programmeId, 'mentee', 'Уходящая Вера');
    const partner = await addMember(db, programmeId, 'mentee', 'Остающийся Пётр');
    const stranger = await addMember(db, programmeId, 'mentee', 'Чужая Анна');

    // Their group (with a partner who stays), an earlier pair of theirs that was declined, and a group
    // of others that they were asked to join and declined.
    const theirs = await addPair(db, { programmeId, mentors: [mentor.membershipId], mentees: [leaver.membershipId, partner.membershipId], status: 'active', form: null, activatedAt: now });
    const earlier = await addPair(db, { programmeId, mentors: [otherMentor.membershipId], mentees: [leaver.membershipId], status: 'declined', form: null });
    const others = await addPair(db, { programmeId, mentors: [otherMentor.membershipId], mentees: [stranger.membershipId], status: 'active', form: null, activatedAt: now });
    const gone = [
      ...(await writeEverything(db, theirs, programmeId, mentor, leaver, 'ГРУППА')),
      ...(await writeEverything(db, earlier, programmeId, otherMentor, leaver, 'РАНЬШЕ')),
    ];
    await db.insert(pairEvents).values({ pairId: theirs, toStatus: 'active', fromStatus: 'active', note: memberAddedNote('mentee', partner.membershipId) });
    await db.insert(pairJoins).values([
      { pairId: theirs, membershipId: stranger.membershipId, role: 'mentee', status: 'declined', declinedByMembershipId: leaver.membershipId, declineReason: 'ГРУППА: отказ во вступлении' },
      { pairId: others, membershipId: leaver.membershipId, role: 'mentee', status: 'declined', declinedByMembershipId: stranger.membershipId, declineReason: 'ЧУЖАЯ: отказ Вере' },
    ]);
    gone.push('ГРУППА: отказ во вступлении', 'ЧУЖАЯ: отказ Вере');
    const kept = await writeEverything(db, others, programmeId, otherMentor, stranger, 'ЧУЖАЯ');

    const result = await withdrawConsent(db, leaver.personId, now, { pairEndReason: 'участник отозвал согласие' });

    expect(result.endedPairs).toEqual([{ pairId: theirs, programmeId }]);
    const snapshots = await createSnapshotter(database.url);
    const everything = await snapshots.take();
    await snapshots.close();
    const tablesHolding = (value: string) =>
      Object.entries(JSON.parse(everything) as Record<string, unknown>)
        .filter(([, rows]) => JSON.stringify(rows).includes(value))
        .map(([table]) => table);
    expect(gone.filter((t) => everything.includes(t)).map((t) => `${t} (in ${tablesHolding(t).join(', ')})`)).toEqual([]);
    expect(kept.filter((t) => !everything.includes(t))).toEqual([]);

    // The counts stay: meetings, check-ins with their ratings, feedback values; the group's history
    // still says who joined; the end written by the withdrawal is kept.
    const [group] = await db.select().from(pairs).where(eq(pairs.id, theirs));
    expect(group).toMatchObject({ status: 'ended_early', endReason: 'участник отозвал согласие' });
    expect((await db.select().from(pairEvents).where(eq(pairEvents.pairId, theirs))).map((e) => e.note).filter((n) => n !== null)).toEqual([
      memberAddedNote('mentee', partner.membershipId),
      'участник отозвал согласие',
    ]);
    const groupMeetings = await db.select().from(meetings).where(eq(meetings.pairId, theirs));
    expect(groupMeetings.map((m) => m.status)).toEqual(['held']);
    const groupCheckins = await db.select().from(checkins).where(eq(checkins.meetingId, groupMeetings[0]?.id ?? -1));
    expect(groupCheckins.map((c) => [c.happened, c.rating]).sort()).toEqual([[true, 4], [true, 5]]);
    expect((await db.select().from(pairFeedback).where(eq(pairFeedback.pairId, theirs))).map((f) => f.value).sort()).toEqual(['4', 'good']);
  });
});
