// GET /metrics: the numbers an operator watches move as people write to the bot, through the real
// engine on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, outbox, people } from '../../db/schema';
import type { App } from '../../src/app';
import { createJobStats } from '../../src/jobs/stats';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createChat } from '../support/chat';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { get } from '../support/http';
import { metricValue } from '../support/metrics';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  seeded = await seedProgramme(database.db);
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('silent'),
    ready: () => database.ready(),
    metrics: app.metrics,
  });
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

async function scrape(): Promise<string> {
  const answer = await get(`${server.url}/metrics`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return answer.body;
}

describe('GET /metrics', () => {
  it('counts handled, duplicate and malformed updates by messenger, times them, and counts people in a conversation', async () => {
    const before = await scrape();
    const handledBefore = metricValue(before, 'nastavnik_updates_total', { messenger: 'telegram', outcome: 'handled' });
    const timedBefore = metricValue(before, 'nastavnik_update_handling_seconds_count', { messenger: 'telegram' }) ?? Number.NaN;
    expect(handledBefore).toBe(0);
    expect(metricValue(before, 'nastavnik_active_flows')).toBe(0);

    const chat = createChat(app.engine);
    await chat.user('501').command('start', seeded.menteeCode);
    await chat.user('502').command('start', seeded.mentorCode);
    const vkChat = createChat(app.engine, 'vk');
    await vkChat.user('601').command('start', seeded.menteeCode);
    const redelivered = {
      platform: 'telegram' as const,
      updateId: 'redelivered-1',
      chatType: 'private' as const,
      user: { externalId: '503', chatId: '503' },
      event: { kind: 'text' as const, text: 'привет' },
    };
    await app.engine.handle(redelivered);
    await app.engine.handle(redelivered);
    await app.engine.handle({ ...redelivered, updateId: '' });

    const after = await scrape();
    expect(metricValue(after, 'nastavnik_updates_total', { messenger: 'telegram', outcome: 'handled' })).toBe(3);
    expect(metricValue(after, 'nastavnik_updates_total', { messenger: 'vk', outcome: 'handled' })).toBe(1);
    expect(metricValue(after, 'nastavnik_updates_total', { messenger: 'telegram', outcome: 'duplicate' })).toBe(1);
    expect(metricValue(after, 'nastavnik_updates_total', { messenger: 'telegram', outcome: 'malformed' })).toBe(1);
    expect(metricValue(after, 'nastavnik_update_handling_seconds_count', { messenger: 'telegram' })).toBe(timedBefore + 5);
    expect(metricValue(after, 'nastavnik_update_handling_seconds_bucket', { messenger: 'telegram', le: '+Inf' })).toBe(timedBefore + 5);
    expect(metricValue(after, 'nastavnik_update_handling_seconds_sum', { messenger: 'telegram' })).toBeGreaterThan(0);
    // The three who opened an invite are asked for consent; the one who only said hello is not in a flow.
    expect(metricValue(after, 'nastavnik_active_flows')).toBe(3);
  });

  it('publishes the scheduler\'s counters (jobs, messages sent, 429s) and counts the jobs due and messages waiting', async () => {
    const stats = createJobStats();
    app.metrics.observeJobs(stats);
    const past = new Date(Date.now() - 60_000);
    await database.db.insert(jobs).values([
      { kind: 'meeting.remind', key: 'metrics-test:1', dueAt: past },
      { kind: 'meeting.remind', key: 'metrics-test:2', dueAt: past },
      { kind: 'meeting.remind', key: 'metrics-test:later', dueAt: new Date(Date.now() + 3_600_000) },
      { kind: 'meeting.remind', key: 'metrics-test:done', dueAt: past, status: 'done' },
    ]);
    const [person] = await database.db.insert(people).values({}).returning({ id: people.id });
    await database.db.insert(outbox).values({ dedupeKey: 'metrics-test:1', personId: person?.id ?? -1, message: { text: 'Напоминание' }, notBefore: past });

    const before = await scrape();
    expect(metricValue(before, 'nastavnik_jobs_due')).toBe(2);
    expect(metricValue(before, 'nastavnik_outbox_pending')).toBe(1);
    expect(metricValue(before, 'nastavnik_outbound_rate_limited_total', { messenger: 'telegram' })).toBe(0);

    stats.jobsRun += 3;
    stats.jobsFailed += 1;
    stats.sent.telegram += 5;
    stats.sent.vk += 2;
    stats.rateLimited.vk += 4;
    stats.sendFailed += 1;
    stats.unreachable += 2;
    stats.rateWaitMs += 1500;
    const after = await scrape();

    expect(metricValue(after, 'nastavnik_jobs_total', { outcome: 'done' })).toBe(3);
    expect(metricValue(after, 'nastavnik_jobs_total', { outcome: 'failed' })).toBe(1);
    expect(metricValue(after, 'nastavnik_jobs_total', { outcome: 'retried' })).toBe(0);
    expect(metricValue(after, 'nastavnik_outbox_sent_total', { messenger: 'telegram' })).toBe(5);
    expect(metricValue(after, 'nastavnik_outbox_sent_total', { messenger: 'vk' })).toBe(2);
    expect(metricValue(after, 'nastavnik_outbound_rate_limited_total', { messenger: 'vk' })).toBe(4);
    expect(metricValue(after, 'nastavnik_outbox_failures_total', { outcome: 'failed' })).toBe(1);
    expect(metricValue(after, 'nastavnik_outbox_failures_total', { outcome: 'unreachable' })).toBe(2);
    expect(metricValue(after, 'nastavnik_outbox_rate_wait_seconds_total')).toBe(1.5);
  });

  it('reports the active flows as NaN rather than hanging when the database is gone, and still answers', async () => {
    const gone = await createTestDatabase();
    const orphan = await createTestApp(gone);
    await gone.drop();

    const text = await orphan.metrics.render();

    expect(metricValue(text, 'nastavnik_active_flows')).toBeNaN();
  });

  it('is 404 on a server that was given no metrics, and refuses a POST', async () => {
    const bare = await startHttpServer({ host: '127.0.0.1', port: 0, logger: createLogger('silent'), ready: async () => true });
    try {
      expect((await get(`${bare.url}/metrics`)).status).toBe(404);
    } finally {
      await bare.close();
    }
    const posted = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(posted.status).toBe(405);
  });
});
