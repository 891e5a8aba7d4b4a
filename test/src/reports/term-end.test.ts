// The end of a programme's term on real PostgreSQL: the daily job finishes a programme whose last
// day has passed in its organisation's time zone the way /finish does, queues one reflection request
// per member and one notice per curator in the outbox, leaves other programmes alone, and finishes
// each programme once however many times (or instances) run it.
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jobs, organisations, outbox, pairEvents, pairGoals, pairs, people, programmes } from '../../../db/schema';
import { encodePayload } from '../../../flows/payload';
import type { App } from '../../../src/app';
import { runDueJobs, scheduleJob } from '../../../src/jobs/jobs';
import { decodeMessage } from '../../../src/jobs/messages';
import { termEndMessages } from '../../../flows/reports/completion';
import { finishProgrammesPastTerm, scheduleTermEnd, TERM_END_JOB_KIND, termEndJob, termHasEnded } from '../../../src/reports/term-end-job';
import { createTestApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { addMember, addOrganisation, addPair } from './seed';

type Member = Awaited<ReturnType<typeof addMember>>;

let database: TestDatabase;
let app: App;

/** The day after the last day (31 May 2027): 06:00 UTC, when the daily job is due. */
const runAt = new Date('2027-06-01T06:00:00Z');

describe('when a term has ended', () => {
  it('is after the last day in the organisation’s time zone, not in UTC', () => {
    // 21:30 UTC on 31 May is already 1 June in Moscow, still 31 May in New York.
    const now = new Date('2027-05-31T21:30:00Z');
    expect(termHasEnded('2027-05-31', 'Europe/Moscow', now)).toBe(true);
    expect(termHasEnded('2027-05-31', 'America/New_York', now)).toBe(false);
    expect(termHasEnded('2027-06-01', 'Europe/Moscow', now)).toBe(false);
  });

  it('counts an unknown time zone as Moscow', () => {
    expect(termHasEnded('2027-05-31', 'Mars/Olympus', new Date('2027-05-31T21:30:00Z'))).toBe(true);
  });

  it('is checked by one job a day, named by its day, due at 06:00 UTC', () => {
    expect(termEndJob(new Date('2027-05-31T07:00:00Z'))).toEqual({ kind: TERM_END_JOB_KIND, key: 'reports:term-end:2027-06-01', dueAt: runAt });
    expect(termEndJob(new Date('2027-06-01T05:59:00Z')).key).toBe('reports:term-end:2027-06-01');
  });
});

interface School {
  programmeId: number;
  curators: Member[];
  mentor: Member;
  mentees: Member[];
  activePairIds: number[];
  proposedPairId: number;
}

/** A school whose programme ends on `endsOn`: two curators (one reads English), a mentor with two active pairs, a proposal. */
async function addSchool(name: string, endsOn: string | undefined): Promise<School> {
  const { programmeId } = await addOrganisation(database.db, { name, region: 'Кировская область', municipality: 'Тужа', programme: `Наставничество ${name}`, ...(endsOn ? { endsOn } : {}) });
  const curators = [await addMember(database.db, programmeId, 'curator', 'Куратова Мария'), await addMember(database.db, programmeId, 'curator', 'Curator Two')];
  const second = curators[1];
  if (second) await database.db.update(people).set({ locale: 'en' }).where(eq(people.id, second.personId));
  const mentor = await addMember(database.db, programmeId, 'mentor', 'Иванов Иван');
  const mentees = [await addMember(database.db, programmeId, 'mentee', 'Соколова Вера'), await addMember(database.db, programmeId, 'mentee', 'Петров Пётр')];
  const waiting = await addMember(database.db, programmeId, 'mentee', 'Ждущий Павел');
  const activated = new Date('2026-10-01T09:00:00Z');
  const activePairIds: number[] = [];
  for (const mentee of mentees) {
    activePairIds.push(await addPair(database.db, { programmeId, mentors: [mentor.membershipId], mentees: [mentee.membershipId], status: 'active', form: 'teacher_student', activatedAt: activated }));
  }
  const [first] = activePairIds;
  if (first !== undefined) await database.db.insert(pairGoals).values({ pairId: first, text: 'Подготовиться к олимпиаде' });
  const proposedPairId = await addPair(database.db, { programmeId, mentors: [mentor.membershipId], mentees: [waiting.membershipId], status: 'proposed', form: 'teacher_student' });
  return { programmeId, curators, mentor, mentees, activePairIds, proposedPairId };
}

async function runJobs(now: Date) {
  return runDueJobs(app.database, { now, handlers: app.jobHandlers, deps: { i18n: app.i18n, catalog: app.catalog, logger: app.logger } });
}

async function outboxOf(personId: number) {
  const rows = await database.db.select().from(outbox).where(eq(outbox.personId, personId)).orderBy(asc(outbox.id));
  return rows.map((r) => ({ dedupeKey: r.dedupeKey, message: decodeMessage(r.message) }));
}

async function programmeStage(programmeId: number) {
  const [row] = await database.db.select({ stage: programmes.stage }).from(programmes).where(eq(programmes.id, programmeId));
  return row?.stage;
}

async function pairStatuses(programmeId: number) {
  const rows = await database.db.select({ id: pairs.id, status: pairs.status }).from(pairs).where(eq(pairs.programmeId, programmeId)).orderBy(asc(pairs.id));
  return rows.map((r) => r.status);
}

async function counts() {
  const [outboxRows, events, audits] = await Promise.all([database.db.select().from(outbox), database.db.select().from(pairEvents), database.db.select().from(auditLog)]);
  return { outbox: outboxRows.length, pairEvents: events.length, audit: audits.length };
}

describe('the daily end-of-term job', () => {
  let ended: School;
  let running: School;
  let undated: School;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTestApp(database);
    ended = await addSchool('Школа № 5', '2027-05-31');
    running = await addSchool('Гимназия № 3', '2027-06-30');
    undated = await addSchool('Лицей № 1', undefined);
    // Every instance schedules the next run at start: one job for the day however many start.
    expect(await scheduleTermEnd(database.db, new Date('2027-05-31T07:00:00Z'))).toBe(true);
    expect(await scheduleTermEnd(database.db, new Date('2027-05-31T08:00:00Z'))).toBe(false);
    expect(await runJobs(runAt)).toEqual({ ran: 1, retried: 0, failed: 0 });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finishes a programme whose last day has passed: active pairs completed, proposals closed, stage 7', async () => {
    expect(await programmeStage(ended.programmeId)).toBe(7);
    expect(await pairStatuses(ended.programmeId)).toEqual(['completed', 'completed', 'ended_early']);
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.programmeId, ended.programmeId), eq(auditLog.action, 'programme.term_end')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorPersonId).toBeNull();
  });

  it('queues one reflection request for each member of the completed pairs, with the pair’s goals and the answer button', async () => {
    const [first, second] = ended.mentees;
    const [firstPair, secondPair] = ended.activePairIds;
    if (!first || !second) throw new Error('no mentees');
    const mentee = await outboxOf(first.personId);
    expect(mentee.map((m) => m.dedupeKey)).toEqual([`reflection:${firstPair}:${first.membershipId}`]);
    expect(mentee[0]?.message?.text).toMatch(/Программа «Наставничество Школа № 5» подходит к концу/);
    expect(mentee[0]?.message?.text).toMatch(/• Подготовиться к олимпиаде/);
    expect(mentee[0]?.message?.buttons).toEqual([[{ label: '✍️ Подвести итоги', payload: encodePayload('act', 'reports', 'reflect', first.membershipId) }]]);
    expect((await outboxOf(second.personId)).map((m) => m.dedupeKey)).toEqual([`reflection:${secondPair}:${second.membershipId}`]);
    // The mentor of both pairs reflects once on their participation.
    expect((await outboxOf(ended.mentor.personId)).map((m) => m.dedupeKey)).toEqual([`reflection:${firstPair}:${ended.mentor.membershipId}`]);
  });

  it('tells each curator once, in their language', async () => {
    const [ru, en] = ended.curators;
    if (!ru || !en) throw new Error('no curators');
    const toRu = await outboxOf(ru.personId);
    expect(toRu.map((m) => m.dedupeKey)).toEqual([`term-end:${ended.programmeId}:${ru.personId}`]);
    expect(toRu[0]?.message?.text).toMatch(/Срок программы «Наставничество Школа № 5» закончился 31\.05\.2027: программа завершена автоматически\. Пар завершено: 2, участников получили рефлексию: 3, закрыто неподтверждённых предложений: 1\./);
    expect(toRu[0]?.message?.text).toMatch(/\/swot/);
    const toEn = await outboxOf(en.personId);
    expect(toEn).toHaveLength(1);
    expect(toEn[0]?.message?.text).toMatch(/The term of the programme “Наставничество Школа № 5” ended on 31\.05\.2027/);
  });

  it('leaves alone a programme whose term has not ended and one with no end date', async () => {
    for (const school of [running, undated]) {
      expect(await programmeStage(school.programmeId)).toBe(1);
      expect(await pairStatuses(school.programmeId)).toEqual(['active', 'active', 'proposed']);
      for (const member of [...school.curators, school.mentor, ...school.mentees]) expect(await outboxOf(member.personId)).toEqual([]);
    }
  });

  it('schedules the next day’s run', async () => {
    const pending = await database.db.select({ key: jobs.key, status: jobs.status }).from(jobs).where(like(jobs.key, 'reports:term-end:%')).orderBy(asc(jobs.id));
    expect(pending).toEqual([
      { key: 'reports:term-end:2027-06-01', status: 'done' },
      { key: 'reports:term-end:2027-06-02', status: 'pending' },
    ]);
  });

  it('run again the same day, changes nothing more', async () => {
    const before = await counts();
    expect(await scheduleJob(database.db, termEndJob(new Date('2027-05-31T07:00:00Z')))).toBe(true);
    expect(await runJobs(new Date('2027-06-01T06:30:00Z'))).toEqual({ ran: 1, retried: 0, failed: 0 });
    expect(await counts()).toEqual(before);
    expect(await pairStatuses(ended.programmeId)).toEqual(['completed', 'completed', 'ended_early']);
  });

  it('finishes a programme once when two instances end terms at the same moment', async () => {
    await database.db.update(programmes).set({ endsOn: '2027-06-01' }).where(eq(programmes.id, running.programmeId));
    const before = await counts();
    const now = new Date('2027-06-02T06:00:00Z');
    const results = await Promise.all(
      [1, 2].map(() => database.db.transaction((tx) => finishProgrammesPastTerm(tx, { now, i18n: app.i18n, messages: termEndMessages }))),
    );
    expect(results.map((r) => r.map((e) => e.programmeId)).flat()).toEqual([running.programmeId]);
    expect(await pairStatuses(running.programmeId)).toEqual(['completed', 'completed', 'ended_early']);
    // 3 reflection requests and 2 curator notices; 3 pair changes; an audit entry for each pair and one for the programme.
    const after = await counts();
    expect(after.outbox - before.outbox).toBe(5);
    expect(after.pairEvents - before.pairEvents).toBe(3);
    expect(after.audit - before.audit).toBe(4);
  });

  it('takes a programme’s time zone into account', async () => {
    await database.db.update(programmes).set({ endsOn: '2027-06-02' }).where(eq(programmes.id, undated.programmeId));
    const [row] = await database.db.select({ organisationId: programmes.organisationId }).from(programmes).where(eq(programmes.id, undated.programmeId));
    await database.db.update(organisations).set({ timezone: 'America/New_York' }).where(eq(organisations.id, row?.organisationId ?? 0));
    // 02:00 UTC on 3 June is still 2 June in New York.
    await database.db.transaction((tx) => finishProgrammesPastTerm(tx, { now: new Date('2027-06-03T02:00:00Z'), i18n: app.i18n, messages: termEndMessages }));
    expect(await programmeStage(undated.programmeId)).toBe(1);
    await database.db.transaction((tx) => finishProgrammesPastTerm(tx, { now: new Date('2027-06-03T06:00:00Z'), i18n: app.i18n, messages: termEndMessages }));
    expect(await programmeStage(undated.programmeId)).toBe(7);
  });
});
