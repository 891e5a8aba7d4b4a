// PostgreSQL goes away while the bot runs (a private throw-away cluster, test/support/pg-cluster.ts:
// the shared server on 5432 is never touched) and comes back. The real grammY and vk-io adapters, in
// every mode, on one application: the bot reconnects by itself; an update that arrived meanwhile is
// handled once it is back; long polling does not confirm an update to Telegram before it is
// handled; a webhook answers an error so the platform delivers the update again, and the
// redelivery changes nothing more.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createVkAdapter, type VkAdapter } from '../../bots/vk/bot';
import { createDatabase, type Database } from '../../db/client';
import type { Platform } from '../../db/schema';
import type { InboundUpdate } from '../../flows/events';
import type { App } from '../../src/app';
import { startHttpServer, TELEGRAM_WEBHOOK_PATH, VK_CALLBACK_PATH, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { answersOf } from '../e2e/support/records';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { startFakeTelegram, waitUntil, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk } from '../support/fake-vk';
import { get, postJson } from '../support/http';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { engineChat, eventually, menteeAtRequests } from './support/journey';

const SECRET = 'restart-secret';
const NEXT_QUESTION = /Чем вы увлекаетесь\?/;
const retry = { initialDelayMs: 100, maxDelayMs: 400 };

let cluster: PgCluster;
let database: Database;
let app: App;
let seeded: SeededProgramme;
let tgPoll: FakeTelegram;
let tgHook: FakeTelegram;
let vkPoll: FakeVk;
let vkHook: FakeVk;
let polling: TelegramAdapter;
let hooked: TelegramAdapter;
let vkPolling: VkAdapter;
let vkHooked: VkAdapter;
let server: HttpServer;
let nextId = 640_000;
const attempts = new Map<string, number>();

beforeAll(async () => {
  // Durable, as a production server is: the crash below must not take committed work with it
  // (the helper's defaults trade that away for speed).
  cluster = await startPgCluster({ durable: true });
  const setup = createDatabase({ url: cluster.url, poolSize: 1 });
  await setup.db.execute('create database nastavnik');
  await setup.close();
  database = createDatabase({ url: cluster.urlFor('nastavnik'), poolSize: 4 });
  app = await createTestApp(database);
  seeded = await seedProgramme(database.db);
  const silent = createLogger(process.env.DEBUG_LOG ?? 'silent');
  [tgPoll, tgHook, vkPoll, vkHook] = await Promise.all([startFakeTelegram(), startFakeTelegram(), startFakeVk(), startFakeVk({ firstEventNumber: 9_000_000 })]);
  // Counts how often each polled update's handling was tried.
  const counted = { handle: (update: InboundUpdate) => (attempts.set(update.updateId, (attempts.get(update.updateId) ?? 0) + 1), app.engine.handle(update)) };
  polling = createTelegramAdapter({ token: tgPoll.token, apiRoot: tgPoll.apiRoot, botInfo: tgPoll.botInfo, handler: counted, logger: silent, throttle: false, handlerRetry: retry, pollTimeoutSeconds: 1 });
  hooked = createTelegramAdapter({ token: tgHook.token, apiRoot: tgHook.apiRoot, botInfo: tgHook.botInfo, handler: app.engine, logger: silent, throttle: false, handlerRetry: retry, mode: 'webhook' });
  vkPolling = createVkAdapter({ token: vkPoll.token, groupId: vkPoll.groupId, apiBaseUrl: vkPoll.apiBaseUrl, handler: app.engine, logger: silent, handlerRetry: retry, pollWaitSeconds: 1 });
  vkHooked = createVkAdapter({ token: vkHook.token, groupId: vkHook.groupId, apiBaseUrl: vkHook.apiBaseUrl, handler: app.engine, logger: silent, handlerRetry: retry, mode: 'webhook' });
  await Promise.all([polling.start(), hooked.start(), vkPolling.start(), vkHooked.start()]);
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: silent,
    ready: () => database.ready(),
    handlerTimeoutMs: 1000,
    readyTimeoutMs: 1000,
    telegram: { secret: SECRET, handleUpdate: hooked.handleWebhookUpdate },
    vk: { confirmation: 'ok-confirm', secret: SECRET, groupId: vkHook.groupId, handleUpdate: vkHooked.handleWebhookUpdate },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await Promise.all([polling?.stop(), hooked?.stop(), vkPolling?.stop(), vkHooked?.stop()]);
  await Promise.all([tgPoll?.close(), tgHook?.close(), vkPoll?.close(), vkHook?.close()]);
  await app?.close();
  await cluster?.destroy();
});

async function menteeReady(platform: Platform): Promise<{ id: number; tick: string; done: string }> {
  const id = ++nextId;
  const buttons = await menteeAtRequests(engineChat(app.engine, platform).user(id), seeded.menteeCode);
  const payload = (label: string) => buttons.find((b) => b.label === label)?.payload ?? '';
  return { id, tick: payload('Олимпиады и конкурсы'), done: payload('Готово ✔') };
}

/** Posts again until accepted, as Telegram and VK do with an update that got an error; false after 5 tries. */
async function redeliver(post: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    if (await post()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

const callback = (id: number, data: string, updateId: number): Update => ({
  update_id: updateId,
  callback_query: { id: `cb-${updateId}`, from: { id, is_bot: false, first_name: 'Тест', language_code: 'ru' }, chat_instance: `ci-${id}`, data },
});

describe('PostgreSQL crashing and starting again, then restarted cleanly, while the bot runs', () => {
  it('handles every update that arrived meanwhile once it is back, on every adapter, once each', async () => {
    const [viaPolling, viaWebhook, viaVkPolling, viaVkCallback] = [
      await menteeReady('telegram'),
      await menteeReady('telegram'),
      await menteeReady('vk'),
      await menteeReady('vk'),
    ];
    expect((await get(`${server.url}/readyz`)).status).toBe(200);

    const hookTick = callback(viaWebhook.id, viaWebhook.tick, 50_001);
    const hookDone = callback(viaWebhook.id, viaWebhook.done, 50_002);
    const hookUser = vkHook.user(viaVkCallback.id, { lang: 'ru' });
    const vkTick = hookUser.pressCallback({ p: viaVkCallback.tick });
    const vkDone = hookUser.pressCallback({ p: viaVkCallback.done });
    const user = tgPoll.user(viaPolling.id, { languageCode: 'ru' });
    let tick = 0;
    let done = 0;

    await cluster.stop('immediate');
    try {

    // Telegram, long polling: the updates are fetched and their handling retried; none is confirmed
    // (the next getUpdates, which would confirm them, waits until they are handled).
    tick = user.press(viaPolling.tick);
    done = user.press(viaPolling.done);
    await waitUntil(() => (attempts.get(String(tick)) ?? 0) >= 3, 10_000, 'the handling of the update to be tried again');
    expect(tgPoll.lastAcknowledgedOffset).toBeLessThanOrEqual(tick);
    expect(tgPoll.pendingUpdates()).toBe(2);

    // Telegram, webhook: answered with an error, so Telegram will deliver it again.
    expect((await tgHook.postWebhook(`${server.url}${TELEGRAM_WEBHOOK_PATH}`, hookTick, SECRET)).status).toBe(500);

    // VK, long poll: the events are taken and their handling retried.
    const vkUser = vkPoll.user(viaVkPolling.id, { lang: 'ru' });
    vkUser.pressCallback({ p: viaVkPolling.tick });
    vkUser.pressCallback({ p: viaVkPolling.done });

    // VK, Callback API: answered with an error, not "ok", so VK will send it again.
    const refused = await postJson(`${server.url}${VK_CALLBACK_PATH}`, { ...vkTick, secret: SECRET });
    expect(refused.status).toBe(500);
    expect(refused.body).not.toBe('ok');

    expect((await get(`${server.url}/readyz`)).status).toBe(503);
    } finally {
      await cluster.start();
    }
    await eventually(async () => (await get(`${server.url}/readyz`)).status === 200, 'readiness after the restart', 20_000);

    // The platforms deliver what was refused again (a few times, until it is accepted), and what came after.
    for (const update of [hookTick, hookDone]) {
      expect(await redeliver(async () => (await tgHook.postWebhook(`${server.url}${TELEGRAM_WEBHOOK_PATH}`, update, SECRET)).status === 200)).toBe(true);
    }
    for (const event of [vkTick, vkDone]) {
      expect(await redeliver(async () => (await postJson(`${server.url}${VK_CALLBACK_PATH}`, { ...event, secret: SECRET })).body === 'ok')).toBe(true);
    }

    await waitUntil(() => tgPoll.sentTo(viaPolling.id).some((m) => NEXT_QUESTION.test(m.text ?? '')), 20_000, 'the polled updates');
    await waitUntil(() => vkPoll.sentTo(viaVkPolling.id).some((m) => NEXT_QUESTION.test(m.text)), 20_000, 'the long-polled events');
    await waitUntil(() => tgPoll.lastAcknowledgedOffset > done, 10_000, 'the confirmation of the polled updates');

    const chats = [
      tgPoll.sentTo(viaPolling.id).map((m) => m.text ?? ''),
      tgHook.sentTo(viaWebhook.id).map((m) => m.text ?? ''),
      vkPoll.sentTo(viaVkPolling.id).map((m) => m.text),
      vkHook.sentTo(viaVkCallback.id).map((m) => m.text),
    ];
    expect(chats.map((texts) => texts.filter((t) => NEXT_QUESTION.test(t)).length)).toEqual([1, 1, 1, 1]);
    for (const [platform, mentee] of [
      ['telegram', viaPolling],
      ['telegram', viaWebhook],
      ['vk', viaVkPolling],
      ['vk', viaVkCallback],
    ] as const) {
      expect((await answersOf(database.db, platform, mentee.id)).get('requests')).toEqual({ kind: 'multi', options: ['olympiads'] });
    }
  }, 90_000);

  it('keeps working after a second, clean restart, on connections it opened itself', async () => {
    const mentee = await menteeReady('telegram');
    await cluster.restart();

    const user = tgPoll.user(mentee.id, { languageCode: 'ru' });
    user.press(mentee.tick);
    user.press(mentee.done);

    await waitUntil(() => tgPoll.sentTo(mentee.id).some((m) => NEXT_QUESTION.test(m.text ?? '')), 20_000, 'the next question');
    await eventually(async () => (await answersOf(database.db, 'telegram', mentee.id)).has('requests'), 'the answer');
  }, 60_000);
});
