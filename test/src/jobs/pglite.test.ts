// The embedded database (PGlite) runs the same schedule: one instance, the same statements.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { jobs, outbox } from '../../../db/schema';
import { runDueJobs, scheduleJob } from '../../../src/jobs/jobs';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import { createSharedSendLimiter } from '../../../src/jobs/rate-limit';
import type { JobHandler } from '../../../src/jobs/types';
import { createPgliteTestDatabase } from '../../support/db';
import { fakeSender, flowDeps, i18n, seedPerson, silentLogger } from './support';

let database: Database;

beforeAll(async () => {
  database = await createPgliteTestDatabase();
});

afterAll(async () => {
  await database.close();
});

it('on the embedded database a due job runs once and its message goes out under the shared rate', async () => {
  const person = await seedPerson(database.db, { locale: 'en' });
  const handler: JobHandler = async (ctx) => {
    await ctx.notify(person.personId, (t) => ({ text: t('jobs-unreachable-notice', { name: 'A', messenger: 'vk', programmes: 'B' }) }));
  };
  const now = new Date();
  await scheduleJob(database.db, { kind: 'embedded.test', key: 'embedded:1', dueAt: now });
  const handlers = new Map([['embedded.test', handler]]);
  expect(await runDueJobs(database, { now, handlers, deps: flowDeps() })).toEqual({ ran: 1, retried: 0, failed: 0 });
  expect(await runDueJobs(database, { now, handlers, deps: flowDeps() })).toEqual({ ran: 0, retried: 0, failed: 0 });
  const [job] = await database.db.select().from(jobs).where(eq(jobs.key, 'embedded:1'));
  expect(job?.status).toBe('done');

  const sender = fakeSender();
  const limiter = createSharedSendLimiter(database.db, { rates: { telegram: { perSecond: 30, perChatMs: 1000 } } });
  const result = await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger, limiter });
  expect(result.sent).toBe(1);
  expect(sender.sent.map((s) => s.text)).toEqual([expect.stringContaining('no longer receives')]);
  const rows = await database.db.select().from(outbox);
  expect(rows.map((r) => r.status)).toEqual(['sent']);
});
