// Data retention: a programme that ended longer ago than RETENTION_DAYS loses its personal data and
// keeps its figures; people still in a newer programme keep theirs; a dry run changes nothing; a
// second run (or two at once) finds nothing more to do.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  checkins,
  consents,
  flowStates,
  identities,
  meetingSchedules,
  meetings,
  memberships,
  pairEvents,
  pairFeedback,
  pairGoals,
  pairJoins,
  pairMembers,
  pairQuestions,
  pairs,
  people,
  planTasks,
  programmes,
  responses,
} from '../../db/schema';
import type { App } from '../../src/app';
import { runCli, UsageError } from '../../src/cli';
import { ConfigError, createConfig } from '../../src/config';
import { applyRetention, ERASED_SETTING } from '../../src/ops/retention';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createSnapshotter } from '../reliability/support/snapshot';
import { createChat, type ChatUser } from '../support/chat';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let app: App;
let old: SeededProgramme;
let current: SeededProgramme;
let chat: ReturnType<typeof createChat>;
/** Programme "old" ended on 2024-06-30; "current" runs until 2026-06-30. */
const now = new Date('2025-09-01T03:00:00Z');

async function personIdOf(user: ChatUser): Promise<number> {
  const [row] = await database.db.select({ personId: identities.personId }).from(identities).where(eq(identities.externalId, user.id));
  if (!row) throw new Error(`no person for ${user.id}`);
  return row.personId;
}

async function membershipOf(personId: number, programmeId: number): Promise<number> {
  const [row] = await database.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.personId, personId), eq(memberships.programmeId, programmeId)));
  if (!row) throw new Error(`no membership of ${personId} in ${programmeId}`);
  return row.id;
}

/** Opens the invite, consents as 14+, gives a name: a response with one answer and a name on the person. */
async function joinAndName(user: ChatUser, code: string, name: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
}

async function cli(...argv: string[]): Promise<string> {
  const lines: string[] = [];
  await runCli(argv, { db: database.db, config: createConfig({ LOG_LEVEL: 'silent' }), out: (s) => lines.push(s), now: () => now });
  return lines.join('\n');
}

let leaver: ChatUser;
let stayer: ChatUser;
let newcomer: ChatUser;
let pairId: number;
/** Every free text written about the old programme's pair, each in its own place. */
const OLD_TEXTS = {
  endReason: 'Вера переехала в Киров',
  reason: 'общие интересы: химия',
  decline: 'Иван занят по вторникам',
  goal: 'Подготовить Веру к олимпиаде',
  task: 'Решить вариант олимпиады 2023 года',
  result: 'Вера в числе призёров',
  schedule: 'Вторничные задачи Веры',
  topic: 'Разбор задач Веры',
  summary: 'Вера решила 3 задачи',
  nextStep: 'Задачи 4–6',
  feedback: 'Вера устала от химии',
  question: 'Вера, какие темы тебе трудны?',
  answer: 'Органическая химия, мама не может помочь',
  joinDecline: 'Иван не потянет второго наставляемого',
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  old = await seedProgramme(database.db, { name: 'Наставничество 2023/24' });
  current = await seedProgramme(database.db, { name: 'Наставничество 2025/26', organisation: 'Школа № 9' });
  await database.db.update(programmes).set({ startsOn: '2023-09-01', endsOn: '2024-06-30' }).where(eq(programmes.id, old.programmeId));
  await database.db.update(programmes).set({ startsOn: '2025-09-01', endsOn: '2026-06-30' }).where(eq(programmes.id, current.programmeId));
  chat = createChat(app.engine);

  leaver = chat.user('7001');
  stayer = chat.user('7002');
  newcomer = chat.user('7003');
  await joinAndName(leaver, old.menteeCode, 'Орлова Вера');
  await joinAndName(stayer, old.menteeCode, 'Соколов Иван');
  await stayer.command('cancel');
  await joinAndName(stayer, current.menteeCode, 'Соколов Иван');
  await joinAndName(newcomer, current.menteeCode, 'Новикова Дарья');

  // The old programme's pair work, with free texts in every place one can be written.
  const leaverId = await personIdOf(leaver);
  const stayerId = await personIdOf(stayer);
  await database.db.update(consents).set({ parentName: 'Орлова Анна', parentContact: '+7 900 000-00-00' }).where(eq(consents.personId, leaverId));
  const [pair] = await database.db
    .insert(pairs)
    .values({ programmeId: old.programmeId, status: 'completed', endReason: OLD_TEXTS.endReason, reasons: [OLD_TEXTS.reason] })
    .returning();
  if (!pair) throw new Error('no pair');
  pairId = pair.id;
  const leaverMembership = await membershipOf(leaverId, old.programmeId);
  const stayerMembership = await membershipOf(stayerId, old.programmeId);
  await database.db.insert(pairMembers).values([
    { pairId, membershipId: leaverMembership, role: 'mentee', decision: 'confirmed' },
    { pairId, membershipId: stayerMembership, role: 'mentor', decision: 'declined', declineReason: OLD_TEXTS.decline },
  ]);
  await database.db.insert(pairEvents).values({ pairId, toStatus: 'completed', note: OLD_TEXTS.endReason });
  const [goal] = await database.db.insert(pairGoals).values({ pairId, text: OLD_TEXTS.goal }).returning();
  await database.db.insert(planTasks).values({ pairId, goalId: goal?.id ?? null, title: OLD_TEXTS.task, expectedResult: OLD_TEXTS.result });
  await database.db.insert(meetingSchedules).values({ pairId, weekday: 2, time: '16:00', format: 'online', topic: OLD_TEXTS.schedule });
  const [meeting] = await database.db
    .insert(meetings)
    .values({ pairId, startsAt: new Date('2024-03-01T12:00:00Z'), format: 'online', topic: OLD_TEXTS.topic, status: 'held' })
    .returning();
  if (!meeting) throw new Error('no meeting');
  await database.db.insert(checkins).values({ meetingId: meeting.id, membershipId: leaverMembership, happened: true, rating: 5, summary: OLD_TEXTS.summary, nextStep: OLD_TEXTS.nextStep });
  await database.db.insert(pairFeedback).values({ pairId, membershipId: leaverMembership, kind: 'pulse', value: '3', note: OLD_TEXTS.feedback });
  // Written before confirming, and when someone was to join the pair: kept with the pair too.
  await database.db.insert(pairQuestions).values({ pairId, fromMembershipId: stayerMembership, toMembershipId: leaverMembership, question: OLD_TEXTS.question, answer: OLD_TEXTS.answer });
  await database.db.insert(pairJoins).values({ pairId, membershipId: stayerMembership, role: 'mentor', status: 'declined', declinedByMembershipId: leaverMembership, declineReason: OLD_TEXTS.joinDecline });
  await database.db.insert(auditLog).values({ programmeId: old.programmeId, action: 'pair.end', details: { pairId, reason: OLD_TEXTS.endReason } });
});

