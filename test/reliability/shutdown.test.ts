// SIGTERM to the real bot process (`tsx src/main.ts`, Telegram long polling and VK Bots Long Poll,
// the scheduler on): updates in the middle of being handled finish, their replies go out and the
// Telegram batch is confirmed; the scheduler stops claiming jobs before that; the process exits 0.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, type Platform } from '../../db/schema';
import type { App } from '../../src/app';
import { personOf } from '../e2e/support/records';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk } from '../support/fake-vk';
import { startBotProcess, type BotProcess } from './support/bot-process';
import { eventually, menteeAtRequests, engineChat } from './support/journey';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let vk: FakeVk;
let bot: BotProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
  tg = await startFakeTelegram();
  vk = await startFakeVk();
});

afterAll(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited();
  await tg?.close();
  await vk?.close();
  await app?.close();
  await database?.drop();
});

async function menteeReady(platform: Platform, id: number): Promise<{ personId: number; tick: string }> {
  const buttons = await menteeAtRequests(engineChat(app.engine, platform).user(id), seeded.menteeCode);
  return { personId: (await personOf(database.db, platform, id))?.id ?? -1, tick: buttons.find((b) => b.label === 'Олимпиады и конкурсы')?.payload ?? '' };
}

describe('SIGTERM to the bot process', () => {
  it('lets the updates in flight finish and be answered, stops the scheduler claiming first, and exits 0', async () => {
    const telegramMentee = await menteeReady('telegram', 660_001);
    const vkMentee = await menteeReady('vk', 660_002);
    bot = startBotProcess({
      DATABASE_URL: database.url,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_THROTTLE: 'false',
      VK_TOKEN: vk.token,
      VK_GROUP_ID: String(vk.groupId),
      VK_API_BASE_URL: vk.apiBaseUrl,
    });
    await bot.waitForLog('telegram long polling started');
    await bot.waitForLog('vk long polling started');
    await bot.waitForLog('scheduler started');

    // Another session holds both people's rows: their updates wait inside the engine, in flight.
    const blocker = postgres(database.url, { max: 3, onnotice: () => undefined });
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = (): void => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const transaction = blocker.begin(async (tx) => {
      await tx`select id from people where id in ${tx([telegramMentee.personId, vkMentee.personId])} for update`;
      locked();
      await released;
    });
    try {
      await holding;
      const pressed = tg.user(660_001, { languageCode: 'ru' }).press(telegramMentee.tick);
      vk.user(660_002, { lang: 'ru' }).pressCallback({ p: vkMentee.tick });
      await eventually(async () => {
        const [row] = await blocker<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        return (row?.n ?? 0) >= 2;
      }, 'both updates to wait for the row locks');

      bot.kill('SIGTERM');
      await bot.waitForLog('scheduler stopped');
      // A job falls due now: the stopping instance must leave it for another.
      await database.db.insert(jobs).values({ kind: 'reliability.probe', key: 'probe:shutdown', dueAt: new Date(Date.now() - 1000) });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(bot.child.exitCode).toBeNull();

      release();
      await transaction;
      expect(await bot.exited()).toBe(0);

      // Both in-flight updates were handled and answered before the exit, and Telegram was told.
      expect(tg.sentTo(660_001).map((m) => m.text ?? '').some((t) => /С чем вам хотелось бы помощи/.test(t))).toBe(true);
      expect(vk.sentTo(660_002).map((m) => m.text).some((t) => /С чем вам хотелось бы помощи/.test(t))).toBe(true);
      expect(tg.lastAcknowledgedOffset).toBeGreaterThan(pressed);
      expect(tg.pendingUpdates()).toBe(0);
      const [probe] = await database.db.select().from(jobs).where(eq(jobs.key, 'probe:shutdown'));
      expect(probe).toMatchObject({ status: 'pending', attempts: 0 });
      const order = ['shutting down', 'scheduler stopped', 'telegram long polling stopped', 'vk long polling stopped'].map((m) => bot?.logMessages().indexOf(m) ?? -1);
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    } finally {
      release();
      await blocker.end();
    }
  }, 90_000);
});
