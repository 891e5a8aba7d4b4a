// The durable schedule on real PostgreSQL: scheduling, moving and cancelling inside a caller's
// transaction, running due jobs into the outbox in each recipient's language, failures retried and
// then given up, and the outbox sender's handling of blocked users.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identities, jobs, outbox } from '../../../db/schema';
import { DeliveryError } from '../../../flows/events';
import { cancelJobs, pendingJobs, queueMessage, queueMessageFor, rescheduleJob, runDueJobs, scheduleJob } from '../../../src/jobs/jobs';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import { createJobStats } from '../../../src/jobs/stats';
import type { JobHandler } from '../../../src/jobs/types';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { fakeSender, flowDeps, i18n, seedPerson, silentLogger } from './support';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

const at = (iso: string) => new Date(iso);
let keys = 0;
const uniqueKey = (what: string) => `test:${++keys}:${what}`;

const remindBoth: JobHandler = async (ctx) => {
  const people = ctx.job.payload.people as number[];
  for (const personId of people) {
    await ctx.notify(personId, (t) => ({ text: t('jobs-unreachable-notice', { name: 'X', messenger: 'telegram', programmes: 'P' }) }));
  }
};

async function outboxOfJob(jobId: number) {
  return database.db.select().from(outbox).where(eq(outbox.jobId, jobId)).orderBy(asc(outbox.personId));
}

describe('scheduling', () => {
  it('scheduling the same key twice leaves one pending job, due at the first time', async () => {
    const key = uniqueKey('meeting:1:remind:24h');
    expect(await scheduleJob(database.db, { kind: 'x', key, dueAt: at('2099-01-10T10:00:00Z') })).toBe(true);
    expect(await scheduleJob(database.db, { kind: 'x', key, dueAt: at('2099-01-11T10:00:00Z') })).toBe(false);
    const pending = await pendingJobs(database.db, key);
    expect(pending.map((j) => j.dueAt.toISOString())).toEqual(['2099-01-10T10:00:00.000Z']);
  });

  it("cancelling a meeting's jobs and scheduling new ones in one transaction replaces them; a rollback keeps the old ones", async () => {
    const prefix = uniqueKey('meeting:7:');
    await scheduleJob(database.db, { kind: 'x', key: `${prefix}remind:24h`, dueAt: at('2099-02-01T09:00:00Z') });
    await scheduleJob(database.db, { kind: 'x', key: `${prefix}checkin`, dueAt: at('2099-02-02T11:00:00Z') });
    await expect(
      database.db.transaction(async (tx) => {
        await cancelJobs(tx, prefix);
        await scheduleJob(tx, { kind: 'x', key: `${prefix}remind:24h`, dueAt: at('2099-02-05T09:00:00Z') });
        throw new Error('the meeting change failed');
      }),
    ).rejects.toThrow('the meeting change failed');
    expect((await pendingJobs(database.db, prefix)).map((j) => j.key)).toEqual([`${prefix}remind:24h`, `${prefix}checkin`]);

    await database.db.transaction(async (tx) => {
      expect(await cancelJobs(tx, prefix)).toBe(2);
      await scheduleJob(tx, { kind: 'x', key: `${prefix}remind:24h`, dueAt: at('2099-02-05T09:00:00Z') });
      await scheduleJob(tx, { kind: 'x', key: `${prefix}checkin`, dueAt: at('2099-02-06T11:00:00Z') });
    });
    const pending = await pendingJobs(database.db, prefix);
    expect(pending.map((j) => [j.key, j.dueAt.toISOString()])).toEqual([
      [`${prefix}remind:24h`, '2099-02-05T09:00:00.000Z'],
      [`${prefix}checkin`, '2099-02-06T11:00:00.000Z'],
    ]);
    const cancelled = await database.db.select().from(jobs).where(and(eq(jobs.status, 'cancelled')));
    expect(cancelled.filter((j) => j.key.startsWith(prefix))).toHaveLength(2);
  });

  it('a prefix with LIKE wildcards cancels only keys that really start with it', async () => {
    const base = uniqueKey('pair_1%');
    await scheduleJob(database.db, { kind: 'x', key: `${base}:a`, dueAt: at('2099-03-01T00:00:00Z') });
    await scheduleJob(database.db, { kind: 'x', key: `${base.replace('_1%', 'X1Y')}:b`, dueAt: at('2099-03-01T00:00:00Z') });
    expect(await cancelJobs(database.db, base)).toBe(1);
    expect(await pendingJobs(database.db, base.replace('_1%', 'X1Y'))).toHaveLength(1);
  });

  it('a moved job keeps its key and runs at the new time', async () => {
    const key = uniqueKey('meeting:9:checkin');
    await scheduleJob(database.db, { kind: 'x', key, dueAt: at('2099-04-01T10:00:00Z') });
    expect(await rescheduleJob(database.db, key, at('2099-04-03T10:00:00Z'))).toBe(true);
    expect(await rescheduleJob(database.db, uniqueKey('nothing'), at('2099-04-03T10:00:00Z'))).toBe(false);
    expect((await pendingJobs(database.db, key)).map((j) => j.dueAt.toISOString())).toEqual(['2099-04-03T10:00:00.000Z']);
  });
});