afterAll(async () => {
  await database?.drop();
});

async function snapshot() {
  const rows = await database.db.execute(sql`
    select
      (select count(*)::int from responses) as responses,
      (select count(*)::int from people where full_name is not null) as named,
      (select count(*)::int from identities) as identities,
      (select count(*)::int from memberships) as memberships,
      (select count(*)::int from pair_goals) as goals`);
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0];
}

describe('retention of a finished programme', () => {
  it('a dry run lists the programme that is due and changes nothing', async () => {
    const before = await snapshot();

    const text = await cli('retention', '--dry-run');

    expect(text).toBe(
      [
        'Dry run: programmes that ended before 2024-09-01 (365 days ago) and would lose their personal data:',
        `  programme ${old.programmeId} «Наставничество 2023/24», ended 2024-06-30: 2 questionnaire responses, 1 people anonymised`,
      ].join('\n'),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('removes the answers, free texts and the name and messengers of someone in nothing newer, keeping the figures', async () => {
    const leaverId = await personIdOf(leaver);
    const stayerId = await personIdOf(stayer);
    const result = JSON.parse(await cli('retention', '--json')) as { days: number; programmes: { id: number; responses: number; people: number }[] };

    expect(result.days).toBe(365);
    expect(result.programmes).toEqual([expect.objectContaining({ id: old.programmeId, responses: 2, people: 1 })]);
    const [leaverRow] = await database.db.select().from(people).where(eq(people.id, leaverId));
    expect(leaverRow).toMatchObject({ fullName: null, erasedAt: now });
    expect(await database.db.select().from(identities).where(eq(identities.personId, leaverId))).toEqual([]);
    expect(await database.db.select().from(flowStates).where(eq(flowStates.personId, leaverId))).toEqual([]);
    const oldMemberships = await database.db.select({ id: memberships.id, role: memberships.role }).from(memberships).where(eq(memberships.programmeId, old.programmeId));
    expect(oldMemberships).toHaveLength(2);
    expect(await database.db.select().from(responses).where(sql`${responses.membershipId} in (${sql.join(oldMemberships.map((m) => sql`${m.id}`), sql`, `)})`)).toEqual([]);
    expect(await database.db.select({ parentName: consents.parentName, parentContact: consents.parentContact }).from(consents).where(eq(consents.personId, leaverId))).toEqual([
      { parentName: null, parentContact: null },
    ]);

    const [pair] = await database.db.select().from(pairs).where(eq(pairs.id, pairId));
    expect(pair).toMatchObject({ status: 'completed', endReason: null, reasons: null });
    expect((await database.db.select().from(pairMembers).where(eq(pairMembers.pairId, pairId))).map((m) => m.declineReason)).toEqual([null, null]);
    expect((await database.db.select().from(pairEvents).where(eq(pairEvents.pairId, pairId))).map((e) => e.note)).toEqual([null]);
    expect(await database.db.select().from(pairGoals).where(eq(pairGoals.pairId, pairId))).toEqual([]);
    expect((await database.db.select().from(meetings).where(eq(meetings.pairId, pairId))).map((m) => [m.status, m.topic])).toEqual([['held', null]]);
    expect((await database.db.select().from(checkins)).map((c) => [c.happened, c.rating, c.summary, c.nextStep])).toEqual([[true, 5, null, null]]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, old.programmeId));
    expect(audit.map((a) => a.details)).toContainEqual({ pairId });
    expect(audit.map((a) => a.action)).toContain('retention.erase');
    const [programme] = await database.db.select().from(programmes).where(eq(programmes.id, old.programmeId));
    expect(programme?.settings[ERASED_SETTING]).toBe(now.toISOString());

    // Someone still in the current programme keeps their name, messenger and current answers.
    const [stayerRow] = await database.db.select().from(people).where(eq(people.id, stayerId));
    expect(stayerRow).toMatchObject({ fullName: 'Соколов Иван', erasedAt: null });
    expect(await database.db.select().from(identities).where(eq(identities.personId, stayerId))).toHaveLength(1);
    const currentResponses = await database.db
      .select({ id: responses.id })
      .from(responses)
      .innerJoin(memberships, eq(memberships.id, responses.membershipId))
      .where(eq(memberships.programmeId, current.programmeId));
    expect(currentResponses).toHaveLength(2);
  });

  it('leaves no free text of the pair anywhere in the database, the questions asked before confirming and the reason a join was declined included', async () => {
    const snapshots = await createSnapshotter(database.url);
    const everything = await snapshots.take();
    await snapshots.close();
    const tablesHolding = (value: string) =>
      Object.entries(JSON.parse(everything) as Record<string, unknown>)
        .filter(([, rows]) => JSON.stringify(rows).includes(value))
        .map(([table]) => table);

    const left = Object.values(OLD_TEXTS).filter((text) => everything.includes(text));

    expect(left.map((text) => `${text} (in ${tablesHolding(text).join(', ')})`)).toEqual([]);
    // What reports count stays: the join as declined, the feedback's value, the check-in's rating.
    expect((await database.db.select().from(pairJoins).where(eq(pairJoins.pairId, pairId))).map((j) => [j.status, j.declineReason])).toEqual([['declined', null]]);
    expect((await database.db.select().from(pairFeedback).where(eq(pairFeedback.pairId, pairId))).map((f) => [f.value, f.note])).toEqual([['3', null]]);
    expect(await database.db.select().from(pairQuestions).where(eq(pairQuestions.pairId, pairId))).toEqual([]);
  });

  it('the anonymised person writing again is a stranger to the bot', async () => {
    const reply = await leaver.text('Здравствуйте');

    expect(reply.replies.map((r) => r.text)).toEqual([
      'Я пока не знаю, к какой программе вы относитесь. Пришлите код или ссылку-приглашение от куратора.',
    ]);
  });

  it('two instances running it at once erase a newly due programme once, and a further run finds nothing to do', async () => {
    const another = await seedProgramme(database.db, { name: 'Весна 2024', organisation: 'Школа № 11' });
    await database.db.update(programmes).set({ endsOn: '2024-05-31' }).where(eq(programmes.id, another.programmeId));
    await joinAndName(chat.user('7004'), another.menteeCode, 'Белова Юлия');

    const runs = await Promise.all([
      applyRetention(database.db, { now, days: 365 }),
      applyRetention(database.db, { now, days: 365 }),
    ]);

    expect(runs.flatMap((r) => r.programmes.map((p) => p.id))).toEqual([another.programmeId]);
    expect(await cli('retention')).toBe('No programme ended before 2024-09-01 with personal data left.');
    const erasures = await database.db.select().from(auditLog).where(eq(auditLog.action, 'retention.erase'));
    expect(erasures.map((e) => e.programmeId).sort()).toEqual([old.programmeId, another.programmeId].sort());
  });

  it('leaves a programme alone until its period is over, and takes --days and RETENTION_DAYS', async () => {
    expect(JSON.parse(await cli('retention', '--days', '500', '--dry-run', '--json'))).toMatchObject({ cutoff: '2024-04-19', programmes: [] });
    const early = await applyRetention(database.db, { now: new Date('2026-07-01T00:00:00Z'), days: 0, dryRun: true });
    expect(early.programmes.map((p) => p.id)).toEqual([current.programmeId]);
    expect(createConfig({ RETENTION_DAYS: '30' }).retention.days).toBe(30);
    expect(createConfig({}).retention.days).toBe(365);
    expect(() => createConfig({ RETENTION_DAYS: 'a year' })).toThrow(ConfigError);
    await expect(cli('retention', '--days', 'many')).rejects.toThrow(UsageError);
  });
});
