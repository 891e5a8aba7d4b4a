// Retention as a daily job, run by the real scheduler functions: scheduled at start (once, however
// many instances start), run by runDueJobs in the claiming transaction, and the next day's run
// scheduled by the run itself.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, jobs, people, programmes } from '../../db/schema';
import type { App } from '../../src/app';
import { runDueJobs } from '../../src/jobs/jobs';
import { createRetentionJobHandler, nextRetentionRun, RETENTION_JOB_KIND, retentionJob, scheduleRetention } from '../../src/ops/retention-job';
import { createTestApp, seedProgramme } from '../support/app';
import { createChat } from '../support/chat';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.drop();
});

const pendingRetentionJobs = () =>
  database.db
    .select({ key: jobs.key, dueAt: jobs.dueAt })
    .from(jobs)
    .where(and(eq(jobs.kind, RETENTION_JOB_KIND), eq(jobs.status, 'pending')));

describe('the daily retention job', () => {
  it('is due at the next 00:00 UTC, one job per day', () => {
    expect(nextRetentionRun(new Date('2025-09-01T10:15:00Z')).toISOString()).toBe('2025-09-02T00:00:00.000Z');
    expect(nextRetentionRun(new Date('2025-09-01T00:00:00Z')).toISOString()).toBe('2025-09-02T00:00:00.000Z');
    expect(nextRetentionRun(new Date('2025-12-31T23:59:59Z')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(retentionJob(new Date('2025-09-01T10:15:00Z'))).toEqual({
      kind: RETENTION_JOB_KIND,
      key: 'ops:retention:2025-09-02',
      dueAt: new Date('2025-09-02T00:00:00Z'),
    });
  });

  it('scheduled by two instances starting together, runs once, cleans a programme whose period is over, and schedules tomorrow', async () => {
    const seeded = await seedProgramme(database.db, { name: 'Прошлый год' });
    await database.db.update(programmes).set({ endsOn: '2024-05-31' }).where(eq(programmes.id, seeded.programmeId));
    const user = createChat(app.engine).user('8101');
    await user.command('start', seeded.menteeCode);
    await user.press('Согласен(на)');
    await user.press('Да, мне 14 или больше');
    await user.text('Громова Лиза');
    const [identity] = await database.db.select().from(identities).where(eq(identities.externalId, '8101'));

    const started = new Date('2025-08-31T15:00:00Z');
    expect(await Promise.all([scheduleRetention(database.db, started), scheduleRetention(database.db, started)])).toEqual(
      expect.arrayContaining([true, false]),
    );
    expect(await pendingRetentionJobs()).toEqual([{ key: 'ops:retention:2025-09-01', dueAt: new Date('2025-09-01T00:00:00Z') }]);

    const now = new Date('2025-09-01T00:00:01Z');
    const handlers = new Map([[RETENTION_JOB_KIND, createRetentionJobHandler(365)]]);
    const deps = { i18n: app.i18n, catalog: app.catalog, logger: app.logger };
    const runs = await Promise.all([runDueJobs(database, { now, handlers, deps }), runDueJobs(database, { now, handlers, deps })]);

    expect(runs.reduce((n, r) => n + r.ran, 0)).toBe(1);
    const [person] = await database.db.select().from(people).where(eq(people.id, identity?.personId ?? -1));
    expect(person).toMatchObject({ fullName: null, erasedAt: now });
    expect(await database.db.select().from(identities).where(eq(identities.externalId, '8101'))).toEqual([]);
    expect(await pendingRetentionJobs()).toEqual([{ key: 'ops:retention:2025-09-02', dueAt: new Date('2025-09-02T00:00:00Z') }]);
    // An instance starting later that day finds tomorrow's run already scheduled.
    expect(await scheduleRetention(database.db, new Date('2025-09-01T10:00:00Z'))).toBe(false);
  });
});