describe('running due jobs', () => {
  // Each test runs its own jobs: what earlier tests left pending (with handlers of their own) is put aside.
  beforeEach(async () => {
    await database.db.update(jobs).set({ status: 'cancelled' }).where(eq(jobs.status, 'pending'));
  });

  it("a due job queues one message per recipient in that person's language and runs once", async () => {
    const anna = await seedPerson(database.db, { locale: 'ru' });
    const john = await seedPerson(database.db, { locale: 'en' });
    const kind = uniqueKey('remind');
    const handlers = new Map([[kind, remindBoth]]);
    const now = at('2030-01-01T10:00:00Z');
    await scheduleJob(database.db, { kind, key: uniqueKey('k'), dueAt: now, payload: { people: [anna.personId, john.personId] } });
    await scheduleJob(database.db, { kind, key: uniqueKey('later'), dueAt: at('2030-01-01T10:00:01Z'), payload: { people: [anna.personId] } });

    const first = await runDueJobs(database, { now, handlers, deps: flowDeps() });
    expect(first).toEqual({ ran: 1, retried: 0, failed: 0 });
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, kind)).orderBy(asc(jobs.dueAt));
    expect(job?.status).toBe('done');
    const rows = await outboxOfJob(job?.id ?? 0);
    expect(rows.map((r) => r.dedupeKey)).toEqual([`${job?.id}:${anna.personId}`, `${job?.id}:${john.personId}`]);
    expect((rows[0]?.message as { text: string }).text).toContain('больше не получает');
    expect((rows[1]?.message as { text: string }).text).toContain('no longer receives');

    expect(await runDueJobs(database, { now, handlers, deps: flowDeps() })).toEqual({ ran: 0, retried: 0, failed: 0 });
    expect(await outboxOfJob(job?.id ?? 0)).toHaveLength(2);
  });

  it('a handler that schedules the next job does so in the same transaction', async () => {
    const kind = uniqueKey('chain');
    const key = uniqueKey('chain');
    const handler: JobHandler = async (ctx) => {
      await ctx.schedule({ kind, key: `${key}:${ctx.job.attempts}:next`, dueAt: new Date(ctx.now.getTime() + 86_400_000) });
    };
    const now = at('2030-02-01T00:00:00Z');
    await scheduleJob(database.db, { kind, key, dueAt: now });
    await runDueJobs(database, { now, handlers: new Map([[kind, handler]]), deps: flowDeps() });
    expect((await pendingJobs(database.db, `${key}:`)).map((j) => j.dueAt.toISOString())).toEqual(['2030-02-02T00:00:00.000Z']);
  });

  it('a failing handler is retried after a pause, then given up; the other jobs of its batch still run', async () => {
    const person = await seedPerson(database.db);
    const kind = uniqueKey('flaky');
    let calls = 0;
    const failing: JobHandler = async (ctx) => {
      calls += 1;
      await ctx.notify(person.personId, () => ({ text: 'never sent' }));
      throw new Error('the handler broke');
    };
    const okKind = uniqueKey('fine');
    const handlers = new Map<string, JobHandler>([
      [kind, failing],
      [okKind, remindBoth],
    ]);
    const now = at('2030-03-01T00:00:00Z');
    const badKey = uniqueKey('bad');
    await scheduleJob(database.db, { kind: okKind, key: uniqueKey('ok1'), dueAt: now, payload: { people: [person.personId] } });
    await scheduleJob(database.db, { kind, key: badKey, dueAt: now });
    await scheduleJob(database.db, { kind: okKind, key: uniqueKey('ok2'), dueAt: now, payload: { people: [person.personId] } });
    const stats = createJobStats();
    const options = { handlers, deps: flowDeps(), maxAttempts: 3, retryDelayMs: () => 60_000, stats };

    expect(await runDueJobs(database, { ...options, now })).toEqual({ ran: 2, retried: 1, failed: 0 });
    // Not yet: the pause has not passed.
    expect(await runDueJobs(database, { ...options, now: new Date(now.getTime() + 30_000) })).toEqual({ ran: 0, retried: 0, failed: 0 });
    expect(await runDueJobs(database, { ...options, now: new Date(now.getTime() + 60_000) })).toEqual({ ran: 0, retried: 1, failed: 0 });
    expect(await runDueJobs(database, { ...options, now: new Date(now.getTime() + 120_000) })).toEqual({ ran: 0, retried: 0, failed: 1 });
    expect(await runDueJobs(database, { ...options, now: new Date(now.getTime() + 600_000) })).toEqual({ ran: 0, retried: 0, failed: 0 });

    const [bad] = await database.db.select().from(jobs).where(eq(jobs.key, badKey));
    expect(bad).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: the handler broke' });
    // The failed runs queued nothing: their messages rolled back with them.
    expect(await outboxOfJob(bad?.id ?? 0)).toHaveLength(0);
    expect(calls).toBe(4); // once in the batch, then alone three times
    expect(stats).toMatchObject({ jobsRun: 2, jobsRetried: 2, jobsFailed: 1 });
  });

  it('a job of an unknown kind is retried and then failed, not lost silently', async () => {
    const key = uniqueKey('orphan');
    const now = at('2030-04-01T00:00:00Z');
    await scheduleJob(database.db, { kind: uniqueKey('nobody-handles-this'), key, dueAt: now });
    const result = await runDueJobs(database, { now, handlers: new Map(), deps: flowDeps(), maxAttempts: 1 });
    expect(result).toEqual({ ran: 0, retried: 0, failed: 1 });
    const [job] = await database.db.select().from(jobs).where(eq(jobs.key, key));
    expect(job?.status).toBe('failed');
    expect(job?.lastError).toContain('no handler');
  });

  it('a message to a person who has since removed their data is dropped, the job completes', async () => {
    const kind = uniqueKey('gone');
    const key = uniqueKey('gone');
    const now = at('2030-05-01T00:00:00Z');
    await scheduleJob(database.db, { kind, key, dueAt: now, payload: { people: [987_654_321] } });
    expect(await runDueJobs(database, { now, handlers: new Map([[kind, remindBoth]]), deps: flowDeps() })).toMatchObject({ ran: 1 });
  });
});

describe('sending the outbox', () => {
  it('sends each queued message once, to the messenger the person wrote from last, with a key per row', async () => {
    const person = await seedPerson(database.db);
    const now = at('2031-01-01T00:00:00Z');
    const key = uniqueKey('broadcast');
    expect(await queueMessage(database.db, { personId: person.personId, dedupeKey: key, message: { text: 'Всем привет', buttons: [[{ label: 'OK', payload: 'p' }]] }, notBefore: now })).toBe(true);
    expect(await queueMessage(database.db, { personId: person.personId, dedupeKey: key, message: { text: 'again' }, notBefore: now })).toBe(false);
    const sender = fakeSender();
    const result = await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger });
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mine = sender.sent.filter((s) => s.chatId === person.chatId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ text: 'Всем привет', buttons: [[{ label: 'OK', payload: 'p' }]] });
    expect(mine[0]?.key).toMatch(/^outbox:\d+$/);
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 3_600_000), i18n, logger: silentLogger });
    expect(sender.sent.filter((s) => s.chatId === person.chatId)).toHaveLength(1);
  });

  it('a message queued for later waits until its time', async () => {
    const person = await seedPerson(database.db, { locale: 'en' });
    const now = at('2031-02-01T00:00:00Z');
    await queueMessageFor(database.db, i18n, {
      personId: person.personId,
      dedupeKey: uniqueKey('later'),
      notBefore: new Date(now.getTime() + 60_000),
      build: (t) => ({ text: t('jobs-unreachable-notice', { name: 'N', messenger: 'vk', programmes: 'P' }) }),
    });
    const sender = fakeSender();
    await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger });
    expect(sender.sent.filter((s) => s.chatId === person.chatId)).toHaveLength(0);
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 60_000), i18n, logger: silentLogger });
    expect(sender.sent.filter((s) => s.chatId === person.chatId).map((s) => s.text)).toEqual([expect.stringContaining('in VK')]);
  });

  it('a person who blocked the bot is marked unreachable, the rest is not retried, and each curator is told once', async () => {
    const organisation = await createOrganisation(database.db, { name: 'Школа № 12' });
    const programme = await createProgramme(database.db, { organisationId: organisation.id, name: 'Наставничество 2031' });
    const curator = await seedPerson(database.db, { fullName: 'Петрова Мария', programmeId: programme.id, role: 'curator' });
    const mentee = await seedPerson(database.db, { fullName: 'Сидоров Иван', programmeId: programme.id, role: 'mentee' });
    const now = at('2031-03-01T00:00:00Z');
    for (const n of [1, 2, 3]) {
      await queueMessage(database.db, { personId: mentee.personId, dedupeKey: uniqueKey(`m${n}`), message: { text: `reminder ${n}` }, notBefore: now });
    }
    const sender = fakeSender();
    sender.refuse(mentee.chatId, new DeliveryError('blocked', 'Forbidden: bot was blocked by the user'));
    const stats = createJobStats();
    for (let minute = 0; minute < 5; minute++) {
      await sendDueOutbox(database, sender, { now: new Date(now.getTime() + minute * 60_000), i18n, logger: silentLogger, stats });
    }
    const [identity] = await database.db.select().from(identities).where(eq(identities.personId, mentee.personId));
    expect(identity?.unreachableAt).not.toBeNull();
    const rows = await database.db.select().from(outbox).where(eq(outbox.personId, mentee.personId));
    expect(rows.map((r) => r.status)).toEqual(['unreachable', 'unreachable', 'unreachable']);
    const notices = sender.sent.filter((s) => s.chatId === curator.chatId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('Сидоров Иван больше не получает сообщения бота в Telegram');
    expect(notices[0]?.text).toContain('Наставничество 2031');
    expect(stats.unreachable).toBe(3);

    // Written again (the adapter clears unreachable_at), then blocked again: the curator hears again.
    await database.db.update(identities).set({ unreachableAt: null, lastSeenAt: new Date(now.getTime() + 3_600_000) }).where(eq(identities.personId, mentee.personId));
    await queueMessage(database.db, { personId: mentee.personId, dedupeKey: uniqueKey('m4'), message: { text: 'reminder 4' }, notBefore: now });
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 3_600_000), i18n, logger: silentLogger });
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 3_660_000), i18n, logger: silentLogger });
    expect(sender.sent.filter((s) => s.chatId === curator.chatId)).toHaveLength(2);
  });

  it('a failing messenger is retried with backoff and the message given up after its last attempt', async () => {
    const person = await seedPerson(database.db);
    const now = at('2031-04-01T00:00:00Z');
    const key = uniqueKey('flaky');
    await queueMessage(database.db, { personId: person.personId, dedupeKey: key, message: { text: 'hello' }, notBefore: now });
    const sender = fakeSender();
    sender.refuse(person.chatId, new DeliveryError('failed', 'Internal Server Error'));
    const options = { i18n, logger: silentLogger, maxAttempts: 3, retryDelayMs: () => 10_000 };
    for (let s = 0; s <= 60; s += 5) await sendDueOutbox(database, sender, { ...options, now: new Date(now.getTime() + s * 1000) });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, key));
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Internal Server Error' });
  });

  it('a rate limit answer moves the message by retry_after without counting an attempt', async () => {
    const person = await seedPerson(database.db);
    const now = at('2031-05-01T00:00:00Z');
    const key = uniqueKey('limited');
    await queueMessage(database.db, { personId: person.personId, dedupeKey: key, message: { text: 'hello' }, notBefore: now });
    const sender = fakeSender();
    sender.failNext(1, new DeliveryError('rate_limited', 'Too Many Requests: retry after 7', 7));
    const stats = createJobStats();
    await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger, stats });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, key));
    expect(row?.status).toBe('pending');
    expect(row?.attempts).toBe(0);
    expect(row?.notBefore.getTime()).toBeGreaterThanOrEqual(now.getTime() + 7000);
    expect(stats.rateLimited.telegram).toBe(1);
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 8000), i18n, logger: silentLogger, stats });
    expect(sender.sent.filter((s) => s.chatId === person.chatId)).toHaveLength(1);
  });
});
